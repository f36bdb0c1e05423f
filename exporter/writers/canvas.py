"""Canvas quiz package: the "QTI .zip file" of Settings > Import Course Content.

Canvas imports best what Canvas exports, so this is Canvas's own QTI 1.2
dialect, field by field from its quiz exports (reference/canvas/):

- ``imsmanifest.xml`` as in ``quiz_export_qti12_canvas``: one
  ``imsqti_xmlv1p2`` resource for ``ID/ID.xml`` that depends on the
  ``learning-application-resource`` holding ``ID/assessment_meta.xml``, and
  a ``webcontent`` resource per image under ``web_resources/``.
- ``assessment_meta.xml``: the quiz settings block of the same export
  (title, description, shuffle_answers, scoring_policy, quiz_type,
  points_possible, show_correct_answers, allowed_attempts).
- Items as in ``items_1.2/all_canvas_simple_1.2.xml``: ``itemmetadata`` with
  question_type, points_possible, original_answer_ids and
  assessment_question_identifierref; HTML as escaped ``mattext``; scores as
  ``SCORE`` out of 100; feedback as ``general_fb`` and ``<answer>_fb``.
  Canvas's dialect reads several ``varequal`` directly in one
  ``conditionvar`` as alternatives for a short answer, and a ``vargte`` and
  ``varlte`` pair as a range; Canvas's importers expect exactly that. In a
  fill-in-multiple-blanks question every ``response_label`` of a blank is
  an accepted answer; its resprocessing names the first, as Canvas writes it.
- Identifiers are hashes of the quiz id and the stable question ids, so a
  re-import updates the quiz instead of adding copies.

Canvas has no grader-only text, so an essay's model answer is not exported
(it would be shown to students as feedback).
"""
from __future__ import annotations

import hashlib
import io

from lxml import etree

from exporter.model import (ChoiceAnswer, ClozeAnswer, MatchingAnswer, NumericAnswer, Question,
                            QuestionType, Quiz, ShortAnswer, TrueFalseAnswer, split_blanks)
from exporter.numbers import format_number
from exporter.render import Asset, Renderer
from exporter.writers.package import zip_bytes

QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_v1p2"
CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
MEDIA_FOLDER = "web_resources/Uploaded Media"

_QUESTION_TYPE = {
    QuestionType.SINGLE: "multiple_choice_question",
    QuestionType.MULTIPLE: "multiple_answers_question",
    QuestionType.TRUEFALSE: "true_false_question",
    QuestionType.NUMERICAL: "numerical_question",
    QuestionType.SHORT: "short_answer_question",
    QuestionType.ESSAY: "essay_question",
    QuestionType.MATCHING: "matching_question",
    QuestionType.CLOZE: "fill_in_multiple_blanks_question",
}


def canvas_identifier(*parts: str) -> str:
    """Canvas-style identifier ("g" + 32 hex digits), the same for the same parts."""
    return "g" + hashlib.md5("\0".join(parts).encode("utf-8")).hexdigest()


def write(quiz: Quiz) -> bytes:
    ident = canvas_identifier("quiz", quiz.id)
    renderer = Renderer(quiz, "canvas")
    assessment = _assessment(quiz, ident, renderer)
    assets = renderer.assets
    entries = [("imsmanifest.xml", _manifest(quiz, ident, assets)),
               (f"{ident}/{ident}.xml", assessment),
               (f"{ident}/assessment_meta.xml", _meta(quiz, ident, renderer))]
    entries += [(f"{MEDIA_FOLDER}/{asset.name}", asset.data) for asset in assets]
    return zip_bytes(entries)


_TAGS: dict[str, str] = {}


def _q(name: str) -> str:
    tag = _TAGS.get(name)
    if tag is None:
        tag = _TAGS[name] = f"{{{QTI}}}{name}"
    return tag


def _sub(parent: etree._Element, name: str, text: str | None = None, **attributes: str
         ) -> etree._Element:
    element = etree.SubElement(parent, _TAGS.get(name) or _q(name), attributes)
    if text is not None:
        element.text = text
    return element


