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
from exporter.model import MatchPair
from exporter.readers.markdown import syntax


@dataclass
class Body:
    """Lines of one part of a question (stem, option, answer, feedback)."""

    line: int
    lines: list[str] = field(default_factory=list)
    column: int = 1  # where the first line's text starts in the source

    def raw(self) -> str:
        return "\n".join(self.lines)

    def text(self) -> str:
        first, rest = (self.lines[0], self.lines[1:]) if self.lines else ("", [])
        return (first.strip() + "\n" + textwrap.dedent("\n".join(rest))).strip("\n").strip()

    def has_text(self) -> bool:
        return any(line.strip() for line in self.lines)


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
    pairs: list[MatchPair] = field(default_factory=list)
    stray: list[int] = field(default_factory=list)  # lines of text after one-line metadata
    follows: int = 0  # for a question with no numbered line: the line of the one before

    def is_closed(self) -> bool:
        """A question is complete once its answer is read; options then start another."""
        return bool(self.answer and self.answer.lines[0].strip()) or not self.options


@dataclass
class Scanned:
    """What the line loop found: the questions, and the lines before the first one."""

    drafts: list[Draft] = field(default_factory=list)
    title_lines: list[tuple[int, str]] = field(default_factory=list)  # line 0: inside a fence


def scan(lines: list[str], first_line: int, report: Reporter) -> Scanned:
    """Read ``lines`` from line number ``first_line`` (after any front matter) into drafts."""
    scanner = _Scanner(report)
    for number in range(first_line, len(lines) + 1):
        scanner.line(number, lines[number - 1])
    if scanner.fence_line:
        report.error(scanner.fence_line, f"code fence {scanner.fence} opened here is never closed")
    if not scanner.found.drafts:
        report.error(max(1, first_line),
                     "no question found: questions start with a line `1.` or `1)` at column 0")
    return scanner.found


class _Scanner:
    def __init__(self, report: Reporter) -> None:
        self.report = report
        self.found = Scanned()
        self.drafts = self.found.drafts
        self.fence_line = 0  # line of the open fence, 0 outside fences
        self.fence = ""
        self.sink: list[str] | None = None  # the lines of the part being read

    def line(self, number: int, line: str) -> None:
        if self.fence_line:
            self._append(line)
            if syntax.closes_fence(line, self.fence):
                self.fence_line = 0
            return
        if fence := syntax.opening_fence(line):
            self.fence_line, self.fence = number, fence
            self._append(line)
            return
        if match := syntax.QUESTION.match(line):
            self._start(number, match.group(1), match.group(2) or "")
            return
        draft = self.drafts[-1] if self.drafts else None
        if draft is None:
            self.found.title_lines.append((number, line))
            return
        keyed = ":" in line  # answer and metadata lines hold a colon: most lines skip both patterns
        if keyed and (match := syntax.ANSWER.match(line)):
            self._answer(draft, number, match)
        elif keyed and (match := syntax.META.match(line)):
            self._meta(draft, number, match)
        elif option := syntax.option(line, first=draft.answer is not None or not draft.options):
            self._add_option(draft, number, *option)
        elif draft.meta.get("type", (0, ""))[1].lower() == "matching" and (
                pair := syntax.PAIR.match(line)):
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

    def _start(self, number: int, label: str, rest: str) -> None:
        draft = Draft(number, label, Body(number, [rest], len(label) + 3))
        self.drafts.append(draft)
        self.sink = draft.stem.lines

    def _add_option(self, draft: Draft, number: int, letter: str, rest: str, column: int) -> None:
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
        self.sink = body.lines

    def _answer(self, draft: Draft, number: int, match: re.Match[str]) -> None:
        if draft.answer is not None:
            self.report.error(number, f"a second Answer: line for the question at line {draft.line} "
                                      f"(the first is at line {draft.answer.line})")
            self.sink = None
            return
        draft.answer = Body(number, [match.group(1)], match.start(1) + 1)
        self.sink = draft.answer.lines

    def _meta(self, draft: Draft, number: int, match: re.Match[str]) -> None:
        key, letter, value = match.group(1).lower(), match.group(2), match.group(3)
        if key == "explanation":
            key = "feedback"
        column = match.start(3) + 1
        if key == "feedback" and letter:
            body = Body(number, [value], column)
            draft.option_feedback[letter.upper()] = (number, body)
            self.sink = body.lines
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
