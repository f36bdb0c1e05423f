"""The line loop: a source's lines cut into draft questions, nothing decided yet.

Structure is found line by line (numbered lines, options, answer and
metadata lines, code fences); everything between markers is kept as the
author's Markdown, with the line and column where it starts. Only what a
line's place alone shows is reported here (an unclosed fence, a second
answer, a repeated key); what a question means is assemble.py's business,
so this loop stays about where text belongs.
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from exporter.diagnostics import Reporter
from exporter.model import Location, MatchPair, QuestionType
from exporter.readers.markdown import syntax
from exporter.readers.markdown.labels import LabelPlan


@dataclass
class Body:
    """Lines of one part of a question (stem, option, answer, feedback)."""

    line: int
    lines: list[str] = field(default_factory=list)
    column: int = 1  # where the first line's text starts in the source

    def raw(self) -> str:
        return "\n".join(self.lines)

    def text(self) -> str:
        if len(self.lines) == 1:
            return self.lines[0].strip()
        first, rest = (self.lines[0], self.lines[1:]) if self.lines else ("", [])
        return (first.strip() + "\n" + textwrap.dedent("\n".join(rest))).strip("\n").strip()

    def has_text(self) -> bool:
        return any(line.strip() for line in self.lines)


@dataclass
class PoolLine:
    """A `::: pool ...` line: where it stands, its attributes as written (their meaning is
    pools.py's business) and how many questions it opened before its `:::`."""

    line: int
    attributes: str
    column: int  # of the attributes' first character
    questions: int = 0
    nested: bool = False  # inside another pool: an error, its questions stay in the outer one


@dataclass
class Draft:
    """A question while its lines are read."""

    line: int
    label: str = ""
    stem: Body | None = None
    options: list[tuple[str, int, Body]] = field(default_factory=list)  # letter as written
    answer: Body | None = None
    meta: dict[str, tuple[int, str]] = field(default_factory=dict)
    feedback: Body | None = None
    option_feedback: dict[str, tuple[int, Body]] = field(default_factory=dict)
    option_grades: dict[str, tuple[Location, str]] = field(default_factory=dict)  # `Grade (B): 50%`
    pairs: list[MatchPair] = field(default_factory=list)
    distractors: list[str] = field(default_factory=list)  # `- -> right` of a matching question
    stray: list[int] = field(default_factory=list)  # lines of text after one-line metadata
    follows: int = 0  # for a question with no numbered line: the line of the one before
    section: tuple[int, str] | None = None  # the heading (line, title) the question stands under
    pool: PoolLine | None = None  # the pool the question stands in
    fields: bool = False  # a field-list question (`- Question:`, `- Choices:`, `- Answer:`)
    starred: set[int] = field(default_factory=set)  # indexes of options written `*a)`
    unkeyed_list: int = 0  # the line of a list that could hold options but marks no key

    @property
    def declared_type(self) -> QuestionType | None:
        """The type its `Type:` line names, if any."""
        return syntax.question_type(self.meta.get("type", (0, ""))[1])

    def is_closed(self) -> bool:
        """A question is complete once its answer is read; options then start another."""
        return bool(self.answer and self.answer.lines[0].strip()) or not self.options


@dataclass
class Scanned:
    """What the line loop found: the questions, and the lines before the first one."""

    drafts: list[Draft] = field(default_factory=list)
    title_lines: list[tuple[int, str]] = field(default_factory=list)  # line 0: inside a fence
    pools: list[PoolLine] = field(default_factory=list)


def scan(lines: list[str], first_line: int, report: Reporter) -> Scanned:
    """Read ``lines`` from line number ``first_line`` (after any front matter) into drafts."""
    scanner = _Scanner(report, LabelPlan.of(lines, first_line), lines)
    for number in range(first_line, len(lines) + 1):
        scanner.line(number, lines[number - 1])
    if scanner.fence_line:
        report.error(scanner.fence_line, f"code fence {scanner.fence} opened here is never closed")
    if scanner.pool is not None:
        report.error(scanner.pool.line, "this pool is never closed: end it with a line `:::` "
                                        "after its last question")
    if not scanner.found.drafts:
        _no_question(lines, first_line, report)
    return scanner.found


def _no_question(lines: list[str], first_line: int, report: Reporter) -> None:
    """"No question found", with the line that comes closest to one, or the format the file
    is really in."""
    text = "\n".join(lines)
    if syntax.GIFT_TITLE.search(text) and syntax.GIFT_BLOCK.search(text) or \
            len(syntax.GIFT_BLOCK.findall(text)) >= 2:
        line = next(n for n, line in enumerate(lines, start=1) if "{" in line or "::" in line)
        report.error(line, "this file is GIFT (Moodle's plain-text format: `::title::` and "
                           "`{=right ~wrong}` answers), not a Markdown quiz: read it as GIFT "
                           "(`--from gift`, or name it `.gift`)")
        return
    near = next(((n, line) for n, line in enumerate(lines[first_line - 1:], start=first_line)
                 if syntax.NEAR_LABEL.match(line)), None)
    if near:
        report.error(near[0], f"no question found: `{near[1].strip()[:40]}` looks like a question "
                              "but is not read as one: start it `1. ` at column 0 (or `### Q1.`, "
                              "`**1.**`, `Q1:`)")
    else:
        report.error(max(1, first_line), "no question found: questions start with a line `1.` or "
                                         "`1)` at column 0, or `### Q1.`, `**1.**`, `Q1:`")


_KNOWN_KEYS = syntax.META_KEYS + ("answer",)


def mistyped_key(line: str) -> tuple[str, str] | None:
    """(the key as written, the known key it is closest to) for a metadata line whose key
    is misspelled (`Poinst:`, `Tag:`); None for any other line."""
    match = syntax.KEY_LINE.match(line)
    if not match:
        return None
    key = match.group(1)
    if key.lower() in _KNOWN_KEYS:
        return None
    import difflib  # only for a line that is almost a key

    close = difflib.get_close_matches(key.lower(), _KNOWN_KEYS, n=1, cutoff=0.8)
    return (key, close[0].capitalize()) if close and close[0] != key.lower() else None


# First characters of the lines that may open a fence: others skip the fence test
FENCE_STARTS = frozenset(" \t`~")
# First characters of the lines that may be a heading, a rule or a `<br>` line
_STRUCTURE_STARTS = frozenset("#-*_< \t")


class _Scanner:
    def __init__(self, report: Reporter, plan: LabelPlan, lines: list[str]) -> None:
        self.report = report
        self.plan = plan
        self.lines = lines
        self.found = Scanned()
        self.drafts = self.found.drafts
        self.fence_line = 0  # line of the open fence, 0 outside fences
        self.fence = ""
        self.sink: list[str] | None = None  # the lines of the part being read
        self.section: tuple[int, str] | None = None  # the heading questions now stand under
        # the fenced divs open (`:::`): a pool, or the line of any other div, whose `:::` is text
        self.divs: list[PoolLine | int] = []
        self.answer_below = False  # an `Answer:` with no value: the value is on the lines below

    def line(self, number: int, line: str) -> None:
        if self.fence_line:
            self._append(line)
            if syntax.closes_fence(line, self.fence):
                self.fence_line = 0
            return
        first = line[:1]
        if first in FENCE_STARTS and (fence := syntax.opening_fence(line)) is not None:
            self.fence_line, self.fence = number, fence
            self._append(line)
            return
        if first == ":" and self._div(number, line):
            return
        if label := (self.plan.labels.get(number) if self.plan.labels is not None else
                     syntax.question_label(line) if first.isdigit() else None):
            if self.plan.reads(label):
                self._start(number, label)
                return
            if label.style in ("heading", "bold", "q") or self.drafts and \
                    self.drafts[-1].answer is not None and self.sink is self.drafts[-1].answer.lines:
                self.report.warning(number, "this line looks like a question label but is read as "
                                            f"text: this file's questions start with `{self.plan.example}`")
        if first in _STRUCTURE_STARTS and (first == "#" or line.rstrip()[-1:] in "-*_>") and \
                self._structure(number, line):
            return
        if self.divs and self.pool is not None and not self.pool.questions:
            self._before_first_in_pool(number, line)
            return
        draft = self.drafts[-1] if self.drafts else None
        if draft is None:
            self.found.title_lines.append((number, line))
            return
        if self.answer_below:
            if line.strip():
                self._answer_below(draft, number, line)
                return
            self.answer_below = False
        if first in "YyNnSs" and syntax.GRADER_STATUS.match(line):
            return  # `Yes, the answer is correct.`, `Score: 1`: a graded copy's status, not the quiz
        if first in "<?! \t" and first and line.lstrip(" \t")[:1] in ("<", "?", "!") and \
                (frame := syntax.COLLAPSED.match(line)):
            line = " " * frame.end() + line[frame.end():]  # a collapsed block's frame: read the rest
            if not line.strip():
                return
        if self._keyed(draft, number, line):
            return
        if line and (option := syntax.option(line, first=draft.answer is not None or
                                               not draft.options)):
            self._add_option(draft, number, *option)
        elif "->" in line and draft.declared_type is QuestionType.MATCHING and \
                (pair := syntax.PAIR.match(line) or syntax.DISTRACTOR.match(line)):
            if pair.re is syntax.DISTRACTOR.compiled:
                draft.distractors.append(pair.group(1))
            else:
                draft.pairs.append(MatchPair(pair.group(1), pair.group(2), number))
            self.sink = None
        elif self.sink is not None:
            self.sink.append(line)
        elif line.strip():
            draft.stray.append(number)

    def _append(self, line: str) -> None:
        if self.sink is not None:
            self.sink.append(line)
        elif not self.drafts:
            self.found.title_lines.append((0, line))

    def _keyed(self, draft: Draft, number: int, line: str) -> bool:
        """Answer, metadata and field lines (and a mistyped key): whether the line was one."""
        # they hold a colon (or read "the answer is"): most lines skip every pattern here
        keyed = ":" in line
        if keyed and draft.fields and (field := syntax.FIELD.match(line)):
            self._field(draft, number, field)
        elif (keyed or " is" in line) and (match := syntax.ANSWER.match(line)):
            self._answer(draft, number, match)
        elif keyed and (match := syntax.META.match(line)):
            self._meta(draft, number, match)
        elif keyed and (likely := mistyped_key(line)):
            self.report.error(number, f"`{likely[0]}:` is not a metadata key: did you mean "
                                      f"`{likely[1]}:`?")
            self.sink = None
        else:
            return False
        return True

    @property
    def pool(self) -> PoolLine | None:
        """The pool open here, if any."""
        return next((div for div in self.divs if isinstance(div, PoolLine)), None)  # the outermost

    def _div(self, number: int, line: str) -> bool:
        """`::: pool ...` and `:::` at column 0: a pool opens or closes, ending the text
        before it. Whether the line was one; any other div's lines are text."""
        if opening := syntax.POOL_OPEN.match(line):
            if self.pool is not None:
                self.report.error(number, "a pool cannot hold another pool: the pool opened at "
                                          f"line {self.pool.line} is still open (close it with "
                                          "`:::` first)")
                self.divs.append(PoolLine(number, "", 1, nested=True))
            else:
                pool = PoolLine(number, opening.group(1), opening.start(1) + 1)
                self.found.pools.append(pool)
                self.divs.append(pool)
            self.sink, self.answer_below = None, False
            return True
        if syntax.DIV_CLOSE.match(line):
            if not self.divs:
                self.report.error(number, "this `:::` closes no pool: a pool opens with a line "
                                          "`::: pool pick=N`")
                return True
            closed = self.divs.pop()
            if not isinstance(closed, PoolLine):
                return False  # another div's end: text, as its opening line was
            if not closed.questions and not closed.nested:
                self.report.error(closed.line, "this pool holds no question: put the questions "
                                               "to draw from between its line and `:::`")
            self.sink, self.answer_below = None, False
            return True
        if syntax.DIV_OPEN.match(line):
            self.divs.append(number)
        return False

    def _before_first_in_pool(self, number: int, line: str) -> None:
        """A line in a pool before its first question belongs to no question."""
        if line[:1] == "#" and syntax.HEADING.match(line):
            self._heading_in_pool(number)
        elif line.strip() and not syntax.RULE.match(line) and not syntax.BREAKS.match(line):
            self.report.warning(number, "this text stands in the pool before its first question "
                                        "and belongs to no question: it is ignored")

    def _heading_in_pool(self, number: int) -> None:
        self.report.error(number, f"a heading inside the pool opened at line {self.pool.line}: "
                                  "close the pool (`:::`) before the heading, or remove it")
        self.sink = None

    def _structure(self, number: int, line: str) -> bool:
        """Headings, rules and line breaks between questions: they end a question's text and
        belong to none. A heading starts a section (before any question, it is the title)."""
        if not self.drafts:
            return False
        if line[0] == "#":
            if (heading := syntax.HEADING.match(line)) and not self._inside_stem(number):
                if self.pool is not None:
                    self._heading_in_pool(number)
                    return True
                self.section = (number, heading.group(1))
                self.sink = None
                return True
            return False
        if syntax.RULE.match(line):
            self.sink = None
            return True
        return bool(syntax.BREAKS.match(line))

    def _first_section(self) -> None:
        """A heading right above the first question (not the title): its section."""
        titled = [(index, line) for index, (number, line) in enumerate(self.found.title_lines)
                  if line.strip()]
        if len(titled) < 2 or self.found.title_lines[titled[-1][0]][0] == 0:
            return
        index, line = titled[-1]
        if heading := syntax.HEADING.match(line):
            self.section = (self.found.title_lines[index][0], heading.group(1))
            del self.found.title_lines[index:]

    def _inside_stem(self, number: int) -> bool:
        """A heading in a stem still being written: the question has no options or answer
        yet, and its options or answer follow the heading, before any next question."""
        draft = self.drafts[-1]
        if draft.options or draft.answer is not None or self.sink is not draft.stem.lines:
            return False
        for _, line in syntax.outside_code(self.lines, number):
            if (label := syntax.question_label(line)) and self.plan.reads(label) or \
                    syntax.HEADING.match(line):
                return False
            if ":" in line and syntax.ANSWER.match(line) or syntax.option(line, first=True):
                return True
        return False

    def _field(self, draft: Draft, number: int, field: re.Match[str]) -> None:
        """One field of a field-list question: `- Choices: a; b; c` become options A, B, C;
        `- Answer:` names a choice by its text; the others are metadata and feedback."""
        name, value = field.group(1).lower(), field.group(2)
        column = field.start(2) + 1
        if name in ("choices", "options"):
            offset = 0
            for letter, choice in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", value.split(";")):
                text = choice.strip()
                draft.options.append((letter, number, Body(number, [text], column + offset +
                                                           choice.find(text[:1] or " "))))
                offset += len(choice) + 1
            self.sink = None
        elif name.startswith(("answer", "correct")):
            draft.answer = Body(number, [value], column)
            self.sink = draft.answer.lines
        elif name in ("explanation", "feedback"):
            draft.feedback = Body(number, [value], column)
            self.sink = draft.feedback.lines
        else:
            draft.meta[name] = (number, value)
            self.sink = None

    def _start(self, number: int, label: syntax.Label) -> None:
        self.answer_below = False
        if not self.drafts:
            self._first_section()
        draft = Draft(number, label.label, Body(number, [label.rest], label.column),
                      section=self.section, pool=self.pool, fields=label.style == "field")
        if draft.pool is not None:
            draft.pool.questions += 1
        self.drafts.append(draft)
        self.sink = draft.stem.lines

    def _add_option(self, draft: Draft, number: int, letter: str, rest: str, column: int,
                    starred: bool) -> None:
        if draft.answer is not None and draft.is_closed():
            # Options after an answer, with no numbered line: a stem was lost.
            previous = draft
            draft = Draft(number, stem=Body(number), follows=previous.line)
            orphan = previous.answer.lines[1:]
            if any(line.strip() for line in orphan):
                # Text after the answer, then options: a question that lost only its number.
                first = next(i for i, line in enumerate(orphan) if line.strip())
                draft.line = previous.answer.line + 1 + first
                draft.stem = Body(draft.line, orphan[first:])
                previous.answer.lines[1:] = []
            self.drafts.append(draft)
        body = Body(number, [rest], column)
        draft.options.append((letter, number, body))
        if starred:
            draft.starred.add(len(draft.options) - 1)
        self.sink = body.lines

    def _answer(self, draft: Draft, number: int, match: re.Match[str]) -> None:
        if draft.answer is not None:
            self.report.error(number, f"a second Answer: line for the question at line {draft.line} "
                                      f"(the first is at line {draft.answer.line})")
            self.sink = None
            return
        draft.answer = Body(number, [match.group(1)], match.start(1) + 1)
        self.sink = draft.answer.lines
        # `Accepted Answers:` with the value on the lines below (an essay's runs on as its text)
        self.answer_below = not match.group(1) and \
            draft.declared_type is not QuestionType.ESSAY

    def _answer_below(self, draft: Draft, number: int, line: str) -> None:
        """A line of an answer given below its `Answer:` line: each one key (`b. 7`)."""
        answer = draft.answer
        if not answer.lines[0]:
            answer.line, answer.column = number, len(line) - len(line.lstrip()) + 1
        answer.lines[0] = "; ".join(filter(None, (answer.lines[0], line.strip())))

    def _meta(self, draft: Draft, number: int, match: re.Match[str]) -> None:
        key, letter, value = " ".join(match.group(1).lower().split()), match.group(2), match.group(3)
        if key == "explanation":
            key = "feedback"
        column = match.start(3) + 1
        if key == "feedback" and letter:
            body = Body(number, [value], column)
            draft.option_feedback[letter.upper()] = (number, body)
            self.sink = body.lines
            return
        if key == "grade" and letter:
            draft.option_grades[letter.upper()] = (Location(number, column), value)
            self.sink = None
            return
        if letter:
            draft.stray.append(number)
            self.sink = None
            return
        if key == "feedback":
            draft.feedback = Body(number, [value], column)
            self.sink = draft.feedback.lines
            return
        if key in draft.meta:
            self.report.warning(number, f"`{match.group(1)}:` repeats line {draft.meta[key][0]}; "
                                        "this one wins")
        draft.meta[key] = (number, value)
        self.sink = None
