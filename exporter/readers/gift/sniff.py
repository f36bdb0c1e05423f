"""Whether a file is plainly GIFT, from its opening bytes (the registry's cheap sniff).

GIFT banks are often saved as `.txt`, and some as `.md`, so the name is not
enough; but a Markdown quiz may hold braces too (code, TeX). A file is
taken for GIFT only when it plainly is: it names a question (`::name::`)
or a category (`$CATEGORY:`) at the start of a block, or a block ends with
an answer in GIFT's marks (`{=...}`, `{~...}`, `{#...}`, `{T}`), and no
line is a Markdown quiz's numbered question or `Answer:` line.
"""
from __future__ import annotations

import re

_COMMENT = re.compile(r"^[ \t]*//.*$", re.MULTILINE)
_MARKDOWN = re.compile(r"^[ \t]*(?:\d+[.)][ \t]|(?:\*\*)?answer(?:\*\*)?[ \t]*:)", re.IGNORECASE | re.MULTILINE)
_NAMED = re.compile(r"(?:\A|\n[ \t]*\n)[ \t]*(?:::[^\n]*?::|\$CATEGORY:)")
_ANSWER = re.compile(r"(?<!\\)\{[ \t\n]*(?:[=~#%]|(?:T|F|TRUE|FALSE)[ \t\n]*[#}])")


def sniff(head: bytes) -> bool:
    if b"\0" in head:  # binary (a zip package, an image): GIFT is text
        return False
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    text = _COMMENT.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text or _MARKDOWN.search(text):
        return False
    return bool(_NAMED.search(text) or _ANSWER.search(text))
