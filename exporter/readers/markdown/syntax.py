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
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterator

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


# --- question labels: each convention on its own; question_label() tries them all ---------
# `1. stem`, `1) stem`, and sub-labels `4b. stem`, `4(a) stem`, at column 0.
QUESTION = LazyPattern(r"(\d+(?:\([a-z]\)(?=[.)\s]|\Z)|[a-z](?=[.)]))?)[.)]?(?<=[.)])"
                       r"(?:[ \t]+(.*))?\Z|(\d+\([a-z]\))(?:[ \t]+(.*))?\Z")
# `### Q1. stem`, `#### Question 3.`, `## Question 2`, `### 1. stem`: a label behind heading marks.
HEADING_LABEL = LazyPattern(r"#{1,6}[ \t]+(?:\*\*)?(?:(?:q|question)[ \t]*(\d+[a-z]?)(?:\*\*)?[.):]?"
                            r"|(\d+[a-z]?)(?:\*\*)?[.)])(?:\*\*)?(?:[ \t]+(.*?))?[ \t#]*\Z",
                            re.IGNORECASE)
# `**1.** stem`, `**Q1.** stem`, `**Question 1**`, `**Question 1:** stem`: a label in bold.
BOLD_LABEL = LazyPattern(r"(?:\*\*|__)(?:(?:q|question)[ \t]*)?(\d+[a-z]?)[.):]?(?:\*\*|__)[.):]?"
                         r"(?:[ \t]+(.*))?\Z", re.IGNORECASE)
# `Q1. stem`, `Q1: stem`, `Question 1: stem`: a spelled-out label.
Q_LABEL = LazyPattern(r"(?:q|question)[ \t]*(\d+[a-z]?)[.):](?:[ \t]+(.*))?\Z", re.IGNORECASE)
# `- Question: stem`: the first field of a question in a field-list bank.
FIELD_LABEL = LazyPattern(r"[-*+][ \t]+(?:question|q|prompt)[ \t]*:[ \t]*(.*?)[ \t]*\Z", re.IGNORECASE)
# `- Choices: a; b; c`, `- Answer: b`, `- Type: ...`: the other fields of such a question.
FIELD = LazyPattern(r"[ \t]*[-*+][ \t]+(type|choices|options|answers?|correct(?:[ \t]+answers?)?|"
                    r"explanation|feedback|points|tags|id)[ \t]*:[ \t]*(.*?)[ \t]*\Z", re.IGNORECASE)
# `📌 stem`, `<br/>📌 stem`: a symbol that starts a line (a question when it starts several).
MARKER_LABEL = LazyPattern(r"((?:<br[ \t]*/?>)*[ \t]*([^\w\s\x00-\x7f])\ufe0f?)[ \t]+(\S.*)\Z")
# A line that could carry a label other than `1.`: a file with none skips the label plan.
OTHER_LABELS = LazyPattern(r"^(?:#|\*\*|__|[qQ]|[-*+][ \t]+(?:question|q|prompt)[ \t]*:|<|"
                           r"[^\x00-\x7f])", re.MULTILINE | re.IGNORECASE)
# Symbols that mark options or keys, never questions.
OPTION_SYMBOLS = frozenset("✅✔☑☐⬜✓✗❌✘□■●•◦▪▫○◯-–—")
# Three or more backticks or tildes, then an info string: a code fence line.
FENCE = LazyPattern(r"[ \t]*(`{3,}|~{3,})(.*)\Z")
# `Yes, the answer is correct.`, `No, the answer is incorrect.`, `Score: 1`: the status lines
# of a graded copy (an NPTEL assignment saved after submission), not part of the quiz.
GRADER_STATUS = LazyPattern(r"[ \t]*(?:(?:yes|no),[ \t]+the[ \t]+answer[ \t]+is[ \t]+(?:in)?correct\.?"
                            r"|score:[ \t]*\d+(?:\.\d+)?)[ \t]*\Z", re.IGNORECASE)
