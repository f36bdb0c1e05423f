"""One Canvas item (QTI 1.2) read into the model, by its ``question_type`` metadata.

Canvas's importers choose a question's type from its ``question_type``
field, not from the shape of its XML, so this does too. Response idents are
arbitrary numbers Canvas makes up on every export: options are kept in the
order written and lettered A, B, ... there; only the item's own ident is
kept, as the question's id, so that a re-import updates the question. Each
type reads its key from the conditions that score (``setvar`` on
``SCORE``), as Instructure's ``qti`` gem does:

- multiple_choice / true_false: the option a ``Set 100`` condition tests;
  an option set to less than 100 keeps its share as a grade.
- multiple_answers: the options tested (not under ``not``) by the scoring
  condition.
- short_answer: every string the scoring conditions test.
- numerical: the first scoring condition: ``varequal`` with a ``vargte`` /
  ``varlte`` pair (an exact answer with a margin, or a precision), or the
  bare pair (a range); further answers are dropped with a warning.
- essay: the ``grading_notes`` field (New Quizzes' grader notes) as the
  model answer.
- matching: one ``response_lid`` per left side; each ``Add`` condition pairs
  it with a right side; right sides no left side takes are distractors.
- fill_in_multiple_blanks / multiple_dropdowns: a cloze; ``[name]`` in the
  stem is where the blank named ``name`` goes. A typed blank accepts every
  label; a drop-down offers its labels, the ``Add`` condition naming the
  correct one.
- calculated, file_upload, text_only and unknown types are left out, each
  with a warning at the item.
"""
from __future__ import annotations

from typing import Callable

from lxml import etree

from exporter.diagnostics import Reporter
from exporter.keys import number_in_words
from exporter.model import (Blank, ChoiceAnswer, ClozeAnswer, EssayAnswer, Location, MatchPair,
                            MatchingAnswer, NumericAnswer, Option, Question, QuestionType,
                            ShortAnswer, TrueFalseAnswer, blank_marker, option_letter)
from exporter.readers.canvas.qti12 import (COMBINED_FEEDBACK, GENERAL_FEEDBACK, Condition,
                                           Response, Text, conditions, feedback_texts, line,
                                           material_text, metadata, responses)
from exporter.readers.canvas.texts import Texts
from exporter.readers.moodle.html import escape_markdown
from exporter.numbers import parse_number

LEFT_OUT = {
    "calculated_question": "a formula question (its variables and formula)",
    "file_upload_question": "a file upload question",
    "text_only_question": "a text-only item (not a question)",
}


class ItemReader:
    """One ``item`` element being read."""

    def __init__(self, item: etree._Element, texts: Texts, report: Reporter) -> None:
        self.item = item
        self.texts = texts
        self.report = report
        self.line = line(item)
        self.fields = metadata(item)
        self.kind = self.fields.get("question_type", "")
        presentation = item.find("presentation")
        self.stem_text = material_text(presentation.find("material")
                                       if presentation is not None else None)
        self.responses = responses(presentation)
        self.conditions = conditions(item)
        self.feedback = feedback_texts(item)
        self.parts: dict[str, Location] = {"id": Location(self.line)}

    # --- diagnostics and texts -------------------------------------------------------

    def warn(self, message: str, where: int | None = None) -> None:
        self.report.warning(where or self.line, message)

    def markdown(self, text: Text, what: str) -> str:
        if not text.html:
            return escape_markdown(text.text.strip())
        return self.texts.markdown(text.text, what, self.warn)

    def plain(self, text: Text) -> str:
        """A right side or a blank's answer: plain text (HTML loses its tags)."""
        if not text.html:
            return text.text.strip()
        fragment = etree.HTML(f"<div>{text.text}</div>")
        return " ".join("".join(fragment.itertext()).split()) if fragment is not None else ""

    # --- the question ----------------------------------------------------------------

    def question(self) -> Question | None:
        """The item as a question, or None (with a warning or an error saying why)."""
        if self.kind in LEFT_OUT:
            self.warn(f"Canvas {self.kind}: {LEFT_OUT[self.kind]} has no equivalent here: left out")
            return None
        reader = _TYPES.get(self.kind)
        if reader is None:
            self.warn(f"Canvas question type `{self.kind or 'none'}` is not read: left out")
            return None
        question = reader(self)
        if question is None:
            return None
        question.id = self.item.get("ident", "").strip()
        question.points = self._points()
        question.feedback = self._general_feedback()
        question.parts.update(self.parts)
        return question

    def _new(self, kind: QuestionType, answer, stem: str | None = None,  # noqa: ANN001
             **extra) -> Question:
        if stem is None:
            stem = self.markdown(self.stem_text, "question text")
        return Question(type=kind, stem=stem, answer=answer, line=self.line, **extra)

    def _points(self) -> float:
        raw = self.fields.get("points_possible", "")
        points = parse_number(raw) if raw else 1.0
        if points is None or points <= 0:
            self.warn(f"points_possible `{raw}` cannot be held (points are positive): 1 point "
                      "instead")
            return 1.0
        self.parts["points"] = Location(self.line)
        return points

    def _general_feedback(self) -> str:
        combined = [ident for ident in COMBINED_FEEDBACK
                    if ident in self.feedback and self.feedback[ident][0].text.strip()]
        if combined:
            self.warn("the feedback shown for a right or a wrong answer ("
                      + ", ".join(combined) + ") is dropped: the model has general and "
                      "per-option feedback only", self.feedback[combined[0]][1])
        general = self.feedback.get(GENERAL_FEEDBACK)
        return self.markdown(general[0], "general feedback") if general else ""

    def _chosen_feedback(self, ident: str) -> str:
        """The feedback shown when the label ``ident`` is chosen (Canvas's ``<ident>_fb``)."""
        for condition in self.conditions:
            tested = condition.positive()
            if len(tested) != 1 or tested[0].value != ident or len(condition.tests) != 1:
                continue
            for link in condition.feedback:
                if link not in (GENERAL_FEEDBACK, *COMBINED_FEEDBACK) and link in self.feedback:
                    return self.markdown(self.feedback[link][0], "answer feedback")
        return ""

    def _scoring(self) -> list[Condition]:
        return [c for c in self.conditions if c.action is not None and c.score > 0]

    def _first_choice(self) -> Response | None:
        found = [r for r in self.responses if r.labels]
        if not found:
            self.report.error(self.line, f"Canvas {self.kind}: the item has no choices")
            return None
        return found[0]


