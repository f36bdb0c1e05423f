"""text2qti's elements given their meaning: the quiz, its questions and groups.

The type of a question is what its answers are (text2qti's README): `*a)` /
`a)` choices make a multiple-choice question (true/false when its two
choices read `True` and `False`), `[*]` / `[ ]` a multiple-answers one, `*`
lines a short answer, `=` a numerical one, `____` an essay. Each
element may stand only where text2qti lets it (feedback `...` right after
the question or after a choice, `+` / `-` / `!` right after the question,
`Title:` / `Points:` right before it, settings before the first question);
anywhere else is an error at its line, as text2qti would refuse the file.

What our model has no place for is a warning at its line, never dropped in
silence: question titles, text regions, file-upload questions, solutions
(`!`) but an essay's (its model answer for graders), correct / incorrect
feedback (`+` / `-`) of questions with no single right choice to carry it,
and the quiz settings Canvas keeps but our packages do not.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from exporter.diagnostics import Reporter
from exporter.ids import slug
from exporter.model import (Answer, ChoiceAnswer, EssayAnswer, Location, NumericAnswer, Option,
                            Question, QuestionType, Quiz, Section, ShortAnswer, TrueFalseAnswer,
                            option_letter)
from exporter.readers.text2qti.answers import numerical
from exporter.readers.text2qti.lines import Element

# the kinds of answer elements, and the question type each one starts
_ANSWERS = {"correct_choice": "choices", "choice": "choices", "correct_option": "options",
            "option": "options", "short": "short", "numerical": "numerical", "essay": "essay",
            "upload": "upload"}
_NAMES = {"choices": "multiple-choice (`a)`)", "options": "multiple-answers (`[ ]`)",
          "short": "short-answer (`*`)", "numerical": "numerical (`=`)", "essay": "essay (`____`)",
          "upload": "file-upload (`^^^^`)"}
_TRUTH = {"true": True, "True": True, "false": False, "False": False}
# quiz settings Canvas keeps that our packages do not
_UNKEPT = {"show_correct_answers": "show correct answers", "one_question_at_a_time":
           "one question at a time", "cant_go_back": "can't go back"}


@dataclass
class _Choice:
    element: Element
    correct: bool
    feedback: str = ""


@dataclass
class _Draft:
    """A question while its elements come in."""

    element: Element
    points: Element | None
    section: Section | None
    kind: str | None = None  # a value of _ANSWERS, once the first answer is read
    choices: list[_Choice] = field(default_factory=list)
    answers: list[Element] = field(default_factory=list)  # short answers; the `=`; `____`
    number: NumericAnswer | None = None
    notes: dict[str, Element] = field(default_factory=dict)  # feedback, +, -, !


@dataclass
class _Group:
    element: Element
    pick: int = 1
    points: float = 1.0
    questions: int = 0
    section: Section | None = None


class Builder:
    """Reads elements in order into one quiz; ``quiz()`` gives it when they are all read."""

    def __init__(self, path: Path, report: Reporter) -> None:
        self.report = report
        self.quiz_ = Quiz(title=path.stem, id=slug(path.stem), path=path)
        self.draft: _Draft | None = None
        self.pending: dict[str, Element] = {}  # `Title:`, `Points:` before their question
        self.group: _Group | None = None
        self.groups = 0
        self.feedback_is_solution = False

    def read(self, found: Iterable[Element]) -> Quiz:
        for element in found:
            if element.kind not in ("question", "title", "points") and self.pending:
                self._unused_pending()
            handler = getattr(self, f"_{element.kind}", None)
            if handler is not None:
                handler(element)
            elif element.kind in _ANSWERS:
                self._answer(element)
            else:
                self._setting(element)
        self._finish()
        if self.pending:
            self._unused_pending()
        if self.group is not None:
            self.report.error(self.group.element.line, "GROUP with no END_GROUP after it")
        if not self.quiz_.questions and not any(d.is_error for d in self.report.items):
            self.report.error(1, "no question found: a text2qti question is a line `1.  text` "
                                 "with its answers below it (`*a) right`, `b) wrong`)")
        return self.quiz_

    # --- the quiz ---------------------------------------------------------------------------

    def _before_questions(self, element: Element, what: str) -> bool:
        if self.quiz_.questions or self.draft is not None:
            self.report.error(element.line, f"{what} must come before the first question")
            return False
        return True

    def _quiz_title(self, element: Element) -> None:
        if self._before_questions(element, "`Quiz title:`"):
            self.quiz_.title = " ".join(element.text.split())

    def _quiz_description(self, element: Element) -> None:
        if self._before_questions(element, "`Quiz description:`"):
            self.quiz_.description = element.text

    def _setting(self, element: Element) -> None:
        name = element.kind.replace("_", " ").replace("cant", "can't")
        if not self._before_questions(element, f"`{name}:`"):
            return
        value = _TRUTH.get(element.text)
        if value is None:
            self.report.error(element.line, f"`{name}:` takes `true` or `false`, not "
                                            f"`{element.text}`", element.column)
        elif element.kind == "shuffle_answers":
            self.quiz_.shuffle = value
        elif element.kind == "feedback_is_solution":
            self.feedback_is_solution = value
        elif element.kind in _UNKEPT:
            self.report.warning(element.line, f"`{name}:` is a Canvas quiz setting that "
                                              "lms-export packages do not carry: set it in "
                                              "Canvas after the import")

    def _text_title(self, element: Element) -> None:
        self._finish()
        self.report.warning(element.line, "a text region (`Text title:`) is not kept: the "
                                          "quiz holds only questions; move its words into the "
                                          "quiz description or a question")

    def _text(self, element: Element) -> None:
        self._finish()
        self.report.warning(element.line, "a text region (`Text:`) is not kept: the quiz holds "
                                          "only questions; move its words into the quiz "
                                          "description or a question")

    # --- groups -----------------------------------------------------------------------------

    def _group(self, element: Element) -> None:
        self._finish()
        if self.group is not None:
            self.report.error(element.line, "groups do not nest: END_GROUP the group of line "
                                            f"{self.group.element.line} first")
            return
        self.group = _Group(element)

    def _end_group(self, element: Element) -> None:
        self._finish()
        group = self.group
        if group is None:
            self.report.error(element.line, "END_GROUP with no GROUP before it")
            return
        self.group = None
        if group.questions < group.pick:
            self.report.error(group.element.line, f"this group picks {group.pick} questions but "
                                                  f"holds {group.questions}")

    def _group_number(self, element: Element, what: str, whole: bool) -> float | None:
        group = self.group
        if group is None:
            self.report.error(element.line, f"`{what}:` stands outside a GROUP")
            return None
        if group.section is not None:
            self.report.error(element.line, f"`{what}:` must come before the group's first "
                                            "question")
            return None
        try:
            value = float(element.text) if not whole else int(element.text)
        except ValueError:
            value = 0
        if value <= 0:
            self.report.error(element.line, f"`{what}:` takes a positive "
                                            f"{'whole ' if whole else ''}number, not "
                                            f"`{element.text}`", element.column)
            return None
        return value

    def _pick(self, element: Element) -> None:
        value = self._group_number(element, "pick", whole=True)
        if value is not None and self.group is not None:
            self.group.pick = int(value)

    def _solutions_pick(self, element: Element) -> None:
        self._group_number(element, "solutions pick", whole=True)  # shapes only solutions

    def _points_per_question(self, element: Element) -> None:
        value = self._group_number(element, "points per question", whole=True)
        if value is not None and self.group is not None:
            self.group.points = value

    # --- questions --------------------------------------------------------------------------

    def _title(self, element: Element) -> None:
        if "title" in self.pending or "points" in self.pending:
            self.report.error(element.line, "`Title:` comes once, before `Points:`, right "
                                            "before its question")
        self.pending["title"] = element
        self.report.warning(element.line, "question titles are not kept: each package names a "
                                          "question by its text")

    def _points(self, element: Element) -> None:
        if "points" in self.pending:
            self.report.error(element.line, "a second `Points:` for the same question")
        self.pending["points"] = element

    def _unused_pending(self) -> None:
        for element in self.pending.values():
            self.report.error(element.line, f"`{element.kind.capitalize()}:` must stand right "
                                            "before the question it belongs to")
        self.pending = {}

    def _question(self, element: Element) -> None:
        self._finish()
        section = None
        if self.group is not None:
            if self.group.section is None:
                self.groups += 1
                self.group.section = Section(f"Group {self.groups}", self.group.pick)
            self.group.questions += 1
            section = self.group.section
        self.draft = _Draft(element, self.pending.get("points"), section)
        self.pending = {}

    def _current(self, element: Element, what: str) -> _Draft | None:
        if self.draft is None:
            self.report.error(element.line, f"{what} with no question before it")
        return self.draft

    def _answer(self, element: Element) -> None:
        draft = self._current(element, "an answer")
        if draft is None:
            return
        kind = _ANSWERS[element.kind]
        if draft.kind is not None and draft.kind != kind or \
                draft.kind in ("numerical", "essay", "upload"):
            had = _NAMES[draft.kind] if draft.kind else ""
            self.report.error(element.line, f"this {had} question already has its answer: a "
                                            f"{_NAMES[kind]} answer cannot follow")
            return
        draft.kind = kind
        if kind in ("choices", "options"):
            draft.choices.append(_Choice(element, element.kind.startswith("correct")))
        else:
            draft.answers.append(element)
        if kind == "numerical":
            draft.number, error = numerical(element.text)
            if error:
                self.report.error(element.line, error, element.column)

    def _feedback(self, element: Element) -> None:
        draft = self._current(element, "feedback")
        if draft is None:
            return
        if draft.choices:
            if draft.choices[-1].feedback:
                self.report.error(element.line, "this choice already has its feedback")
            draft.choices[-1].feedback = element.text
        elif draft.kind is not None:
            self.report.error(element.line, "feedback `...` stands right after the question or "
                                            "after a choice, not after a "
                                            f"{_NAMES[draft.kind]} answer")
        else:
            self._note(draft, element, "general feedback `...`")

    def _correct_feedback(self, element: Element) -> None:
        draft = self._current(element, "feedback")
        if draft is not None:
            self._note(draft, element, "correct-answer feedback `+`")

    def _incorrect_feedback(self, element: Element) -> None:
        draft = self._current(element, "feedback")
        if draft is not None:
            self._note(draft, element, "incorrect-answer feedback `-`")

    def _solution(self, element: Element) -> None:
        draft = self._current(element, "a solution")
        if draft is not None:
            self._note(draft, element, "a solution `!`")

    def _note(self, draft: _Draft, element: Element, what: str) -> None:
        if draft.kind is not None:
            self.report.error(element.line, f"{what} stands right after the question, before "
                                            "its answers")
        elif element.kind in draft.notes:
            self.report.error(element.line, f"{what} is given twice for this question")
        else:
            draft.notes[element.kind] = element

    # --- a finished question ----------------------------------------------------------------

    def _finish(self) -> None:
        draft, self.draft = self.draft, None
        if draft is None:
            return
        question = _QuestionOf(draft, self.group, self.feedback_is_solution, self.report).build()
        if question is not None:
            self.quiz_.questions.append(question)


class _QuestionOf:
    """One finished draft as a model question (or None, reported)."""

    def __init__(self, draft: _Draft, group: _Group | None, feedback_is_solution: bool,
                 report: Reporter) -> None:
        self.draft = draft
        self.group = group
        self.feedback_is_solution = feedback_is_solution
        self.report = report
        self.line = draft.element.line

    def build(self) -> Question | None:
        draft = self.draft
        if draft.kind is None:
            self.report.error(self.line, "this question has no answers: add choices (`*a)` / "
                                         "`a)`, `[*]` / `[ ]`), `*` answers, `=` a number or "
                                         "`____` for an essay")
            return None
        if draft.kind == "upload":
            self.report.warning(draft.answers[0].line, "file-upload questions have no "
                                                       "counterpart in lms-export: this question "
                                                       "is left out")
            return None
        key = self._key_line()
        made = getattr(self, f"_{draft.kind}")()
        if made is None:
            return None
        kind, answer = made
        question = Question(kind, draft.element.text, answer, self.line,
                            label=draft.element.marker.rstrip("."))
        question.options = [Option(option_letter(n), choice.element.text, choice.element.line,
                                   choice.feedback) for n, choice in enumerate(draft.choices)]
        question.parts["key"] = Location(key)
        question.section = draft.section
        self._points(question)
        self._notes(question)
        return question

    def _key_line(self) -> int:
        draft = self.draft
        correct = [c.element.line for c in draft.choices if c.correct]
        return (correct or [a.line for a in draft.answers] or [self.line])[0]

    def _choices(self) -> tuple[QuestionType, Answer] | None:
        choices = self.draft.choices
        if len(choices) < 2:
            self.report.error(self.line, "a multiple-choice question needs two choices or more")
            return None
        correct = [n for n, choice in enumerate(choices) if choice.correct]
        if len(correct) != 1:
            found = f"{len(correct)} choices are" if correct else "no choice is"
            self.report.error(self.line, f"{found} marked correct (`*a)`): a multiple-choice "
                                         "question has exactly one; a question with several "
                                         "right answers marks its choices `[*]` and `[ ]`")
            return None
        if len(choices) == 2 and all(c.element.text in _TRUTH for c in choices):
            right = choices[correct[0]]
            feedback = {_TRUTH[c.element.text]: c.feedback for c in choices}
            self.draft.choices = []
            return QuestionType.TRUEFALSE, TrueFalseAnswer(_TRUTH[right.element.text],
                                                           feedback[True], feedback[False])
        return QuestionType.SINGLE, ChoiceAnswer((option_letter(correct[0]),))

    def _options(self) -> tuple[QuestionType, Answer] | None:
        choices = self.draft.choices
        letters = tuple(option_letter(n) for n, choice in enumerate(choices) if choice.correct)
        if len(choices) < 2 or not letters:
            self.report.error(self.line, "a multiple-answers question needs two choices or "
                                         "more, at least one marked correct (`[*]`)")
            return None
        return QuestionType.MULTIPLE, ChoiceAnswer(letters)

    def _short(self) -> tuple[QuestionType, Answer]:
        return QuestionType.SHORT, ShortAnswer(tuple(a.text for a in self.draft.answers))

    def _numerical(self) -> tuple[QuestionType, Answer] | None:
        number = self.draft.number
        return None if number is None else (QuestionType.NUMERICAL, number)

    def _essay(self) -> tuple[QuestionType, Answer]:
        notes = self.draft.notes
        model = notes.get("solution") or (notes.get("feedback") if self.feedback_is_solution
                                          else None)
        return QuestionType.ESSAY, EssayAnswer(model.text if model else "")

    def _points(self, question: Question) -> None:
        stated = self.draft.points
        if stated is not None:
            question.parts["points"] = Location(stated.line, stated.column)
            try:
                value = float(stated.text)
            except ValueError:
                value = 0.0
            if not value > 0 or value == float("inf"):
                self.report.error(stated.line, "`Points:` takes a positive number, not "
                                               f"`{stated.text}`", stated.column)
            else:
                question.points = value
        group = self.group
        if group is not None and question.section is not None:
            if stated is not None and question.points != group.points:
                self.report.warning(stated.line, f"this question's `Points: {stated.text}` "
                                                 "counts for nothing: each question of a group "
                                                 f"is worth its `points per question` "
                                                 f"({group.points:g})")
            question.points = group.points

    def _notes(self, question: Question) -> None:
        """General feedback; `+` / `-` onto the choices they are shown for; solutions."""
        notes = self.draft.notes
        if "feedback" in notes:
            question.feedback = notes["feedback"].text
        right, wrong = notes.get("correct_feedback"), notes.get("incorrect_feedback")
        if question.type in (QuestionType.SINGLE, QuestionType.TRUEFALSE):
            self._spread(question, right, wrong)
        else:
            for note in (right, wrong):
                if note is not None:
                    self.report.warning(note.line, "correct / incorrect feedback (`+` / `-`) "
                                                   f"has no place in a {question.type.value} "
                                                   "question here: it is left out (general "
                                                   "feedback `...` is kept)")
        solution = notes.get("solution")
        if solution is not None and question.type is not QuestionType.ESSAY:
            self.report.warning(solution.line, "a solution (`!`) appears only in text2qti's "
                                               "solutions export, never in the quiz: it is "
                                               "left out")

    @staticmethod
    def _spread(question: Question, right: Element | None, wrong: Element | None) -> None:
        """A single right choice: `+` is what choosing it shows, `-` what any other shows."""
        def joined(own: str, note: Element | None) -> str:
            return "\n\n".join(text for text in (own, note.text if note else "") if text)

        answer = question.answer
        if isinstance(answer, TrueFalseAnswer):
            true_note, false_note = (right, wrong) if answer.value else (wrong, right)
            question.answer = TrueFalseAnswer(answer.value, joined(answer.true_feedback, true_note),
                                              joined(answer.false_feedback, false_note))
            return
        for option in question.options:
            option.feedback = joined(option.feedback, right if question.is_correct(option) else wrong)

