"""Canvas quiz items: one question as one QTI 1.2 ``item`` in Canvas's own dialect.

Every shape here is the one Canvas writes in its quiz exports
(``reference/canvas/items_1.2/all_canvas_simple_1.2.xml`` and the items of
``course_export_cc_canvas_cartridge``), because Canvas's importers (classic
quizzes and New Quizzes' ``qti`` gem) pick their code path from it:

- ``itemmetadata``: ``question_type``, ``points_possible`` ("1.0"),
  ``original_answer_ids`` (the answers' idents, as in
  ``course_export_with_banks``), ``assessment_question_identifierref``; an
  essay's model answer goes in ``grading_notes``, the plain-text field New
  Quizzes reads (``StringInteraction#grading_notes``) and classic quizzes
  ignore, so students never see it. It stays the author's Markdown: math
  keeps its ``$`` and code its line breaks, which plain text would lose.
- HTML as escaped text in ``mattext texttype="text/html"``, the stem wrapped
  in a ``<div>``; answer idents are numbers, as Canvas's are.
- ``resprocessing``: ``SCORE`` out of 100. Single answer and true/false: one
  ``varequal`` that sets 100. Multiple answers: one ``<and>`` of every option,
  the wrong ones under ``<not>``. Short answer: the accepted strings as
  ``varequal`` siblings in one ``conditionvar`` (Canvas reads siblings there as
  alternatives). Numerical: ``<or>`` of ``varequal`` and a ``vargte``/``varlte``
  pair for value ± margin (the gem's ``marginOfError``), or the bare pair for a
  range (``withinARange``). Matching and fill-in-multiple-blanks: one
  ``Add`` condition per left side or blank, worth an equal share. In a blank
  every ``response_label`` is an accepted answer; the condition names the
  first, as Canvas writes it. A cloze of choice blanks only is a
  multiple-dropdowns question: the same shape, the labels its choices and the
  condition naming the correct one (``canvas_multiple_dropdowns.xml``).
  Canvas has no question that mixes the two, nor numeric blanks: in a
  fill-in-multiple-blanks question a choice blank accepts its correct choice
  typed, a numeric blank its number as written (the build warns).
- Feedback: ``general_fb`` shown by an ``<other/>`` condition first, then one
  ``<ident>_fb`` per option that has feedback, each by its own ``varequal``.
"""
from __future__ import annotations

import hashlib
import re

from lxml import etree

from exporter.keys import equal_shares, right_sides
from exporter.model import (Blank, ChoiceAnswer, ClozeAnswer, EssayAnswer, MatchingAnswer, NumericAnswer,
                            Question, QuestionType, Quiz, ShortAnswer, TrueFalseAnswer, split_blanks)
from exporter.numbers import decimal_bounds, format_number
from exporter.render.renderer import Renderer
from exporter.writers import part_for
from exporter.writers.xml import clone, sub

QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"

QUESTION_TYPE = {
    QuestionType.SINGLE: "multiple_choice_question",
    QuestionType.MULTIPLE: "multiple_answers_question",
    QuestionType.TRUEFALSE: "true_false_question",
    QuestionType.NUMERICAL: "numerical_question",
    QuestionType.SHORT: "short_answer_question",
    QuestionType.ESSAY: "essay_question",
    QuestionType.MATCHING: "matching_question",
    QuestionType.CLOZE: "fill_in_multiple_blanks_question",
}


_CANVAS_IDENT = re.compile(r"[gi][0-9a-f]{32}")  # what Canvas and canvas_identifier() make


def canvas_identifier(*parts: str) -> str:
    """Canvas-style identifier ("g" + 32 hex digits), the same for the same parts, so a
    re-imported quiz updates its questions instead of adding copies."""
    return "g" + hashlib.md5("\0".join(parts).encode("utf-8")).hexdigest()


def item_identifier(quiz: Quiz, question: Question) -> str:
    """A question's item ident: the one it had in Canvas when it was read from a Canvas
    export (its id is that ident), so importing it again updates it there; else one made
    from the quiz's and question's ids."""
    if _CANVAS_IDENT.fullmatch(question.id):
        return question.id
    return canvas_identifier("item", quiz.id, question.id)


def metadata_field(metadata: etree._Element, label: str, entry: str) -> None:
    field = sub(metadata, "qtimetadatafield")
    sub(field, "fieldlabel", label)
    sub(field, "fieldentry", entry)


def _metadata_labels(*labels: str) -> etree._Element:
    """A ``qtimetadata`` of fields with these labels and entries still to fill."""
    metadata = sub(None, "qtimetadata")
    for label in labels:
        metadata_field(metadata, label, "")
    return metadata