# `(A) text`, `- (A) text`: an option, with any letter in brackets, at any indent.
OPTION_PAREN = LazyPattern(r"[ \t]*(?:[-*+][ \t]+)?\(([A-Za-z])\)(?:[ \t]+(.*))?\Z")
# `A) text`, `A. text`, `- A) text`, `  - a. text`: an option in the bare style (see option()).
OPTION_BARE = LazyPattern(r"[ \t]*(?:[-*+][ \t]+)?([A-Za-z])[.)](?:[ \t]+(.*))?\Z")
# `*a) text`: text2qti's correct option, a star before the letter.
OPTION_STARRED = LazyPattern(r"[ \t]*\*([A-Za-z])[.)](?:[ \t]+(.*))?\Z")
# `- text`, `* text`, `+ text`, `1. text` (in a file whose questions have other labels),
# `- [ ] text` / `- [x] text`, `☐ text` / `✅ text`: an item of a list that may hold the options.
LIST_ITEM = LazyPattern(r"([ \t]*)(?:(?:[-*+]|\d{1,3}[.)])[ \t]+(?:\[(?P<box>[ xX])\](?:[ \t]+|\Z)"
                        r"|(?P<tick>[☐⬜□✅✔☑])\ufe0f?[ \t]+)?|(?P<alone>[☐⬜□✅✔☑])\ufe0f?[ \t]+)"
                        r"(?P<text>.*)\Z")
# Checked boxes and ticks: the key among list items.
TICKS = frozenset("xX✅✔☑")
# `**text**` or `__text__`, the whole option in bold: the key, where the others are not bold.
WHOLE_BOLD = LazyPattern(r"(\*\*|__)(?!\s)((?:(?!\1).)+?)(?<!\s)\1\Z")
# `<span style="color: red">text</span>`, `<mark>text</mark>`: the whole option coloured.
WHOLE_COLOURED = LazyPattern(r"<(span)\b[^>]*\bstyle\s*=\s*[\"'][^\"']*color[^>]*>(.*)</span>\Z"
                             r"|<(mark)\b[^>]*>(.*)</mark>\Z", re.IGNORECASE | re.DOTALL)
# `text *` (text2qti's key mark) or `text ✅`: a key mark after the option's text.
TRAILING_MARK = LazyPattern(r"(.*?\S)[ \t]+(?:\*|✅|✔)\ufe0f?\Z")
# `Option One`, `Choice 2`, `Image A`: an option that only stood for something now missing.
PLACEHOLDER = LazyPattern(r"(?:option|choice|answer|image|picture|figure)[ \t]*"
                          r"(?:\d+|[A-Za-z]|one|two|three|four|five|six)\.?\Z", re.IGNORECASE)
# A word: a stem with none outside code, math and images has lost its question.
WORD = LazyPattern(r"[^\W\d_]")
# `![alt](src)`: an image, whose alt text is no question text.
IMAGE = LazyPattern(r"!\[[^\]]*\]\([^)]*\)")
# `  1. stem` (indented), `1 - stem`, `1.stem`, `Question 1 stem`: almost a question label.
NEAR_LABEL = LazyPattern(r"[ \t]+\d+[.)][ \t]+\S|\d+[ \t]*[-–:][ \t]+\S|\d+[.)]\S"
                         r"|(?:q|question)[ \t]*\d+[ \t]+\S", re.IGNORECASE)
# GIFT, Moodle's plain-text format: `::name::` titles and `{=right ~wrong}` answer blocks.
GIFT_TITLE = LazyPattern(r"[ \t]*::[^:\n]+::")
GIFT_BLOCK = LazyPattern(r"\{[^{}\n]*(?:^|[\s}])?[=~#][^{}\n]*\}|\{\s*(?:T|F|TRUE|FALSE)\s*\}", re.MULTILINE)
# `Answer: B`, `Ans: 42`, `**Answer:** B`, `_Ans_: b`, `Correct answer: D`, `Correct Answer(s): A, C`,
# `The correct answer is **B**`, any case: the answer line and its value.
ANSWER = LazyPattern(r"[ \t]*(?:\*\*|__|[*_])?(?:(?:correct[ \t]+|accepted[ \t]+)?(?:answer(?:\(s\)|s)?|ans)"
                     r"(?:\*\*|__|[*_])?[ \t]*:|the[ \t]+(?:correct[ \t]+)?answer[ \t]+is(?=[ \t*_]))"
                     r"(?:\*\*|__)?[ \t]*(.*?)[ \t]*\Z", re.IGNORECASE)
# `**B**` or `__B__`: an answer value in bold, read as what is inside.
BOLD = LazyPattern(r"(\*\*|__)(.*)\1")
# The keys of one-line metadata; `explanation` is another name for `feedback`.
META_KEYS = ("points", "id", "tags", "feedback", "explanation", "shuffle", "language", "type",
             "penalty", "case sensitive", "grade")