def _choice(reader: ItemReader) -> Question | None:
    response = reader._first_choice()
    if response is None:
        return None
    multiple = reader.kind == "multiple_answers_question"
    options = [Option(option_letter(i), reader.markdown(label.text, f"option {i + 1}"), label.line,
                      reader._chosen_feedback(label.ident))
               for i, label in enumerate(response.labels)]
    by_ident = {label.ident: option for label, option in zip(response.labels, options)}
    correct: list[str] = []
    for condition in reader._scoring():
        for test in condition.positive():
            option = by_ident.get(test.value)
            if option is None or option.letter in correct:
                continue
            if multiple or condition.action == "Set" and condition.score >= 100:
                correct.append(option.letter)
                reader.parts.setdefault("key", Location(condition.line))
            elif not multiple:
                option.grade = min(condition.score, 100) / 100
    if not correct:
        reader.report.error(reader.line, f"Canvas {reader.kind}: no choice is marked correct")
        return None
    if not multiple and len(correct) > 1:
        reader.warn(f"choices {', '.join(correct)} all give full marks: a single-answer "
                    f"question has one key here, so only ({correct[0]}) is kept")
        correct = correct[:1]
    letters = tuple(o.letter for o in options if o.letter in correct)
    for option in options:
        if option.letter in letters:
            option.grade = None
    kind = QuestionType.MULTIPLE if multiple else QuestionType.SINGLE
    return reader._new(kind, ChoiceAnswer(letters), options=options)


def _truefalse(reader: ItemReader) -> Question | None:
    response = reader._first_choice()
    if response is None:
        return None
    said = {label.ident: reader.plain(label.text).lower() for label in response.labels}
    for condition in reader._scoring():
        for test in condition.positive():
            if said.get(test.value) in ("true", "false"):
                reader.parts["key"] = Location(condition.line)
                feedback = {said[label.ident]: reader._chosen_feedback(label.ident)
                            for label in response.labels if said[label.ident] in ("true", "false")}
                return reader._new(QuestionType.TRUEFALSE, TrueFalseAnswer(
                    said[test.value] == "true", feedback.get("true", ""),
                    feedback.get("false", "")))
    reader.report.error(reader.line, "Canvas true_false_question: neither True nor False is "
                                     "marked correct")
    return None


def _short(reader: ItemReader) -> Question | None:
    accepted: list[str] = []
    for condition in reader._scoring():
        for test in condition.positive():
            if test.value and test.value not in accepted:
                accepted.append(test.value)
                reader.parts.setdefault("key", Location(condition.line))
    if not accepted:
        reader.report.error(reader.line, "Canvas short_answer_question: no accepted answer")
        return None
    _drop_answer_feedback(reader)
    return reader._new(QuestionType.SHORT, ShortAnswer(tuple(accepted)))


def _drop_answer_feedback(reader: ItemReader) -> None:
    answers = [link for c in reader.conditions for link in c.feedback
               if link not in (GENERAL_FEEDBACK, *COMBINED_FEEDBACK) and link in reader.feedback]
    if answers:
        reader.warn("per-answer feedback dropped: the model has it only for choice options",
                    reader.feedback[answers[0]][1])


