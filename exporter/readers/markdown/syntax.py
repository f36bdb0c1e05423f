"""The grammar of a Markdown quiz source (FORMAT.md sections 1-2), in one place.

The reader matches lines against these pieces; a Markdown writer imports the
same pieces to escape exactly what the reader would misread, so the two can
never drift apart. Each convention is one public name; the line patterns
are meant for ``match`` on one line (they run to its end), BLANK for
``finditer`` in prose. Patterns compile on first use: importing the grammar
compiles nothing, which keeps start-up cheap.
"""
from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from exporter.model import QuestionType


class LazyPattern:
    """A regular expression compiled on its first use.

    It answers what a compiled pattern answers (``match``, ``finditer``,
    ``groups``...): the first use compiles it and keeps what was asked for on
    the instance, so later calls go straight to the compiled pattern.
    """

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.source, self.flags)

    def __getattr__(self, name: str) -> Any:
        # Reached only for a name not kept yet: compile (once) and keep it. Private and
        # special names are not the pattern's business (copy and pickle probe for them).
        if name.startswith("_"):
            raise AttributeError(name)
        found = getattr(self.compiled, name)
        setattr(self, name, found)
        return found


# `1. stem` or `1) stem` at column 0: the first line of a question and its number.
QUESTION = LazyPattern(r"(\d+)[.)](?:[ \t]+(.*))?\Z")
# Three or more backticks or tildes, then an info string: a code fence line.
FENCE = LazyPattern(r"[ \t]*(`{3,}|~{3,})(.*)\Z")
# `(A) text`, `- (A) text`: an option, with any letter in brackets.
OPTION_PAREN = LazyPattern(r"[ \t]{0,3}(?:[-*+][ \t]+)?\(([A-Za-z])\)(?:[ \t]+(.*))?\Z")
# `A) text`, `A. text`, `- A) text`: an option in the bare style (see option()).
OPTION_BARE = LazyPattern(r"[ \t]{0,3}(?:[-*+][ \t]+)?([A-Za-z])[.)](?:[ \t]+(.*))?\Z")
# `Answer: B`, `Ans: 42`, `**Answer:** B`, any case: the answer line and its value.
ANSWER = LazyPattern(r"[ \t]*(?:\*\*|__)?(?:answer|ans)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?"
                     r"[ \t]*(.*?)[ \t]*\Z", re.IGNORECASE)
# `**B**` or `__B__`: an answer value in bold, read as what is inside.
BOLD = LazyPattern(r"(\*\*|__)(.*)\1")
# The keys of one-line metadata; `explanation` is another name for `feedback`.
META_KEYS = ("points", "id", "tags", "feedback", "explanation", "shuffle", "language", "type",
             "penalty")
# `Points: 2`, `feedback (B): ...`, any case: a metadata line, its key, option letter and value.
META = LazyPattern(rf"({'|'.join(META_KEYS)})"
                   r"(?:[ \t]*\([ \t]*([A-Za-z])[ \t]*\))?[ \t]*:[ \t]*(.*?)[ \t]*\Z", re.IGNORECASE)
# `- left -> right`: one pair of a matching question (read only after `Type: matching`).
PAIR = LazyPattern(r"[ \t]*[-*+][ \t]+(.+?)[ \t]+->[ \t]+(.+?)[ \t]*\Z")
# `[[Paris | paris]]`: a cloze blank and its accepted answers, in prose (not code or math).
BLANK = LazyPattern(r"\[\[(.*?)\]\]")
# `# Title`: a heading before the first question, the quiz title.
HEADING = LazyPattern(r"#{1,6}[ \t]+(.*?)[ \t#]*\Z")
# The value of `ID:`: letters, digits, `-`, `_`, `.` and `:`.
QUESTION_ID = LazyPattern(r"[A-Za-z0-9_.:-]+\Z")
# `Type:` values: every type's own name, and the other names authors use.
TYPE_NAMES = {t.value: t for t in QuestionType} | {
    "multichoice": QuestionType.SINGLE, "multiple_choice": QuestionType.SINGLE,
    "true_false": QuestionType.TRUEFALSE, "tf": QuestionType.TRUEFALSE,
    "numeric": QuestionType.NUMERICAL, "shortanswer": QuestionType.SHORT,
    "match": QuestionType.MATCHING, "fill": QuestionType.CLOZE, "blanks": QuestionType.CLOZE,
}
# `Shuffle:` values, any case.
TRUTH = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def question_type(value: str) -> QuestionType | None:
    """The type a `Type:` value names (any case, `-` or `_`), if any."""
    return TYPE_NAMES.get(value.lower().replace("-", "_"))


def opening_fence(line: str) -> str | None:
    """The backticks or tildes of the code fence a line opens, if it opens one.

    A backtick fence whose info string holds a backtick is inline code, not a fence.
    """
    fence = FENCE.match(line)
    if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
        return fence.group(1)
    return None


def closes_fence(line: str, fence: str) -> bool:
    """Whether a line closes ``fence``: the same character, at least as many, nothing after."""
    closing = FENCE.match(line)
    return bool(closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence)
                and not closing.group(2).strip())


def option(line: str, first: bool) -> tuple[str, str, int] | None:
    """The letter, first line and its column of an option line, if this is one.

    Bare `A)` / `A.` markers are common words' shapes too ("I. e."), so a
    ``first`` option in that style must be A.
    """
    match = OPTION_PAREN.match(line)
    if not match:
        match = OPTION_BARE.match(line)
        if not match or first and match.group(1) not in "Aa":
            return None
    column = (match.start(2) if match.group(2) else len(line)) + 1
    return match.group(1), match.group(2) or "", column