# `Points: 2`, `feedback (B): ...`, any case: a metadata line, its key, option letter and value.
_META_KEY_NAMES = "|".join(key.replace(" ", r"[ \t]+") for key in META_KEYS)
META = LazyPattern(rf"(?:\*\*|__)?({_META_KEY_NAMES})(?:[ \t]*\([ \t]*([A-Za-z])[ \t]*\))?"
                   r"(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*(.*?)[ \t]*\Z", re.IGNORECASE)
# `Word: value` at column 0: a line shaped like metadata, whose key may be mistyped (`Poinst:`).
KEY_LINE = LazyPattern(r"([A-Za-z]+)[ \t]*(?:\([ \t]*[A-Za-z][ \t]*\))?[ \t]*:[ \t]*\S")
# `A - text`, `[A] text`, `A: text`: lines shaped like options that no option syntax reads.
UNREAD_OPTION = LazyPattern(r"[ \t]*(?:[-*+][ \t]+)?(?:\[([A-Za-z])\]|([A-Za-z])[ \t]*[-–:])[ \t]+\S")
# `- left -> right`: one pair of a matching question (read only after `Type: matching` or `match`).
# `- -> Madrid`: a distractor of a matching question, a right side that matches nothing.
DISTRACTOR = LazyPattern(r"[ \t]*[-*+][ \t]+->[ \t]+(\S.*?)[ \t]*\Z")
PAIR = LazyPattern(r"[ \t]*[-*+][ \t]+(\S.*?)[ \t]+->[ \t]+(\S.*?)[ \t]*\Z")
# `[[Paris | paris]]`: a cloze blank and its accepted answers, in prose (not code or math).
BLANK = LazyPattern(r"\[\[(.*?)\]\]")
# `|` between alternatives (a short answer's, a blank's), unless escaped `\|`.
ALTERNATIVE_BAR = LazyPattern(r"(?<!\\)\|")
# `---`, `***`, `___`: a horizontal rule, which separates questions and belongs to none.
RULE = LazyPattern(r"[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*\Z")
# `<br>`, `<br/>` alone on a line: spacing between questions, not text.
BREAKS = LazyPattern(r"[ \t]*(?:<br[ \t]*/?>[ \t]*)+\Z", re.IGNORECASE)
# `<details>`, `<summary>Answer</summary>`, `</details>`, `??? note "Show answer"`: the frame of a
# collapsed block (an answer hidden until clicked); what follows the frame on the line is read.
COLLAPSED = LazyPattern(r"[ \t]*(?:(?:</?details\b[^>]*>|<summary\b[^>]*>.*?</summary>)[ \t]*)+"
                        r"|[ \t]*[?!]{3}\+?(?:[ \t]+\w+)?(?:[ \t]+\"[^\"]*\")?[ \t]*\Z", re.IGNORECASE)
# `::: pool id=vae pick=2 points=1 title="Reparameterisation" shuffle=false` at column 0 (pandoc's
# fenced div, any number of colons from three): a pool opens, its attributes in group 1.
POOL_OPEN = LazyPattern(r":{3,}[ \t]*pool(?![\w-])(.*?)[ \t]*\Z")
# `::: note`: any other fenced div opens, whose own `:::` closes it, not a pool.
DIV_OPEN = LazyPattern(r":{3,}[ \t]*\S.*\Z")
# `:::` alone: the innermost open div (a pool) closes.
DIV_CLOSE = LazyPattern(r":{3,}[ \t]*\Z")
# `pick=2`, `title="Week 6: \"VAE\""`: one attribute of a pool's line (a quoted value takes
# `\"` and `\\`); the pool's attributes are these alone, separated by white space.
POOL_ATTRIBUTE = LazyPattern(r'[ \t]+([A-Za-z]+)=(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))(?=[ \t]|\Z)')
POOL_KEYS = ("id", "pick", "points", "title", "shuffle")
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
    "single_choice": QuestionType.SINGLE, "mcq": QuestionType.SINGLE,
    "multiple_answer": QuestionType.MULTIPLE, "multiple_answers": QuestionType.MULTIPLE,
    "multi_select": QuestionType.MULTIPLE, "checkbox": QuestionType.MULTIPLE,
    "true_or_false": QuestionType.TRUEFALSE, "short_answer": QuestionType.SHORT,
    "number": QuestionType.NUMERICAL,
}
# `Shuffle:` values, any case.
TRUTH = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


@dataclass(frozen=True)
class Label:
    """A line that opens a question: its number as written, the stem's start, and the
    convention it follows ("number", "heading", "bold", "q", "marker" or "field")."""

    label: str  # "7", "4b"; "" for a marker, which numbers nothing
    rest: str
    column: int  # of the stem's first character, 1-based
    style: str
    marker: str = ""  # the symbol of a marker label: "📌"