def _score_processing() -> etree._Element:
    """A ``resprocessing`` declaring SCORE (out of 100), before any condition."""
    processing = sub(None, "resprocessing")
    sub(sub(processing, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE",
        vartype="Decimal")
    return processing


def _empty_material(texttype: str) -> etree._Element:
    """A ``material`` whose ``mattext`` of this type has its text still to set."""
    material = sub(None, "material")
    sub(material, "mattext", texttype=texttype)
    return material


def _empty_label(material: etree._Element) -> etree._Element:
    """A ``response_label`` showing ``material``, whose ident and text are still to set."""
    label = sub(None, "response_label", ident="")
    label.append(clone(material))
    return label


# What every item is made of, copied rather than built: a 5,000-question quiz would build
# some 140,000 of these elements (and their attributes) one by one
_METADATA = _metadata_labels("question_type", "points_possible", "original_answer_ids",
                             "assessment_question_identifierref")
_PROCESSING = _score_processing()
_MATERIALS = {True: _empty_material("text/html"), False: _empty_material("text/plain")}
_LABELS = {html: _empty_label(_MATERIALS[html]) for html in _MATERIALS}
_CONDITIONS: dict[tuple[str | None, str | None, bool], etree._Element] = {}  # by shape


def _empty_condition(continue_: str | None, action: str | None, feedback: bool) -> etree._Element:
    """A ``respcondition`` of one shape (see :meth:`ItemWriter._condition`), with no tests,
    its score and the feedback it shows still to set."""
    condition = sub(None, "respcondition")
    if continue_:
        condition.set("continue", continue_)
    sub(condition, "conditionvar")
    if action is not None:
        sub(condition, "setvar", action=action, varname="SCORE")
    if feedback:
        sub(condition, "displayfeedback", feedbacktype="Response", linkrefid="")
    return condition


def points_text(value: float) -> str:
    return str(float(value))  # Canvas writes "1.0"


def _material(parent: etree._Element, text: str, html: bool = True) -> etree._Element:
    material = clone(_MATERIALS[html])
    material[0].text = text  # its mattext
    parent.append(material)
    return material


def _label(parent: etree._Element, ident: str, text: str, html: bool = True) -> None:
    """A ``response_label`` showing ``text``: every option, blank choice and right side."""
    label = clone(_LABELS[html])
    label.set("ident", ident)
    label[0][0].text = text  # its material's mattext
    parent.append(label)


def _test(name: str, respident: str, value: str) -> etree._Element:
    """A condition on one response: ``<varequal respident="response1">1234</varequal>``."""
    return sub(None, name, value, respident=respident)


def _shares(parts: int) -> list[str]:
    """Each part's share of SCORE, as Canvas writes it ("33.33"); the last one takes
    the rounding, so a fully right answer scores exactly 100."""
    return [f"{share:.2f}" for share in equal_shares(100, parts, places=2)]


def all_dropdowns(answer: ClozeAnswer) -> bool:
    """A cloze whose every blank offers choices is Canvas's multiple-dropdowns question; any
    other is fill-in-multiple-blanks, whose blanks are all typed."""
    return bool(answer.blanks) and all(blank.choices for blank in answer.blanks)


def typed(blank: Blank) -> tuple[str, ...]:
    """What a fill-in blank accepts: a choice blank its correct choice, a numeric blank its
    number as written (Canvas compares blanks as text: no tolerance)."""
    if blank.number is not None:
        return (format_number(blank.number.value),)
    return blank.accepted


def question_type(question: Question) -> str:
    """Canvas's question_type of ``question``."""
    if isinstance(question.answer, ClozeAnswer) and all_dropdowns(question.answer):
        return "multiple_dropdowns_question"
    return QUESTION_TYPE[question.type]


class ItemWriter:
    """One question as one Canvas item.

    Its elements carry no namespace: the package writer streams them into the
    ``questestinterop`` root, whose default namespace (``QTI``) they take.
    """

    def __init__(self, quiz: Quiz, question: Question, number: int, renderer: Renderer) -> None:
        self.quiz = quiz
        self.question = question
        self.number = number
        self.renderer = renderer
        self.ident = item_identifier(quiz, question)
        self.answer_ids: list[str] = []
        self.feedback: list[tuple[str, str]] = []  # (ident, html)
        self._taken: set[str] = set()

    def element(self) -> etree._Element:
        q = self.question
        item = sub(None, "item", ident=self.ident, title=self.renderer.title(q, self.number))
        item_metadata = sub(item, "itemmetadata")
        presentation = sub(item, "presentation")
        _material(presentation, f"<div>{self._stem()}</div>")
        processing = clone(_PROCESSING)
        general = self._html(q.feedback)
        if general:
            self._condition(processing, "Yes", sub(None, "other"), feedback="general_fb")
            self.feedback.append(("general_fb", general))
        part_for(self._PARTS, q)(self, presentation, processing)
        metadata = clone(_METADATA)
        entries = (question_type(q), points_text(q.points), ",".join(self.answer_ids),
                   canvas_identifier("bank item", self.quiz.id, q.id))
        for field, text in zip(metadata, entries):
            field[1].text = text  # its fieldentry, after its fieldlabel
        item_metadata.append(metadata)
        if isinstance(q.answer, EssayAnswer) and q.answer.model_answer.strip():
            metadata_field(metadata, "grading_notes", q.answer.model_answer.strip())
        item.append(processing)
        for ident, fragment in self.feedback:
            _material(sub(sub(item, "itemfeedback", ident=ident), "flow_mat"), fragment)
        return item

    # --- pieces ---------------------------------------------------------------------

    def _html(self, text: str, inline: bool = False) -> str:
        if not text:  # most feedback is empty
            return ""
        render = self.renderer.inline if inline else self.renderer.html
        return render(text, self.question)

    def _answer_ident(self, key: str, listed: bool = True) -> str:
        """A numeric answer id, as Canvas writes them, stable for the same question and key;
        ``listed`` ones are the question's answers (original_answer_ids)."""
        number = int(hashlib.md5(f"{self.question.id}\0{key}".encode("utf-8")).hexdigest()[:8], 16)
        ident = str(1000 + number % 9000)
        while ident in self._taken:
            ident = str(int(ident) + 1)
        self._taken.add(ident)
        if listed:
            self.answer_ids.append(ident)
        return ident

    @staticmethod
    def _condition(processing: etree._Element, continue_: str | None, *tests: etree._Element,
                   score: str | None = None, action: str = "Set",
                   feedback: str | None = None) -> None:
        shape = (continue_, None if score is None else action, bool(feedback))
        template = _CONDITIONS.get(shape)
        if template is None:
            template = _CONDITIONS[shape] = _empty_condition(*shape)
        condition = clone(template)
        condition[0].extend(tests)  # its conditionvar
        if score is not None:
            condition[1].text = score  # its setvar
        if feedback:
            condition[-1].set("linkrefid", feedback)  # its displayfeedback
        processing.append(condition)

    @staticmethod
    def _response_lid(presentation: etree._Element, cardinality: str,
                      choices: list[tuple[str, str, bool]]) -> None:
        lid = sub(presentation, "response_lid", ident="response1", rcardinality=cardinality)
        render = sub(lid, "render_choice")
        for ident, text, html in choices:
            _label(render, ident, text, html)

    def _stem(self) -> str:
        """The stem's HTML; a cloze stem has `[blankN]` where each blank was, as Canvas's
        fill-in-multiple-blanks questions name their blanks."""
        stem = self._html(self.question.stem)
        if self.question.type is not QuestionType.CLOZE:
            return stem
        return "".join(part if isinstance(part, str) else f"[blank{part + 1}]"
                       for part in split_blanks(stem))

    # --- types ----------------------------------------------------------------------

    def _choice(self, presentation: etree._Element, processing: etree._Element) -> None:
        q = self.question
        assert isinstance(q.answer, ChoiceAnswer)
        idents = {o.letter: self._answer_ident(o.letter) for o in q.options}
        self._response_lid(presentation, "Multiple" if q.type is QuestionType.MULTIPLE else "Single",
                           [(idents[o.letter], self._html(o.text, inline=True), True)
                            for o in q.options])
        self._choice_feedback(processing, idents)
        if q.type is QuestionType.MULTIPLE:
            every = sub(None, "and")
            for option in q.options:
                test = _test("varequal", "response1", idents[option.letter])
                if q.is_correct(option):
                    every.append(test)
                else:
                    sub(every, "not").append(test)
            self._condition(processing, "No", every, score="100")
        else:
            [letter] = q.answer.letters
            self._condition(processing, "No", _test("varequal", "response1", idents[letter]),
                            score="100")

    def _choice_feedback(self, processing: etree._Element, idents: dict[str, str]) -> None:
        """Each choice's own feedback, shown when it is chosen (``<ident>_fb``)."""
        for choice, text in self.question.choice_feedback():
            ident = idents[choice]
            self._condition(processing, "Yes", _test("varequal", "response1", ident),
                            feedback=f"{ident}_fb")
            self.feedback.append((f"{ident}_fb", self._html(text)))

    def _truefalse(self, presentation: etree._Element, processing: etree._Element) -> None:
        answer = self.question.answer
        assert isinstance(answer, TrueFalseAnswer)
        true, false = self._answer_ident("true"), self._answer_ident("false")
        self._response_lid(presentation, "Single", [(true, "True", False), (false, "False", False)])
        self._choice_feedback(processing, {"true": true, "false": false})
        self._condition(processing, "No",
                        _test("varequal", "response1", true if answer.value else false),
                        score="100")

    @staticmethod
    def _open_response(presentation: etree._Element, decimal: bool = False) -> None:
        response = sub(presentation, "response_str", ident="response1", rcardinality="Single")
        if decimal:  # numerical questions: the gem takes fibtype="Decimal" as NumericInteraction
            sub(sub(response, "render_fib", fibtype="Decimal"), "response_label", ident="answer1")
        else:
            sub(sub(response, "render_fib"), "response_label", ident="answer1", rshuffle="No")

    def _numerical(self, presentation: etree._Element, processing: etree._Element) -> None:
        answer = self.question.answer
        assert isinstance(answer, NumericAnswer)
        self._open_response(presentation, decimal=True)
        self._answer_ident("value")
        low, high = decimal_bounds(answer)
        if answer.range:
            self._condition(processing, "No", _test("vargte", "response1", low),
                            _test("varlte", "response1", high), score="100")
            return
        either = sub(None, "or")
        either.append(_test("varequal", "response1", format_number(answer.value)))
        both = sub(either, "and")
        both.append(_test("vargte", "response1", low))
        both.append(_test("varlte", "response1", high))
        self._condition(processing, "No", either, score="100")

    def _short(self, presentation: etree._Element, processing: etree._Element) -> None:
        answer = self.question.answer
        assert isinstance(answer, ShortAnswer)
        self._open_response(presentation)
        for accepted in answer.accepted:
            self._answer_ident(accepted)
        self._condition(processing, "No",
                        *(_test("varequal", "response1", a) for a in answer.accepted),
                        score="100")

    def _essay(self, presentation: etree._Element, processing: etree._Element) -> None:
        self._open_response(presentation)
        self._condition(processing, "No", sub(None, "other"))

    def _matching(self, presentation: etree._Element, processing: etree._Element) -> None:
        answer = self.question.answer
        assert isinstance(answer, MatchingAnswer)
        rights = right_sides(answer)
        right_ids = {text: self._answer_ident(f"right\0{text}", listed=False) for text in rights}
        for pair, share in zip(answer.pairs, _shares(len(answer.pairs))):
            left = self._answer_ident(f"left\0{pair.left}")
            lid = sub(presentation, "response_lid", ident=f"response_{left}")
            self._left_side(lid, pair.left)
            render = sub(lid, "render_choice")
            for text in rights:
                _label(render, right_ids[text], text, html=False)
            self._condition(processing, None,
                            _test("varequal", f"response_{left}", right_ids[pair.right]),
                            score=share, action="Add")

    def _left_side(self, lid: etree._Element, text: str) -> None:
        """A matching prompt: plain text as Canvas writes it, HTML when it has markup
        (code, math, emphasis), as Canvas writes a left side edited in its rich editor."""
        html = self._html(text, inline=True)
        if "<" in html or "\\(" in html or "\\[" in html:
            _material(lid, html)
        else:
            _material(lid, self.renderer.plain(text), html=False)

    def _cloze(self, presentation: etree._Element, processing: etree._Element) -> None:
        """Both kinds of cloze in the same shape: a drop-down's labels are its choices and the
        condition names the correct one; a fill-in blank's labels are what it accepts typed."""
        answer = self.question.answer
        assert isinstance(answer, ClozeAnswer)
        dropdowns = all_dropdowns(answer)
        for number, (blank, share) in enumerate(zip(answer.blanks, _shares(len(answer.blanks))),
                                                start=1):
            name = f"blank{number}"
            lid = sub(presentation, "response_lid", ident=f"response_{name}")
            sub(sub(lid, "material"), "mattext", name)
            render = sub(lid, "render_choice")
            labels = blank.choices if dropdowns else typed(blank)
            idents = [self._answer_ident(f"{name}\0{text}") for text in labels]
            for ident, text in zip(idents, labels):
                _label(render, ident, text, html=False)
            right = labels.index(blank.accepted[0]) if dropdowns else 0
            self._condition(processing, None, _test("varequal", f"response_{name}", idents[right]),
                            score=share, action="Add")

    _PARTS = {
        QuestionType.SINGLE: _choice,
        QuestionType.MULTIPLE: _choice,
        QuestionType.TRUEFALSE: _truefalse,
        QuestionType.NUMERICAL: _numerical,
        QuestionType.SHORT: _short,
        QuestionType.ESSAY: _essay,
        QuestionType.MATCHING: _matching,
        QuestionType.CLOZE: _cloze,
    }