def _numerical(reader: ItemReader) -> Question | None:
    found = [(c, _number_answer(c)) for c in reader._scoring() if c.action == "Set"]
    found = [(c, a) for c, a in found if a is not None]
    if not found:
        reader.report.error(reader.line, "Canvas numerical_question: no answer that is a number")
        return None
    condition, answer = found[0]
    if len(found) > 1:
        reader.warn(f"{len(found) - 1} further numerical answer(s) dropped: the model holds "
                    f"one (the first, {number_in_words(answer)})", found[1][0].line)
    reader.parts["key"] = Location(condition.line)
    _drop_answer_feedback(reader)
    return reader._new(QuestionType.NUMERICAL, answer)


def _number_answer(condition: Condition) -> NumericAnswer | None:
    """Exact (``varequal``), with a margin or precision (``varequal`` or a bound pair), or a
    range (the bound pair alone)."""
    exact = [parse_number(t.value) for t in condition.positive("varequal")]
    low = [parse_number(t.value) for t in condition.tests if t.kind in ("vargte", "vargt")]
    high = [parse_number(t.value) for t in condition.tests if t.kind in ("varlte", "varlt")]
    bounds = low[:1] + high[:1]
    if exact and exact[0] is not None:
        value = exact[0]
        if len(bounds) == 2 and None not in bounds:
            margin = round(max(abs(value - bounds[0]), abs(bounds[1] - value)), 12)
            return NumericAnswer(value, margin)
        return NumericAnswer(value)
    if len(bounds) == 2 and None not in bounds and bounds[0] <= bounds[1]:
        return NumericAnswer((bounds[0] + bounds[1]) / 2, (bounds[1] - bounds[0]) / 2,
                             (bounds[0], bounds[1]))
    return None


def _essay(reader: ItemReader) -> Question | None:
    return reader._new(QuestionType.ESSAY, EssayAnswer(reader.fields.get("grading_notes", "")))


def _matching(reader: ItemReader) -> Question | None:
    pairs: list[MatchPair] = []
    used: set[str] = set()
    rights: list[str] = []
    for response in reader.responses:
        names = {label.ident: reader.plain(label.text) for label in response.labels}
        rights += [text for text in names.values() if text and text not in rights]
        left = reader.markdown(response.prompt, "left side")
        right = next((names.get(t.value) for c in reader._scoring() for t in c.positive()
                      if t.respident == response.ident and t.value in names), None)
        if not left.strip() or not right:
            reader.warn("a pair with an empty left or right side is left out",
                        line(response.element))
            continue
        pairs.append(MatchPair(left, right, line(response.element)))
        used.add(right)
    if not pairs:
        reader.report.error(reader.line, "Canvas matching_question: no pair to match")
        return None
    reader.parts["key"] = Location(pairs[0].line)
    distractors = tuple(text for text in rights if text not in used)
    return reader._new(QuestionType.MATCHING, MatchingAnswer(tuple(pairs), distractors))


def _cloze(reader: ItemReader) -> Question | None:
    dropdowns = reader.kind == "multiple_dropdowns_question"
    stem = reader.stem_text.text
    blanks: list[Blank] = []
    for response in reader.responses:
        name = reader.plain(response.prompt) or response.ident.removeprefix("response_")
        labels = [(label.ident, reader.plain(label.text)) for label in response.labels]
        texts = list(dict.fromkeys(text for _, text in labels if text))
        where = line(response.element)
        if dropdowns:
            right = next((text for ident, text in labels for c in reader._scoring()
                          for t in c.positive() if t.respident == response.ident
                          and t.value == ident and text), None)
            if right is None:
                reader.report.error(where, f"drop-down `{name}` has no correct choice")
                return None
            blank = Blank((right,), where, 1, choices=tuple(texts))
        else:
            if not texts:
                reader.report.error(where, f"blank `{name}` accepts no answer")
                return None
            blank = Blank(tuple(texts), where, 1)
        marker = blank_marker(len(blanks))
        if f"[{name}]" in stem:
            stem = stem.replace(f"[{name}]", marker, 1)
        else:
            reader.warn(f"blank `[{name}]` is not in the question text: it is put at its end",
                        where)
            stem += f" {marker}"
        blanks.append(blank)
    if not blanks:
        reader.report.error(reader.line, f"Canvas {reader.kind}: the item has no blanks")
        return None
    if dropdowns:
        reader.warn("multiple dropdowns: read as a cloze whose blanks are drop-downs; each "
                    "choice is kept as plain text, without its own feedback or formatting")
    reader.parts["key"] = Location(blanks[0].line)
    markdown = reader.markdown(Text(stem, reader.stem_text.html), "question text")
    return reader._new(QuestionType.CLOZE, ClozeAnswer(tuple(blanks)), stem=markdown)


_TYPES: dict[str, Callable[[ItemReader], Question | None]] = {
    "multiple_choice_question": _choice,
    "multiple_answers_question": _choice,
    "true_false_question": _truefalse,
    "short_answer_question": _short,
    "numerical_question": _numerical,
    "essay_question": _essay,
    "matching_question": _matching,
    "fill_in_multiple_blanks_question": _cloze,
    "multiple_dropdowns_question": _cloze,
}