def _assessment(quiz: Quiz, ident: str, renderer: Renderer) -> bytes:
    """The questestinterop file, written item by item so a big bank never is one tree."""
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="UTF-8") as out:
        out.write_declaration()
        root_attributes = {f"{{{XSI}}}schemaLocation":
                           f"{QTI} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"}
        with out.element(_q("questestinterop"), root_attributes, nsmap={None: QTI, "xsi": XSI}):
            with out.element(_q("assessment"), ident=ident, title=quiz.title):
                metadata = etree.Element(_q("qtimetadata"))
                _field(metadata, "cc_maxattempts", "1")
                out.write(metadata, pretty_print=True)
                with out.element(_q("section"), ident="root_section"):
                    for number, question in enumerate(quiz.questions, start=1):
                        item = _ItemWriter(quiz, question, number, renderer).element()
                        out.write(item, pretty_print=True)
    buffer.write(b"\n")
    return buffer.getvalue()


def _field(metadata: etree._Element, label: str, entry: str) -> None:
    field = _sub(metadata, "qtimetadatafield")
    _sub(field, "fieldlabel", label)
    _sub(field, "fieldentry", entry)


def _points(value: float) -> str:
    return str(float(value))  # Canvas writes "1.0"


def _material(parent: etree._Element, text: str, html: bool = True) -> etree._Element:
    material = _sub(parent, "material")
    _sub(material, "mattext", text, texttype="text/html" if html else "text/plain")
    return material