def question_label(line: str) -> Label | None:
    """The question label a line starts with, in any of the conventions above."""
    if not line:
        return None
    first = line[0]
    if first in "-*+" and line[1:2] in (" ", "\t") and ":" in line and \
            (match := FIELD_LABEL.match(line)):
        return _label(match, "", match.group(1), 1, "field")
    if first.isdigit():
        if match := QUESTION.match(line):
            label, rest = (match.group(1), match.group(2)) if match.start(3) < 0 else \
                (match.group(3), match.group(4))
            return _label(match, label, rest, 2 if match.start(3) < 0 else 4, "number")
        return None
    if first == "#":
        if match := HEADING_LABEL.match(line):
            return _label(match, match.group(1) or match.group(2), match.group(3), 3, "heading")
    elif first in "*_":
        if match := BOLD_LABEL.match(line):
            return _label(match, match.group(1), match.group(2), 2, "bold")
    elif first in "qQ":
        if match := Q_LABEL.match(line):
            return _label(match, match.group(1), match.group(2), 2, "q")
    elif (first == "<" or not first.isascii()) and (match := MARKER_LABEL.match(line)):
        if match.group(2) not in OPTION_SYMBOLS:
            return Label("", match.group(3), match.start(3) + 1, "marker", match.group(2))
    return None


def _label(match: re.Match[str], label: str, rest: str | None, rest_group: int, style: str) -> Label:
    column = (match.start(rest_group) if rest else len(match.string)) + 1
    return Label(label, rest or "", column, style)


def alternatives(value: str) -> list[str]:
    """The accepted strings of `a | b`, stripped; `\\|` is a `|` inside one of them."""
    return [alt.strip().replace("\\|", "|") for alt in ALTERNATIVE_BAR.split(value)]


def question_type(value: str) -> QuestionType | None:
    """The type a `Type:` value names (any case; words joined by `-`, `_`, `/` or spaces)."""
    if not value:
        return None
    return TYPE_NAMES.get("_".join(value.lower().replace("-", " ").replace("/", " ").split()))


def opening_fence(line: str) -> str | None:
    """The backticks or tildes of the code fence a line opens, if it opens one.

    A backtick fence whose info string holds a backtick is inline code, not a fence.
    """
    if line.lstrip(" \t")[:3] not in ("```", "~~~"):
        return None
    fence = FENCE.match(line)
    if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
        return fence.group(1)
    return None


def closes_fence(line: str, fence: str) -> bool:
    """Whether a line closes ``fence``: the same character, at least as many, nothing after."""
    if line.lstrip(" \t")[:3] not in ("```", "~~~"):
        return False
    closing = FENCE.match(line)
    return bool(closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence)
                and not closing.group(2).strip())


def unclosed_fence(text: str) -> int:
    """The 1-based line of a code fence the text opens and never closes, else 0."""
    fence, opened = "", 0
    for number, line in enumerate(text.split("\n"), start=1):
        if fence:
            fence = "" if closes_fence(line, fence) else fence
        elif (opening := opening_fence(line)) is not None:
            fence, opened = opening, number
    return opened if fence else 0


def outside_code(lines: list[str], start: int = 0) -> Iterator[tuple[int, str]]:
    """(index, line) of each line from ``start`` that is neither in a fenced code block nor
    one of its fences: the lines whose shape the grammar may read."""
    fence = ""
    for index in range(start, len(lines)):
        line = lines[index]
        if fence:
            fence = "" if closes_fence(line, fence) else fence
        elif (opening := opening_fence(line)) is not None:
            fence = opening
        else:
            yield index, line


def option(line: str, first: bool) -> tuple[str, str, int, bool] | None:
    """The letter, first line, its column and whether it is starred (`*a)`, the key), of
    an option line, if this is one.

    Bare `A)` / `A.` markers are common words' shapes too ("I. e."), so a
    ``first`` option in that style must be A.
    """
    match = OPTION_PAREN.match(line)
    if match and first and match.group(1) in "iIvVxX":
        return None  # `(i) ... (ii) ...`: a numbered statement in a stem, not options
    starred = False
    if not match:
        match = OPTION_BARE.match(line)
        if not match and "*" in line[:8] and (match := OPTION_STARRED.match(line)):
            starred = True
        if not match or first and match.group(1) not in "Aa":
            return None
    column = (match.start(2) if match.group(2) else len(line)) + 1
    return match.group(1), match.group(2) or "", column, starred
