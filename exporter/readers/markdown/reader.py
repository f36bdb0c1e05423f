"""The Markdown reader: a quiz source file in, a :class:`~exporter.model.Quiz` out.

It reads files as course staff really write them (FORMAT.md sections 1-2):
mixed option markers, code under options, metadata in any case, and
mistakes. Structure is found line by line (numbered lines, options, answer
and metadata lines, code fences); everything between markers is kept as the
author's Markdown for the renderer. Every problem becomes a diagnostic with
its line, and reading goes on, so one run lists every mistake.
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from exporter.readers.markdown import answerline, checks, syntax
from exporter.readers.markdown.decode import decode_source
from exporter.diagnostics import ReadResult, Reporter
from exporter.ids import assign_ids, slug
from exporter.readers.markdown.files import attach_files
from exporter.readers.markdown.frontmatter import split_front_matter
from exporter.model import (Blank, Location, ChoiceAnswer, ClozeAnswer, EssayAnswer, MatchingAnswer,
                            MatchPair, Option, Question, QuestionType, Quiz, ShortAnswer,
                            blank_marker)

@dataclass
class _Body:
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
class _Draft:
    """A question while its lines are read."""

    line: int
    label: str = ""
    stem: _Body | None = None
    options: list[tuple[str, int, _Body]] = field(default_factory=list)  # letter as written
    answer: _Body | None = None
    meta: dict[str, tuple[int, str]] = field(default_factory=dict)
    feedback: _Body | None = None
    option_feedback: dict[str, tuple[int, _Body]] = field(default_factory=dict)
    pairs: list[MatchPair] = field(default_factory=list)
    stray: list[int] = field(default_factory=list)  # lines of text after one-line metadata
    follows: int = 0  # for a question with no numbered line: the line of the one before


def read(path: Path, data: bytes) -> ReadResult:
    """Read one Markdown quiz file's bytes; never raises for any content."""
    report = Reporter(path)
    text = decode_source(data, report)
    if text is None:
        return ReadResult(path, [], report.sorted())
    quiz = read_text(text, path, report)
    attach_files(quiz, path.parent)
    return ReadResult(path, [quiz], report.sorted())


def read_text(text: str, path: Path, report: Reporter) -> Quiz:
    """Read decoded source text (LF line ends, no BOM) into a quiz."""
    return _Reader(text.split("\n"), path, report).read()


