"""Draft questions into the model: what the author's lines mean.

The line loop (scan.py) only decides where each line belongs; what a
question is (its type, its answer, whether its numbers, letters and texts
are right) is decided here, once all its lines are known. Kept apart so the
meaning of a question can change without touching how lines are cut, and
the other way round.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from exporter.diagnostics import Reporter
from exporter.ids import slug
from exporter.model import (Blank, ChoiceAnswer, ClozeAnswer, EssayAnswer, Location, MatchingAnswer,
                            Option, Question, QuestionType, Quiz, Section, ShortAnswer,
                            TrueFalseAnswer, blank_marker)
from exporter.numbers import parse_number
from exporter.readers.markdown import answerline, checks, syntax
from exporter.readers.markdown.grades import read_grades
from exporter.readers.markdown.lists import (Marked, key_styles, list_options, raw_marks,
                                             take_options, usable)
from exporter.readers.markdown.pools import attach_pools
from exporter.readers.markdown.scan import Body, Draft, PoolLine, Scanned
from exporter.render.mathspans import prose_spans


def assemble(found: Scanned, front: dict, path: Path, report: Reporter) -> Quiz:
    """The quiz that a scan's drafts and the front matter's values describe; the drafts are
    used up (``found.drafts`` is left empty)."""
    assembler = _Assembler(path, report)
    quiz = assembler.quiz(front, found.title_lines)
    sections: dict[int, Section] = {}
    members: dict[int, list[Question]] = {}  # each pool line's questions, by its identity
    drafts = found.drafts
    listed = [list_options(d.stem) if not d.options and d.stem else None for d in drafts]
    written = [raw_marks(draft, found_list) for draft, found_list in zip(drafts, listed)]
    styles = key_styles(written)
    numbers = [_Number(draft.label, draft.line, draft.section, draft.pool) for draft in drafts]
    for draft, found_list, raw in _taken(drafts, listed, written):
        marks = take_options(draft, found_list, usable(raw, styles))
        question = assembler.question(draft, quiz, marks)
        if question is None:
            continue
        if draft.section is not None:
            line, title = draft.section
            if line not in sections:
                sections[line] = Section(title)
            question.section = sections[line]
        if draft.pool is not None:
            members.setdefault(id(draft.pool), []).append(question)
        quiz.questions.append(question)
    drafts.clear()
    attach_pools(quiz, found.pools, members, report)
    _check_numbering(numbers, report)
    return quiz


def _taken(*columns: list) -> Iterator[tuple]:
    """The rows of equally long ``columns``, each row's places emptied once the next is
    asked for: a bank's drafts hold as much memory as its questions, and reading would
    otherwise keep both at once (7 MB of a 5,000-question bank's peak)."""
    for index in range(len(columns[0])):
        yield tuple(column[index] for column in columns)
        for column in columns:
            column[index] = None


@dataclass(frozen=True)
class _Number:
    """What the numbering check needs of a draft, kept after the draft is used up."""

    label: str
    line: int
    section: tuple[int, str] | None
    pool: PoolLine | None


class _Assembler:
    def __init__(self, path: Path, report: Reporter) -> None:
        self.path = path
        self.report = report

    def quiz(self, front: dict, title_lines: list[tuple[int, str]]) -> Quiz:
        title, description = _title_block(title_lines)
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

    def question(self, draft: Draft, quiz: Quiz, marks: dict[str, Marked]) -> Question | None:
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
        self._decide_type(draft, question, letters, marks)
        self._drop_unused_options(question)
        self._case(draft, question)
        read_grades(draft.option_grades, question, report)
        self._choice_feedback(draft, question)
        if draft.feedback:
            question.feedback = draft.feedback.text()
        self._check_texts(draft, question)
        checks.check_question_text(question, report)
        return question

    def _choice_feedback(self, draft: Draft, question: Question) -> None:
        """`Feedback (B):` for an option; `Feedback (T):` / `(F):` for a true/false answer."""
        answer = question.answer
        for letter, (line, body) in draft.option_feedback.items():
            option = question.option(letter)
            if isinstance(answer, TrueFalseAnswer) and letter in "TF":
                field = "true_feedback" if letter == "T" else "false_feedback"
                answer = question.answer = dataclasses.replace(answer, **{field: body.text()})
            elif option is None:
                names = ("names neither answer: `Feedback (T):` is for True, `Feedback (F):` "
                         "for False" if isinstance(answer, TrueFalseAnswer)
                         else "names no option of this question")
                self.report.error(line, f"`Feedback ({letter}):` {names}")
            else:
                option.feedback = body.text()

    def _check_texts(self, draft: Draft, question: Question) -> None:
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

    def _option_letters(self, draft: Draft) -> list[str]:
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

    def _metadata(self, draft: Draft, question: Question) -> None:
        report = self.report
        question.parts = {key: Location(line) for key, (line, _) in draft.meta.items()}
        for key, (line, value) in draft.meta.items():
            if key == "points":
                number = parse_number(value)
                if number is None or number <= 0:
                    report.error(line, f"Points: must be a positive number, not `{value}`")
                else:
                    question.points = number
            elif key == "penalty":
                number = parse_number(value)
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
            elif key == "grade":
                report.error(line, "Grade: names no option: write the option's letter, "
                                   "`Grade (B): 50%`")
            elif key == "type" and syntax.question_type(value) is None:
                report.error(line, f"Type: `{value}` is not a question type (one of "
                                   f"{', '.join(t.value for t in QuestionType)})")

    def _drop_unused_options(self, question: Question) -> None:
        """Options of a question whose type has none (a cloze, matching or essay question)
        would be dropped by every target: say so, and keep them out of the model."""
        if question.options and question.type not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            self.report.warning(question.options[0].line, f"a {question.type.value} question has "
                                "no options: these options are ignored")
            question.options = []

    def _case(self, draft: Draft, question: Question) -> None:
        """`Case sensitive: yes`: a short answer compared with its case (Moodle's usecase)."""
        if "case sensitive" not in draft.meta:
            return
        line, value = draft.meta["case sensitive"]
        sensitive = syntax.TRUTH.get(value.lower())
        if sensitive is None:
            self.report.error(line, f"Case sensitive: must be yes or no, not `{value}`")
        elif not isinstance(question.answer, ShortAnswer):
            self.report.error(line, "Case sensitive: applies to short answers only; this "
                                    f"question reads as {question.type.value}")
        else:
            question.answer = ShortAnswer(question.answer.accepted, sensitive)

    def _decide_type(self, draft: Draft, question: Question, letters: list[str],
                     marks: dict[str, Marked]) -> None:
        """Set the type and answer: an explicit `Type:` first, else the answer line decides."""
        report = self.report
        declared_line, declared = draft.meta.get("type", (0, ""))
        declared_type = draft.declared_type
        answer = draft.answer.lines[0].strip() if draft.answer else ""
        answer_line = draft.answer.line if draft.answer else draft.line
        if draft.answer:
            question.parts["key"] = Location(draft.answer.line, draft.answer.column)
        if answer and (bold := syntax.BOLD.fullmatch(answer)):
            answer = bold.group(2).strip()
        elif answer.endswith(("**", "__")) and answer.count(answer[-2:]) == 1:
            answer = answer[:-2].strip()  # `**Answer: b. text**`: the line's bold closes here
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
            question.answer = MatchingAnswer(tuple(draft.pairs), tuple(draft.distractors))
        elif blanks or declared_type is QuestionType.CLOZE:
            question.type = QuestionType.CLOZE
            if not blanks:
                report.error(declared_line, "a cloze question needs blanks `[[answer]]` in its stem")
            if draft.answer:
                report.warning(answer_line, "a cloze question takes its answers from the [[blanks]]; "
                                            "this Answer: line is ignored")
            question.answer = ClozeAnswer(tuple(blanks))
        else:
            self._read_answer(draft, question, answer, letters, marks)
        if declared_type is QuestionType.SHORT and question.type in (QuestionType.NUMERICAL,
                                                                     QuestionType.TRUEFALSE):
            # `Type: short` keeps a numeric-looking answer as text ("2024", a postcode, "true").
            question.type = QuestionType.SHORT
            question.answer = ShortAnswer(tuple(syntax.alternatives(answer)))
        elif declared_type is QuestionType.MULTIPLE and question.type is QuestionType.SINGLE:
            question.type = QuestionType.MULTIPLE  # "select all that apply" with one right option
        elif declared_type and declared_type is not question.type:
            report.error(declared_line, f"Type: {declared} does not fit this question, which "
                                        f"reads as {question.type.value}")

    def _read_answer(self, draft: Draft, question: Question, answer: str, letters: list[str],
                     marks: dict[str, Marked]) -> None:
        """Type and answer from the `Answer:` line's value (letters, true/false, a number...)
        or from the options' marks; where both are given they must agree."""
        marked = tuple(letter for letter in letters if marks.get(letter) and marks[letter].mark)
        if answer and (letters or not self._unread_options(draft, answer)):
            declared = draft.declared_type
            numerical, declared_short = (declared is QuestionType.NUMERICAL,
                                         declared is QuestionType.SHORT)
            if letters and "©" in answer:
                self.report.warning(draft.answer.line, "`©` is read as (c): a PDF or an editor "
                                    "turned `(c)` into the copyright sign", draft.answer.column)
                answer = answer.replace("©", "(c)")
            parsed = (answerline.parse_choice(answer, letters, [o.text for o in question.options])
                      if letters else answerline.parse_open(answer, numerical))
            if parsed.warning and not declared_short:
                self.report.warning(draft.answer.line, parsed.warning, draft.answer.column)
            if not parsed.error:
                question.type, question.answer = parsed.type, parsed.answer
                if marked and isinstance(parsed.answer, ChoiceAnswer) and \
                        parsed.answer.letters != marked:
                    self.report.error(draft.answer.line, f"the Answer: line names "
                                      f"{', '.join(parsed.answer.letters)} but the options mark "
                                      f"{', '.join(marked)}: keep one key")
                return
            self.report.error(draft.answer.line, parsed.error, draft.answer.column + parsed.column)
        elif not answer and marked:
            question.type = QuestionType.SINGLE if len(marked) == 1 else QuestionType.MULTIPLE
            question.answer = ChoiceAnswer(marked)
            return
        elif not answer:
            partly = next((f"option {letter} is {m.partial} in part only, which is not read as "
                           "a key: mark a whole option, or add an `Answer:` line"
                           for letter, m in marks.items() if m.partial), "")
            what = (partly or f"options {letters[0]}–{letters[-1]} need an `Answer:` line naming "
                    "the correct one" if letters else
                    f"the list at line {draft.unkeyed_list} marks no option as right: tick it "
                    "(`- [x]`), make the right one bold, or add an `Answer:` line"
                    if draft.unkeyed_list else "add an `Answer:` line (or `Type: essay`)")
            self.report.error(draft.answer.line if draft.answer else draft.line,
                              f"question {draft.label or 'without a number'} has no answer: {what}")
        question.type = QuestionType.SINGLE if letters else QuestionType.SHORT
        question.answer = ChoiceAnswer(()) if letters else ShortAnswer(())

    def _unread_options(self, draft: Draft, answer: str) -> bool:
        """An answer naming letters where no option was read: an error naming the lines that
        look like options in a shape no syntax reads, never a short answer keyed "B". A lone
        letter with nothing option-like above it is a warning (`Type: short` silences it)."""
        named = answerline.letters_in(answer)
        if not named:
            return False
        stem = draft.stem.lines if draft.stem else []
        shaped = [(draft.stem.line + index, line.strip()) for index, line in enumerate(stem)
                  if syntax.UNREAD_OPTION.match(line)]
        if shaped:
            where = ", ".join(str(number) for number, _ in shaped)
            self.report.error(draft.answer.line, f"answer `{answer}` names option letters, but no "
                              f"options were read: line{'s' * (len(shaped) > 1)} {where} look like "
                              f"options (`{shaped[0][1][:30]}`) in a shape no option syntax reads; "
                              "write them `(A) text` or `A) text`")
            return True
        declared = draft.declared_type
        if len(named) > 1 and declared is not QuestionType.SHORT:
            self.report.error(draft.answer.line, f"answer `{answer}` names option letters, but "
                                                 "the question has no options: write them "
                                                 "`(A) text`, or add `Type: short`")
            return True
        if len(named) == 1 and len(answer.strip("() ")) == 1 and declared is not QuestionType.SHORT:
            self.report.warning(draft.answer.line, f"answer `{answer}` is read as the short answer "
                                "text \"" + answer.strip("() ") + "\", as no options were read: "
                                "write options as `(A) text`, or add `Type: short` if the answer "
                                "is that letter")
        return False

    def _blanks(self, stem: Body | None, question: Question) -> list[Blank]:
        """Take `[[a | b]]` blanks out of the stem, leaving markers; code is left alone.

        Positions come from the raw lines (for diagnostics), markers go into
        the stem text the model keeps; both hold the same blanks in order.
        """
        if stem is None:
            return []
        raw = stem.raw()
        if "[[" not in raw:
            return []
        blanks: list[Blank] = []
        for match in _prose_matches(syntax.BLANK, raw):
            before = raw[:match.start()]
            line = stem.line + before.count("\n")
            column = (match.start() - before.rfind("\n") if "\n" in before
                      else stem.column + match.start())
            blank, error = answerline.parse_blank(match.group(1), line, column)
            if error:
                self.report.error(line, error, column)
            blanks.append(blank)
        if blanks:
            text = question.stem
            pieces, pos = [], 0
            for index, match in enumerate(_prose_matches(syntax.BLANK, text)):
                pieces += [text[pos:match.start()], blank_marker(index)]
                pos = match.end()
            question.stem = "".join(pieces) + text[pos:]
        return blanks


def _title_block(title_lines: list[tuple[int, str]]) -> tuple[str, str]:
    """The title (the first text, a heading's words) and the description (the rest)."""
    lines = [text for _, text in title_lines]
    for index, text in enumerate(lines):
        if not text.strip():
            continue
        heading = syntax.HEADING.match(text)
        title = heading.group(1) if heading else text.strip()
        return title, "\n".join(lines[index + 1:]).strip()
    return "", ""


def _check_numbering(drafts: list[_Number], report: Reporter) -> None:
    """Warn where a question's number repeats or skips the one before. A sub-label
    (`4b.` after `4.`) continues its number; numbering may restart after a heading, and where
    a pool opens or closes."""
    previous: _Number | None = None
    for draft in drafts:
        if not draft.label:
            continue
        if previous is not None and previous.section == draft.section and \
                previous.pool is draft.pool:
            before, number = _label_number(previous.label), _label_number(draft.label)
            sub = draft.label != str(number)
            if draft.label == previous.label:
                report.warning(draft.line, f"question number {draft.label} repeats the "
                                           f"number of line {previous.line}")
            elif number != before + 1 and not (sub and number == before):
                report.warning(draft.line, f"question number {draft.label} follows "
                                           f"{previous.label}: expected {before + 1}")
        previous = draft


def _label_number(label: str) -> int:
    """The number of a label: 4 for `4`, `4b` and `4(a)`."""
    digits = len(label) - len(label.lstrip("0123456789"))
    return int(label[:digits])


def _prose_matches(pattern: syntax.LazyPattern, text: str) -> list[re.Match[str]]:
    """The pattern's matches outside code and math."""
    return [match for start, end in prose_spans(text)
            for match in pattern.finditer(text, start, end)]
