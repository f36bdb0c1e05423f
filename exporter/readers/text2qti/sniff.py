"""Whether a file is plainly text2qti, from its opening bytes (the registry's cheap sniff).

text2qti quizzes are usually saved as `.txt`, so the name says nothing; and
our own Markdown shares `1.` questions and `a)` options with text2qti, even
`*b)` for the key. A file is taken for text2qti only when it plainly is: a
line at column 0 that only text2qti writes (`Quiz title:`, a `*a)` or `[*]`
choice, `...` feedback, `GROUP`, `=   42`, `____`, an executable
```` ```{.python .run} ```` block), and no line that only
our Markdown writes: front matter, a `# heading`, an `Answer:` line or a
metadata line such as `Type:` or `Feedback:` (`Points:` is both's).
"""
from __future__ import annotations

import re

from exporter.readers.markdown import syntax

_TEXT2QTI = re.compile(r"(?:[Qq]uiz [Tt]itle:|\*[a-zA-Z]\)|\[\*\]|\.\.\.)[ \t]+\S"
                       r"|=[ \t]+[-+\[\d]|(?:GROUP|END_GROUP|___+)[ \t]*\Z"
                       r"|`{3,}[ \t]*\{[^}]*\.run\b")


def sniff(head: bytes) -> bool:
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[0].strip() == "---":
        return False
    plainly = False
    for line in lines:
        if line[:1] in ("", " ", "\t"):
            continue
        if line.startswith("#") or syntax.ANSWER.match(line) or (
                (meta := syntax.META.match(line)) and meta.group(1).lower() != "points"):
            return False
        plainly = plainly or bool(_TEXT2QTI.match(line))
    return plainly