class _Reader:
    def __init__(self, lines: list[str], path: Path, report: Reporter):
        self.lines = lines
        self.path = path
        self.report = report
        self.drafts: list[_Draft] = []
        self.title_lines: list[tuple[int, str]] = []
        self.fence_line = 0  # line of the open fence, 0 outside fences
        self.fence = ""
        self.sink: list[str] | None = None

    # -- the line loop -------------------------------------------------
    def read(self) -> Quiz:
        front = split_front_matter(self.lines, self.report)
        for number in range(front.end_line + 1, len(self.lines) + 1):
            self._line(number, self.lines[number - 1])
        if self.fence_line:
            self.report.error(self.fence_line, f"code fence {self.fence} opened here is never closed")
        quiz = self._quiz(front.values)
        for draft in self.drafts:
            question = self._question(draft, quiz)
            if question is not None:
                quiz.questions.append(question)
        self._check_numbering()
        if not self.drafts:
            self.report.error(max(1, front.end_line + 1),
                              "no question found: questions start with a line `1.` or `1)` at column 0")
        assign_ids(quiz, self.report)
        return quiz

    def _line(self, number: int, line: str) -> None:
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
            self.title_lines.append((number, line))
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
            self.title_lines.append((0, line))

    def _start(self, number: int, label: str, rest: str) -> None:
        draft = _Draft(number, label, _Body(number, [rest], len(label) + 3))
        self.drafts.append(draft)
        self.sink = draft.stem.lines

    def _add_option(self, draft: _Draft, number: int, letter: str, rest: str, column: int) -> None:
        if draft.answer is not None and _is_closed(draft):
            # Options after an answer, with no numbered line: a stem was lost.
            previous = draft
            draft = _Draft(number, stem=_Body(number), follows=previous.line)
            orphan = previous.answer.lines[1:]
            if any(line.strip() for line in orphan):
                # Text after the answer, then options: a question that lost only its number.
                first = next(i for i, line in enumerate(orphan) if line.strip())
                draft.line = previous.answer.line + 1 + first
                draft.stem = _Body(draft.line, orphan[first:])
                previous.answer.lines[1:] = []
            self.drafts.append(draft)
        body = _Body(number, [rest], column)
        draft.options.append((letter, number, body))
        self.sink = body.lines

    def _answer(self, draft: _Draft, number: int, match: re.Match) -> None:
        if draft.answer is not None:
            self.report.error(number, f"a second Answer: line for the question at line {draft.line} "
                                      f"(the first is at line {draft.answer.line})")
            self.sink = None
            return
        draft.answer = _Body(number, [match.group(1)], match.start(1) + 1)
        self.sink = draft.answer.lines

    def _meta(self, draft: _Draft, number: int, match: re.Match) -> None:
        key, letter, value = match.group(1).lower(), match.group(2), match.group(3)
        if key == "explanation":
            key = "feedback"
        column = match.start(3) + 1
        if key == "feedback" and letter:
            body = _Body(number, [value], column)
            draft.option_feedback[letter.upper()] = (number, body)
            self.sink = body.lines
            return
        if letter:
            draft.stray.append(number)
            self.sink = None
            return
        if key == "feedback":
            draft.feedback = _Body(number, [value], column)
            self.sink = draft.feedback.lines
            return
        if key in draft.meta:
            self.report.warning(number, f"`{match.group(1)}:` repeats line {draft.meta[key][0]}; "
                                        "this one wins")
        draft.meta[key] = (number, value)
        self.sink = None

    # -- from drafts to the model ----------------------------------------
    def _quiz(self, front: dict) -> Quiz:
        title, description = self._title_block()
        return Quiz(
            title=front.get("title") or title or self.path.stem,
            id=front.get("id") or slug(self.path.stem),
            path=self.path,
            description=front.get("description", description),
            category=front.get("category", ""),
            language=front.get("language"),
            points=float(front.get("points", 1)),
            shuffle=front.get("shuffle", False),
        )

    def _title_block(self) -> tuple[str, str]:
        lines = [text for _, text in self.title_lines]
        for index, text in enumerate(lines):
            if not text.strip():
                continue
            heading = syntax.HEADING.match(text)
            title = heading.group(1) if heading else text.strip()
            return title, "\n".join(lines[index + 1:]).strip()
        return "", ""

    def _question(self, draft: _Draft, quiz: Quiz) -> Question | None:
        report = self.report
        stem = draft.stem.text() if draft.stem else ""
        if draft.follows and stem:
            report.error(draft.line, f"this question follows the answer of the question at line "
                                     f"{draft.follows} with no numbered line: number it (`N. ...`)")
        elif draft.follows:
            report.error(draft.line, "options follow the answer of the previous question with no new "
                                     "numbered line: a question's stem was probably lost here "
                                     "(add `N. stem` above these options)")
        elif not stem and not draft.options and draft.answer is None:
            report.error(draft.line, f"question {draft.label} is empty: no stem, options or answer")
            return None
        elif not stem:
            report.error(draft.line, f"question {draft.label} has no stem: write the question after "
                                     f"`{draft.label}.`")
        for number in draft.stray:
            report.warning(number, "this text follows a metadata line and belongs to no part of "
                                   "the question; it is ignored")
        letters = self._option_letters(draft)
        question = Question(type=QuestionType.SHORT, stem=stem, answer=EssayAnswer(),
                            line=draft.line, label=draft.label, points=quiz.points)
        question.options = [Option(letter.upper(), body.text(), line)
                            for letter, line, body in draft.options]
        self._metadata(draft, question)
        self._decide_type(draft, question, letters)
        for letter, (line, body) in draft.option_feedback.items():
            option = question.option(letter)
            if option is None:
                report.error(line, f"`Feedback ({letter}):` names no option of this question")
            else:
                option.feedback = body.text()
        if draft.feedback:
            question.feedback = draft.feedback.text()
        self._check_texts(draft, question)
        return question

    def _check_texts(self, draft: _Draft, question: Question) -> None:
        bodies = [draft.stem, draft.feedback, *(body for _, body in draft.option_feedback.values()),
                  *(body for _, _, body in draft.options)]
        if question.type is QuestionType.ESSAY:
            bodies.append(draft.answer)
        base_dir = self.path.parent
        for body in bodies:
            if body is not None:
                checks.check_text(body.raw(), body.line, body.column, base_dir, self.report)
        for pair in draft.pairs:
            checks.check_text(pair.left, pair.line, 1, base_dir, self.report)

    def _option_letters(self, draft: _Draft) -> list[str]:
        """The options' letters, upper case; the first repeat or skip is an error."""
        letters: list[str] = []
        reported = False
        for letter, line, _ in draft.options:
            upper = letter.upper()
            expected = chr(ord(letters[-1]) + 1) if letters else "A"
            if upper != expected and not reported:
                reported = True
                if upper in letters:
                    self.report.error(line, f"option ({upper}) repeats an earlier option letter")
                elif letters:
                    self.report.error(line, f"option ({upper}) follows ({letters[-1]}): "
                                            f"expected ({expected})")
                else:
                    self.report.error(line, f"the first option is ({upper}): letters start at (A)")
            letters.append(upper)
        return letters

    def _metadata(self, draft: _Draft, question: Question) -> None:
        report = self.report
        question.parts = {key: Location(line) for key, (line, _) in draft.meta.items()}
        for key, (line, value) in draft.meta.items():
            if key == "points":
                number = _number(value)
                if number is None or number <= 0:
                    report.error(line, f"Points: must be a positive number, not `{value}`")
                else:
                    question.points = number
            elif key == "penalty":
                number = _number(value)
                if number is None or not 0 <= number <= 1:
                    report.error(line, f"Penalty: must be a number from 0 to 1, not `{value}`")
                else:
                    question.penalty = number
            elif key == "id":
                if not syntax.QUESTION_ID.match(value):
                    report.error(line, f"ID: `{value}` must be letters, digits, `-`, `_`, `.` or `:`")
                else:
                    question.id = value
            elif key == "tags":
                question.tags = [tag.strip() for tag in value.split(",") if tag.strip()]
            elif key == "shuffle":
                if value.lower() not in syntax.TRUTH:
                    report.error(line, f"Shuffle: must be true or false, not `{value}`")
                else:
                    question.shuffle = syntax.TRUTH[value.lower()]
            elif key == "language":
                question.language = value or None
            elif key == "type" and syntax.question_type(value) is None:
                report.error(line, f"Type: `{value}` is not a question type (one of "
                                   f"{', '.join(t.value for t in QuestionType)})")

    def _decide_type(self, draft: _Draft, question: Question, letters: list[str]) -> None:
        """Set the type and answer: an explicit `Type:` first, else the answer line decides."""
        report = self.report
        declared_line, declared = draft.meta.get("type", (0, ""))
        declared_type = syntax.question_type(declared)
        answer = draft.answer.lines[0].strip() if draft.answer else ""
        answer_line = draft.answer.line if draft.answer else draft.line
        if draft.answer:
            question.parts["key"] = Location(draft.answer.line, draft.answer.column)
        if answer and (bold := syntax.BOLD.fullmatch(answer)):
            answer = bold.group(2).strip()
        if draft.answer and declared_type is not QuestionType.ESSAY and draft.answer.has_text() and \
                any(line.strip() for line in draft.answer.lines[1:]):
            report.warning(answer_line + 1, "text after the Answer: line is ignored "
                                            "(only an essay's model answer runs over lines)")
        blanks = self._blanks(draft.stem, question)
        if declared_type is QuestionType.ESSAY:
            question.type = QuestionType.ESSAY
            question.answer = EssayAnswer(draft.answer.text() if draft.answer else "")
        elif declared_type is QuestionType.MATCHING or draft.pairs:
            question.type = QuestionType.MATCHING
            if not draft.pairs:
                report.error(declared_line or draft.line, "a matching question needs lines "
                                                          "`- left -> right` and has none")
            question.answer = MatchingAnswer(tuple(draft.pairs))
        elif blanks or declared_type is QuestionType.CLOZE:
            question.type = QuestionType.CLOZE
            if not blanks:
                report.error(declared_line, "a cloze question needs blanks `[[answer]]` in its stem")
            if draft.answer:
                report.warning(answer_line, "a cloze question takes its answers from the [[blanks]]; "
                                            "this Answer: line is ignored")
            question.answer = ClozeAnswer(tuple(blanks))
        elif not answer:
            what = (f"options {letters[0]}–{letters[-1]} need an `Answer:` line naming the correct one"
                    if letters else "add an `Answer:` line (or `Type: essay`)")
            report.error(answer_line if draft.answer else draft.line,
                         f"question {draft.label or 'without a number'} has no answer: {what}")
            question.type = QuestionType.SINGLE if letters else QuestionType.SHORT
            question.answer = ChoiceAnswer(()) if letters else ShortAnswer(())
        else:
            parsed = (answerline.parse_choice(answer, letters) if letters
                      else answerline.parse_open(answer))
            if parsed.error:
                report.error(answer_line, parsed.error, draft.answer.column + parsed.column)
                question.type = QuestionType.SINGLE if letters else QuestionType.SHORT
                question.answer = ChoiceAnswer(()) if letters else ShortAnswer(())
            else:
                question.type, question.answer = parsed.type, parsed.answer
        if declared_type is QuestionType.SHORT and question.type is QuestionType.NUMERICAL:
            # `Type: short` keeps a numeric-looking answer as text ("2024", a postcode).
            question.type = QuestionType.SHORT
            question.answer = ShortAnswer(tuple(alt.strip() for alt in answer.split("|")))
        elif declared_type is QuestionType.MULTIPLE and question.type is QuestionType.SINGLE:
            question.type = QuestionType.MULTIPLE  # "select all that apply" with one right option
        elif declared_type and declared_type is not question.type:
            report.error(declared_line, f"Type: {declared} does not fit this question, which "
                                        f"reads as {question.type.value}")

    def _blanks(self, stem: _Body | None, question: Question) -> list[Blank]:
        """Take `[[a | b]]` blanks out of the stem, leaving markers; code is left alone.

        Positions come from the raw lines (for diagnostics), markers go into
        the stem text the model keeps; both hold the same blanks in order.
        """
        if stem is None:
            return []
        raw = stem.raw()
        blanks: list[Blank] = []
        for match in _prose_matches(syntax.BLANK, raw):
            before = raw[:match.start()]
            line = stem.line + before.count("\n")
            column = match.start() - before.rfind("\n") if "\n" in before else stem.column + match.start()
            accepted = tuple(alt.strip() for alt in match.group(1).split("|"))
            if not all(accepted):
                self.report.error(line, "a cloze blank [[...]] is empty or has an empty "
                                        "alternative", column)
            blanks.append(Blank(accepted, line, column))
        if blanks:
            text = question.stem
            pieces, pos = [], 0
            for index, match in enumerate(_prose_matches(syntax.BLANK, text)):
                pieces += [text[pos:match.start()], blank_marker(index)]
                pos = match.end()
            question.stem = "".join(pieces) + text[pos:]
        return blanks

    def _check_numbering(self) -> None:
        previous: _Draft | None = None
        for draft in self.drafts:
            if not draft.label:
                continue
            if previous is not None:
                expected = int(previous.label) + 1
                if int(draft.label) == int(previous.label):
                    self.report.warning(draft.line, f"question number {draft.label} repeats the "
                                                    f"number of line {previous.line}")
                elif int(draft.label) != expected:
                    self.report.warning(draft.line, f"question number {draft.label} follows "
                                                    f"{previous.label}: expected {expected}")
            previous = draft


def _is_closed(draft: _Draft) -> bool:
    """A question is complete once its answer is read; options then start another."""
    return bool(draft.answer and draft.answer.lines[0].strip()) or not draft.options


def _number(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def _prose_matches(pattern: syntax.LazyPattern, text: str) -> list[re.Match[str]]:
    return [match for start, end in checks.prose_spans(text)
            for match in pattern.finditer(text, start, end)]
