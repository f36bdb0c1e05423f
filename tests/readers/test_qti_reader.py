"""The QTI 2.1 / 3.0 reader: our own packages read back to the same questions, the IMS
examples read where they map and named where they do not, never a crash.

The examples live in ../shared/reference/qti21 and qti30; without them those cases skip.
"""
from __future__ import annotations

import io
import zipfile

import pytest

from exporter import readers
from exporter.model import EssayAnswer, NumericAnswer
from exporter.render.renderer import Renderer
from writers.test_markdown_writer import SHARED, SOURCES, round_trip
from writing import output

EXAMPLES = sorted(p for version in ("qti21", "qti30")
                  for p in (SHARED / "reference" / version / "items").glob("*.xml")
                  if p.name != "imsmanifest.xml")


def keys(quiz) -> list[tuple]:  # noqa: ANN001 - a Quiz
    """What a grader checks of each question: type, points, key (numbers by their bounds), and
    the texts as they render."""
    renderer = Renderer(quiz, "qti21")
    found = []
    for question in quiz.questions:
        answer = question.answer
        if isinstance(answer, EssayAnswer):
            key = renderer.plain(answer.model_answer)
        elif isinstance(answer, NumericAnswer):
            key = (round(answer.low, 9), round(answer.high, 9))
        else:
            key = answer.as_data()
        found.append((question.type, question.points, key,
                      renderer.plain(question.stem) if question.type.value != "cloze" else None,
                      [renderer.plain(o.text) for o in question.options]))
    return found


@pytest.mark.parametrize("version", ["qti21", "qti30"])
@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_our_qti_packages_read_back_to_the_same_questions(path, version, tmp_path):
    source = readers.read(path)
    if any(d.is_error for d in source.diagnostics):
        pytest.skip(f"{path.name} does not read without errors: not a round-trip case")
    for quiz in source.quizzes:
        package = tmp_path / f"{quiz.id}.{version}.zip"
        package.write_bytes(output(version, quiz))
        result = readers.read(package)
        assert not [d for d in result.diagnostics if d.is_error], \
            [str(d) for d in result.diagnostics]
        [back] = result.quizzes
        assert back.title == quiz.title
        assert [q.id for q in back.questions] == [q.id for q in quiz.questions]
        assert keys(back) == keys(quiz)
        round_trip(back, tmp_path / "markdown")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_every_ims_example_is_read_or_named(path):
    result = readers.read(path)
    assert not [d for d in result.diagnostics if "internal error" in d.message]
    questions = [q for quiz in result.quizzes for q in quiz.questions]
    if not questions:  # a warning says why: the interaction, the template, no key
        assert [d for d in result.diagnostics], path.name
        assert any("left out" in d.message or "no correct" in d.message
                   for d in result.diagnostics), [str(d) for d in result.diagnostics]


@pytest.mark.parametrize("name, kind, key", [
    ("choice.xml", "single", ["A"]), ("choice_multiple.xml", "multiple", ["A", "D"]),
    ("text_entry.xml", "short", ["York"]), ("extended_text.xml", "essay", None),
    ("match.xml", "matching", None), ("associate.xml", "matching", None),
    ("inline_choice.xml", "cloze", [{"answer": "York",
                                     "choices": ["Gloucester", "Lancaster", "York"]}]),
])
def test_ims_examples_that_map_come_across_with_their_key(name, kind, key):
    for version in ("qti21", "qti30"):
        path = SHARED / "reference" / version / "items" / name
        if not path.exists():
            pytest.skip(f"the IMS example is not here: {path}")
        [quiz] = readers.read(path).quizzes
        [question] = quiz.questions
        assert question.type.value == kind
        if key is not None:
            assert question.answer.as_data() == key


def test_mathml_without_tex_stays_mathml_with_a_warning():
    path = SHARED / "reference" / "qti21" / "items" / "math.xml"
    if not path.exists():
        pytest.skip(f"the IMS example is not here: {path}")
    result = readers.read(path)
    assert "<math" in result.quizzes[0].questions[0].stem
    assert any("no TeX annotation" in d.message for d in result.diagnostics)


def test_the_test_order_and_its_pools_are_kept(tmp_path):
    item = ('<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="{0}" '
            'title="{0}"><responseDeclaration identifier="RESPONSE" cardinality="single" '
            'baseType="identifier"><correctResponse><value>A</value></correctResponse>'
            '</responseDeclaration><itemBody><p>Question {0}</p><choiceInteraction '
            'responseIdentifier="RESPONSE" maxChoices="1"><simpleChoice identifier="A">yes'
            '</simpleChoice><simpleChoice identifier="B">no</simpleChoice></choiceInteraction>'
            '</itemBody></assessmentItem>')
    test = ('<assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="t" '
            'title="Ordered"><testPart identifier="p"><assessmentSection identifier="s" '
            'title="Pool" visible="true"><selection select="1"/>'
            '<assessmentItemRef identifier="b" href="items/b.xml"/>'
            '<assessmentItemRef identifier="a" href="items/a.xml"/></assessmentSection>'
            '</testPart></assessmentTest>')
    manifest = ('<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><resources>'
                '<resource identifier="a" type="imsqti_item_xmlv2p1" href="items/a.xml"/>'
                '<resource identifier="c" type="imsqti_item_xmlv2p1" href="items/c.xml"/>'
                '<resource identifier="b" type="imsqti_item_xmlv2p1" href="items/b.xml"/>'
                '<resource identifier="t" type="imsqti_test_xmlv2p1" href="test.xml"/>'
                '</resources></manifest>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", manifest)
        archive.writestr("test.xml", test)
        for name in "abc":
            archive.writestr(f"items/{name}.xml", item.format(name))
    path = tmp_path / "package.zip"
    path.write_bytes(buffer.getvalue())
    [quiz] = readers.read(path).quizzes
    assert quiz.title == "Ordered"
    assert [q.id for q in quiz.questions] == ["b", "a", "c"]
    assert [(q.section.title, q.section.pick) if q.section else None
            for q in quiz.questions] == [("Pool", 1), ("Pool", 1), None]


def test_feedback_is_read_once_so_its_warning_comes_once(tmp_path):
    item = tmp_path / "item.xml"
    item.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<assessmentItem xmlns="http://www.imsglobal.org/'
        'xsd/imsqti_v2p1" identifier="i1" title="t" adaptive="false" timeDependent="false">'
        '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">'
        '<correctResponse><value>A</value></correctResponse></responseDeclaration><itemBody>'
        '<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><simpleChoice '
        'identifier="A">a</simpleChoice><simpleChoice identifier="B">b</simpleChoice>'
        '</choiceInteraction></itemBody><modalFeedback outcomeIdentifier="FEEDBACK" identifier="A"'
        ' showHide="show"><math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math>'
        '</modalFeedback></assessmentItem>\n')
    result = readers.read(item)
    assert [d.message.split(":")[0] for d in result.diagnostics] == [
        "MathML in the feedback has no TeX annotation"]
    assert "<math" in result.quizzes[0].questions[0].options[0].feedback