class _ItemWriter:
    """One question as one Canvas item."""

    def __init__(self, quiz: Quiz, question: Question, number: int, renderer: Renderer) -> None:
        self.quiz = quiz
        self.question = question
        self.number = number
        self.renderer = renderer
        self.ident = canvas_identifier("item", quiz.id, question.id)
        self.answer_ids: list[str] = []
        self.feedback: list[tuple[str, str]] = []  # (ident, html)
        self.conditions: list[etree._Element] = []
        self._taken: set[str] = set()

    def element(self) -> etree._Element:
        q = self.question
        item = etree.Element(_q("item"), ident=self.ident,
                             title=self.renderer.title(q, self.number))
        metadata = _sub(_sub(item, "itemmetadata"), "qtimetadata")
        presentation = _sub(item, "presentation")
        _material(presentation, f"<div>{self._stem()}</div>")
        processing = etree.Element(_q("resprocessing"))
        outcomes = _sub(processing, "outcomes")
        _sub(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
        general = self._html(q.feedback)
        if general:
            self._condition(processing, "Yes", etree.Element(_q("other")), feedback="general_fb")
            self.feedback.insert(0, ("general_fb", general))
        self._PARTS[q.type](self, presentation, processing)
        _field(metadata, "question_type", _QUESTION_TYPE[q.type])
        _field(metadata, "points_possible", _points(q.points))
        _field(metadata, "original_answer_ids", ",".join(self.answer_ids))
        _field(metadata, "assessment_question_identifierref",
               canvas_identifier("bank item", self.quiz.id, q.id))
        item.append(processing)
        for ident, fragment in self.feedback:
            feedback = _sub(item, "itemfeedback", ident=ident)
            _material(_sub(feedback, "flow_mat"), fragment)
        return item

    # --- pieces ---------------------------------------------------------------------

    def _html(self, text: str, inline: bool = False) -> str:
        render = self.renderer.inline if inline else self.renderer.html
        return render(text, self.question)

    def _answer_ident(self, key: str) -> str:
        """A numeric answer id, as Canvas writes them, stable for the same question and key."""
        number = int(hashlib.md5(f"{self.question.id}\0{key}".encode("utf-8")).hexdigest()[:8], 16)
        ident = str(1000 + number % 9000)
        while ident in self._taken:
            ident = str(int(ident) + 1)
        self._taken.add(ident)
        self.answer_ids.append(ident)
        return ident

    def _condition(self, processing: etree._Element, continue_: str | None,
                   *tests: etree._Element, score: str | None = None, action: str = "Set",
                   feedback: str | None = None) -> None:
        condition = _sub(processing, "respcondition")
        if continue_:
            condition.set("continue", continue_)
        conditionvar = _sub(condition, "conditionvar")
        for test in tests:
            conditionvar.append(test)
        if score is not None:
            _sub(condition, "setvar", score, action=action, varname="SCORE")
        if feedback:
            _sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=feedback)

    @staticmethod
    def _test(name: str, respident: str, value: str) -> etree._Element:
        element = etree.Element(_q(name), respident=respident)
        element.text = value
        return element

    def _response_lid(self, presentation: etree._Element, cardinality: str,
                      choices: list[tuple[str, str, bool]]) -> etree._Element:
        lid = _sub(presentation, "response_lid", ident="response1", rcardinality=cardinality)
        render = _sub(lid, "render_choice")
        for ident, text, html in choices:
            _material(_sub(render, "response_label", ident=ident), text, html)
        return lid

    # --- types ----------------------------------------------------------------------

    def _choice(self, presentation: etree._Element, processing: etree._Element) -> None:
        q = self.question
        assert isinstance(q.answer, ChoiceAnswer)
        idents = {o.letter: self._answer_ident(o.letter) for o in q.options}
        self._response_lid(presentation, "Multiple" if q.type is QuestionType.MULTIPLE else "Single",
                           [(idents[o.letter], self._html(o.text, inline=True), True)
                            for o in q.options])
        for option in q.options:
            fragment = self._html(option.feedback)
            if fragment:
                ident = idents[option.letter]
                self._condition(processing, "Yes", self._test("varequal", "response1", ident),
                                feedback=f"{ident}_fb")
                self.feedback.append((f"{ident}_fb", fragment))
        if q.type is QuestionType.MULTIPLE:
            every = etree.Element(_q("and"))
            for option in q.options:
                test = self._test("varequal", "response1", idents[option.letter])
                if q.is_correct(option):
                    every.append(test)
                else:
                    _sub(every, "not").append(test)
            self._condition(processing, "No", every, score="100")
        else:
            [letter] = q.answer.letters
            self._condition(processing, "No", self._test("varequal", "response1", idents[letter]),
                            score="100")

    def _truefalse(self, presentation: etree._Element, processing: etree._Element) -> None:
        answer = self.question.answer
        assert isinstance(answer, TrueFalseAnswer)
        true, false = self._answer_ident("true"), self._answer_ident("false")
        self._response_lid(presentation, "Single", [(true, "True", False), (false, "False", False)])
        self._condition(processing, "No",
                        self._test("varequal", "response1", true if answer.value else false),
                        score="100")

    def _open_response(self, presentation: etree._Element, decimal: bool = False) -> None:
        response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
        if decimal:  # Canvas's numerical questions, as its exports write them
            _sub(_sub(response, "render_fib", fibtype="Decimal"), "response_label", ident="answer1")
        else:
            _sub(_sub(response, "render_fib"), "response_label", ident="answer1", rshuffle="No")

    def _numerical(self, presentation: etree._Element, processing: etree._Element) -> None:
        answer = self.question.answer
        assert isinstance(answer, NumericAnswer)
        self._open_response(presentation, decimal=True)
        self._answer_ident("value")
        low = self._test("vargte", "response1", format_number(answer.low))
        high = self._test("varlte", "response1", format_number(answer.high))
        if answer.range:
            self._condition(processing, "No", low, high, score="100")
            return
        either = etree.Element(_q("or"))
        either.append(self._test("varequal", "response1", format_number(answer.value)))
        both = _sub(either, "and")
        both.append(low)
        both.append(high)
        self._condition(processing, "No", either, score="100")

    def _short(self, presentation: etree._Element, processing: etree._Element) -> None:
        answer = self.question.answer
        assert isinstance(answer, ShortAnswer)
        self._open_response(presentation)
        for accepted in answer.accepted:
            self._answer_ident(accepted)
        self._condition(processing, "No",
                        *(self._test("varequal", "response1", a) for a in answer.accepted),
                        score="100")

    def _essay(self, presentation: etree._Element, processing: etree._Element) -> None:
        self._open_response(presentation)
        self._condition(processing, "No", etree.Element(_q("other")))

    def _matching(self, presentation: etree._Element, processing: etree._Element) -> None:
        answer = self.question.answer
        assert isinstance(answer, MatchingAnswer)
        rights = sorted({pair.right for pair in answer.pairs}, key=lambda t: (t.casefold(), t))
        right_ids = {text: self._answer_ident(f"right\0{text}") for text in rights}
        for pair, share in zip(answer.pairs, _shares(len(answer.pairs))):
            left = self._answer_ident(f"left\0{pair.left}")
            lid = _sub(presentation, "response_lid", ident=f"response_{left}")
            _material(lid, self.renderer.plain(pair.left), html=False)
            render = _sub(lid, "render_choice")
            for text in rights:
                _material(_sub(render, "response_label", ident=right_ids[text]), text, html=False)
            self._condition(processing, None,
                            self._test("varequal", f"response_{left}", right_ids[pair.right]),
                            score=share, action="Add")

    def _stem(self) -> str:
        """The stem's HTML; a cloze stem has `[blankN]` where each blank was, as Canvas's
        fill-in-multiple-blanks questions name their blanks."""
        stem = self._html(self.question.stem)
        if self.question.type is not QuestionType.CLOZE:
            return stem
        return "".join(part if isinstance(part, str) else f"[blank{part + 1}]"
                       for part in split_blanks(stem))

    def _cloze(self, presentation: etree._Element, processing: etree._Element) -> None:
        answer = self.question.answer
        assert isinstance(answer, ClozeAnswer)
        for number, (blank, share) in enumerate(zip(answer.blanks, _shares(len(answer.blanks))),
                                                start=1):
            name = f"blank{number}"
            lid = _sub(presentation, "response_lid", ident=f"response_{name}")
            _sub(_sub(lid, "material"), "mattext", name)
            render = _sub(lid, "render_choice")
            idents = [self._answer_ident(f"{name}\0{text}") for text in blank.accepted]
            for ident, text in zip(idents, blank.accepted):
                _material(_sub(render, "response_label", ident=ident), text, html=False)
            self._condition(processing, None, self._test("varequal", f"response_{name}", idents[0]),
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


def _shares(parts: int) -> list[str]:
    """Each part's share of SCORE, as Canvas writes it ("33.33"); the last one takes
    the rounding, so a fully right answer scores exactly 100."""
    share = round(100 / max(parts, 1), 2)
    return [f"{share:.2f}"] * (parts - 1) + [f"{100 - share * (parts - 1):.2f}"]


def _manifest(quiz: Quiz, ident: str, assets: list[Asset]) -> bytes:
    root = etree.Element(f"{{{CP}}}manifest", identifier=canvas_identifier("manifest", quiz.id),
                         nsmap={None: CP, "lom": LOM, "imsmd": IMSMD, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", " ".join((
        CP, "http://www.imsglobal.org/xsd/imscp_v1p1.xsd",
        LOM, "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lomresource_v1p0.xsd",
        IMSMD, "http://www.imsglobal.org/xsd/imsmd_v1p2p2.xsd")))

    def cp(parent: etree._Element, name: str, text: str | None = None, **attributes: str
           ) -> etree._Element:
        element = etree.SubElement(parent, f"{{{CP}}}{name}", attributes)
        element.text = text
        return element

    metadata = cp(root, "metadata")
    cp(metadata, "schema", "IMS Content")
    cp(metadata, "schemaversion", "1.1.3")
    title = etree.SubElement(etree.SubElement(etree.SubElement(
        metadata, f"{{{IMSMD}}}lom"), f"{{{IMSMD}}}general"), f"{{{IMSMD}}}title")
    etree.SubElement(title, f"{{{IMSMD}}}string").text = quiz.title
    cp(root, "organizations")
    resources = cp(root, "resources")
    meta_ident = canvas_identifier("meta", quiz.id)
    quiz_resource = cp(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
    cp(quiz_resource, "file", href=f"{ident}/{ident}.xml")
    cp(quiz_resource, "dependency", identifierref=meta_ident)
    meta = cp(resources, "resource", identifier=meta_ident,
              type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
              href=f"{ident}/assessment_meta.xml")
    cp(meta, "file", href=f"{ident}/assessment_meta.xml")
    for asset in assets:
        href = f"{MEDIA_FOLDER}/{asset.name}"
        resource = cp(resources, "resource", identifier=canvas_identifier("file", quiz.id, asset.name),
                      type="webcontent", href=href)
        cp(resource, "file", href=href)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _meta(quiz: Quiz, ident: str, renderer: Renderer) -> bytes:
    root = etree.Element(f"{{{CANVAS}}}quiz", identifier=ident, nsmap={None: CANVAS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{CANVAS} http://canvas.instructure.com/xsd/cccv1p0.xsd")
    for name, value in (("title", quiz.title), ("description", renderer.html(quiz.description)),
                        ("shuffle_answers", str(quiz.shuffle).lower()),
                        ("scoring_policy", "keep_highest"), ("quiz_type", "assignment"),
                        ("points_possible", _points(quiz.total_points)),
                        ("show_correct_answers", "true"), ("anonymous_submissions", "false"),
                        ("allowed_attempts", "1"), ("one_question_at_a_time", "false"),
                        ("cant_go_back", "false"), ("available", "false")):
        etree.SubElement(root, f"{{{CANVAS}}}{name}").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
