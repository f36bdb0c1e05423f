"""Canvas quiz packages: valid QTI 1.2, scored as Canvas scores them, read right by Canvas's importer."""
from __future__ import annotations

import io
import zipfile
from functools import partial
from pathlib import Path

import pytest
from lxml import etree

from exporter.model import QuestionType
from exporter.readers import read
from exporter.writers import canvas
from exporter.writers.canvas import items as canvas_items
from lms_importers import IMPORTERS, import_each, run_importer
from writing import output

FIXTURES = Path(__file__).parents[1] / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "reference" / "schemas" / "qtiv1p2" \
    / "ims_qtiasiv1p2.xsd"
NS = {"q": canvas_items.QTI, "cp": canvas.CP}


def _package(path: Path) -> tuple[zipfile.ZipFile, str]:
    result = read(path)
    archive = zipfile.ZipFile(io.BytesIO(output("canvas", result.quizzes[0])))
    return archive, canvas_items.canvas_identifier("quiz", result.quizzes[0].id)


def _items(path: Path) -> list[etree._Element]:
    archive, ident = _package(path)
    return etree.fromstring(archive.read(f"{ident}/{ident}.xml")).findall(".//q:item", NS)


def _metadata(item: etree._Element) -> dict[str, str]:
    return {f.findtext("q:fieldlabel", namespaces=NS): f.findtext("q:fieldentry", namespaces=NS)
            for f in item.iterfind(".//q:qtimetadatafield", NS)}


# --- a small evaluator of Canvas's resprocessing -------------------------------------------


def _holds(test: etree._Element, response: dict[str, set[str]]) -> bool:
    name = etree.QName(test).localname
    given = response.get(test.get("respident"), set())
    if name == "other":
        return True
    if name == "varequal":
        return test.text in given
    if name in ("vargte", "varlte"):
        numbers = [float(v) for v in given]
        bound = float(test.text)
        return any(n >= bound if name == "vargte" else n <= bound for n in numbers)
    if name == "and":
        return all(_holds(child, response) for child in test)
    if name == "or":
        return any(_holds(child, response) for child in test)
    if name == "not":
        return not _holds(test[0], response)
    raise AssertionError(f"unexpected test <{name}>")


def _conditionvar_holds(conditionvar: etree._Element, response: dict[str, set[str]]) -> bool:
    """Canvas's reading: varequals side by side are alternatives (the accepted strings
    of a short answer); other tests side by side must all hold (a range's two bounds)."""
    tests = list(conditionvar)
    if len(tests) > 1 and all(etree.QName(t).localname == "varequal" for t in tests):
        return any(_holds(t, response) for t in tests)
    return all(_holds(t, response) for t in tests)


def score(item: etree._Element, response: dict[str, set[str]]) -> float:
    """SCORE (out of 100) for a response, as Canvas runs the conditions."""
    total = 0.0
    for condition in item.iterfind("q:resprocessing/q:respcondition", NS):
        if not _conditionvar_holds(condition.find("q:conditionvar", NS), response):
            continue
        for setvar in condition.iterfind("q:setvar", NS):
            value = float(setvar.text)
            total = value if setvar.get("action") == "Set" else total + value
        if condition.get("continue") == "No":
            break
    return total


def _labels(item: etree._Element, lid: str = "response1") -> dict[str, str]:
    """Answer ident -> its text, for one response_lid."""
    node = item.find(f".//q:response_lid[@ident='{lid}']", NS)
    return {label.get("ident"): label.findtext(".//q:mattext", namespaces=NS)
            for label in node.iterfind(".//q:response_label", NS)}


def _ident(item: etree._Element, text: str, lid: str = "response1") -> str:
    return next(ident for ident, label in _labels(item, lid).items() if label == text)


# --- tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [FIXTURES / "all-types.md", ROOT / "source" / "week-6-questions.md",
                                  ROOT / "source" / "every-question-type.md"])
def test_assessment_is_valid_qti_1_2(path):
    if not SCHEMA.exists():
        pytest.skip(f"the QTI 1.2 schema is not here: {SCHEMA} (../shared is absent)")
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    archive, ident = _package(path)
    document = etree.fromstring(archive.read(f"{ident}/{ident}.xml"))
    assert schema.validate(document), schema.error_log.last_error


def test_every_type_has_canvas_type_and_points():
    items = _items(FIXTURES / "all-types.md")
    assert [(_metadata(i)["question_type"], _metadata(i)["points_possible"]) for i in items] == [
        ("multiple_choice_question", "3.0"), ("multiple_answers_question", "2.0"),
        ("true_false_question", "2.0"), ("numerical_question", "2.0"),
        ("numerical_question", "2.0"), ("short_answer_question", "2.0"),
        ("essay_question", "2.0"), ("matching_question", "2.0"),
        ("fill_in_multiple_blanks_question", "3.0")]
    for item in items[:3]:  # choice types: the answer ids are the options' idents
        idents = [label.get("ident") for label in item.iterfind(".//q:response_label", NS)]
        assert _metadata(item)["original_answer_ids"].split(",") == idents


def test_resprocessing_gives_full_marks_for_exactly_the_key():
    single, multiple, truefalse, numerical, numrange, short, essay, match, cloze = _items(
        FIXTURES / "all-types.md")

    b = _ident(single, "<code>torch.randn_like(std)</code>")
    assert score(single, {"response1": {b}}) == 100
    assert all(score(single, {"response1": {other}}) == 0 for other in _labels(single) if other != b)

    relu, adam, sigmoid, dropout = _labels(multiple)
    assert score(multiple, {"response1": {relu, sigmoid}}) == 100
    assert score(multiple, {"response1": {relu}}) == 0
    assert score(multiple, {"response1": {relu, sigmoid, adam}}) == 0

    assert score(truefalse, {"response1": {_ident(truefalse, "True")}}) == 100
    assert score(truefalse, {"response1": {_ident(truefalse, "False")}}) == 0

    for value, expected in (("3.14", 100), ("3.149", 100), ("3.131", 100), ("3.16", 0), ("3", 0)):
        assert score(numerical, {"response1": {value}}) == expected, value
    for value, expected in (("1.42", 100), ("1.6", 100), ("1.73", 100), ("1.4", 0), ("1.8", 0)):
        assert score(numrange, {"response1": {value}}) == expected, value

    assert score(short, {"response1": {"def"}}) == score(short, {"response1": {"lambda"}}) == 100
    assert score(short, {"response1": {"class"}}) == 0
    assert score(essay, {"response1": {"anything"}}) == 0  # graded by hand

    lids = [lid.get("ident") for lid in match.iterfind(".//q:response_lid", NS)]
    rights = ["Bernoulli pixels", "Gaussian outputs", "Latent regularisation"]
    right = {lid: {_ident(match, text, lid)} for lid, text in zip(lids, rights)}
    assert score(match, right) == 100
    swapped = {**right, lids[0]: right[lids[1]], lids[1]: right[lids[0]]}
    assert score(match, swapped) == pytest.approx(100 / 3, abs=0.01)

    stem = cloze.findtext("q:presentation/q:material/q:mattext", namespaces=NS)
    assert "[blank1]" in stem and "[blank2]" in stem and "[blank3]" in stem
    blanks = {f"response_blank{n}": _labels(cloze, f"response_blank{n}") for n in (1, 2, 3)}
    assert [list(labels.values()) for labels in blanks.values()] == [
        ["encoder"], ["decoder", "generator"], ["KL", "KL divergence"]]
    first = {lid: {next(iter(labels))} for lid, labels in blanks.items()}
    assert score(cloze, first) == 100


def test_feedback_is_itemfeedback_shown_by_its_condition():
    single = _items(FIXTURES / "all-types.md")[0]
    feedback = {f.get("ident"): f.findtext(".//q:mattext", namespaces=NS)
                for f in single.iterfind("q:itemfeedback", NS)}
    a = _ident(single, "<code>torch.rand_like(std)</code>")
    assert "standard normal" in feedback["general_fb"]
    assert "uniform" in feedback[f"{a}_fb"]
    shown = [c.find("q:displayfeedback", NS).get("linkrefid")
             for c in single.iterfind(".//q:respcondition", NS)
             if c.find("q:displayfeedback", NS) is not None]
    assert shown == ["general_fb", f"{a}_fb"]


def test_code_math_and_images_are_in_the_html():
    archive, ident = _package(FIXTURES / "all-types.md")
    items = etree.fromstring(archive.read(f"{ident}/{ident}.xml")).findall(".//q:item", NS)
    stem = items[0].findtext("q:presentation/q:material/q:mattext", namespaces=NS)
    assert r"\(a_1 * b_2\)" in stem
    pre = etree.HTML(stem).find(".//pre")
    assert pre.get("style") and "".join(pre.itertext()) == "eps = torch.randn_like(std)"
    essay = items[6].findtext("q:presentation/q:material/q:mattext", namespaces=NS)
    assert 'src="$IMS-CC-FILEBASE$/Uploaded%20Media/dot.png"' in essay
    assert archive.read("web_resources/Uploaded Media/dot.png") == (
        FIXTURES / "images" / "dot.png").read_bytes()


EXTRAS = """---
title: Extras
id: extras
description: "Read the figure first: ![a dot](images/dot.png)"
---

1. Match each call to what it does.

Type: matching
- `torch.randn(3)` -> normal samples
- $\\sigma(x)$ -> squashes to (0, 1)
- plain words -> nothing special

2. Give $g$ in m/s² near the ground.

Answer: 9.81 +- 0.05
"""


def _extras(folder: Path) -> Path:
    """A quiz with an image in its description and markup on matching left sides."""
    (folder / "images").mkdir(exist_ok=True)
    (folder / "images" / "dot.png").write_bytes((FIXTURES / "images" / "dot.png").read_bytes())
    path = folder / "extras.md"
    path.write_text(EXTRAS, encoding="utf-8")
    assert not read(path).diagnostics
    return path


def test_items_are_in_the_default_namespace_as_canvas_writes_them():
    archive, ident = _package(FIXTURES / "all-types.md")
    data = archive.read(f"{ident}/{ident}.xml")
    document = etree.fromstring(data)
    assert all(e.prefix is None for e in document.iter())  # no ns0:item, which namespace-blind
    assert data.count(b"xmlns=") == 1  # importers would not recognise; declared once, on the root


def test_numerical_bounds_are_decimal():
    numerical = _items(FIXTURES / "all-types.md")[3]
    bounds = [(etree.QName(t).localname, t.text)
              for t in numerical.iterfind(".//q:conditionvar//*[@respident]", NS)]
    assert bounds == [("varequal", "3.14"), ("vargte", "3.13"), ("varlte", "3.15")]


def test_essay_model_answer_is_a_grading_note_not_feedback():
    essay = _items(FIXTURES / "all-types.md")[6]
    notes = _metadata(essay)["grading_notes"]
    assert notes.startswith("Sampling $z = \\mu + \\sigma \\epsilon$ moves")
    assert essay.find("q:itemfeedback", NS) is None


def test_description_images_and_marked_up_matching_prompts(tmp_path):
    archive, ident = _package(_extras(tmp_path))
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    hrefs = {f.get("href") for f in manifest.iterfind(".//cp:file", NS)}
    assert "web_resources/Uploaded Media/dot.png" in hrefs
    assert "web_resources/Uploaded Media/dot.png" in archive.namelist()
    settings = etree.fromstring(archive.read(f"{ident}/assessment_meta.xml"))
    description = settings.findtext("{%s}description" % canvas.CANVAS)
    assert 'src="$IMS-CC-FILEBASE$/Uploaded%20Media/dot.png"' in description
    match = etree.fromstring(archive.read(f"{ident}/{ident}.xml")).find(".//q:item", NS)
    prompts = [(m.get("texttype"), m.text)
               for m in match.iterfind("q:presentation/q:response_lid/q:material/q:mattext", NS)]
    assert prompts == [("text/html", "<code>torch.randn(3)</code>"),
                       ("text/html", "\\(\\sigma(x)\\)"), ("text/plain", "plain words")]


def test_manifest_follows_canvas_quiz_exports():
    archive, ident = _package(FIXTURES / "all-types.md")
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    resources = manifest.findall(".//cp:resource", NS)
    by_type = {r.get("type"): r for r in resources}
    quiz = by_type["imsqti_xmlv1p2"]
    assert quiz.get("identifier") == ident
    assert quiz.find("cp:file", NS).get("href") == f"{ident}/{ident}.xml"
    meta = by_type["associatedcontent/imscc_xmlv1p1/learning-application-resource"]
    assert quiz.find("cp:dependency", NS).get("identifierref") == meta.get("identifier")
    assert meta.get("href") == f"{ident}/assessment_meta.xml"
    assert by_type["webcontent"].get("href") == "web_resources/Uploaded Media/dot.png"
    hrefs = {f.get("href") for f in manifest.iterfind(".//cp:file", NS)}
    assert hrefs == set(archive.namelist()) - {"imsmanifest.xml"}
    settings = etree.fromstring(archive.read(f"{ident}/assessment_meta.xml"))
    fields = {etree.QName(e).localname: e.text for e in settings}
    assert (fields["title"], fields["points_possible"], fields["shuffle_answers"]) == (
        "Every question type", "20.0", "false")


def test_identifiers_are_stable_and_rebuilds_identical(tmp_path):
    source = FIXTURES / "all-types.md"
    first = output("canvas", read(source).quizzes[0])
    assert first == output("canvas", read(source).quizzes[0])
    # a question added in front keeps every other question's identifiers
    moved = tmp_path / "all-types.md"
    text = source.read_text()
    moved.write_text(text.replace("1. Which call", "1. A new first question?\n\nAnswer: yes\n\n"
                                                    "2. Which call", 1))
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "dot.png").write_bytes((FIXTURES / "images" / "dot.png").read_bytes())
    before = [i.get("ident") for i in _items(source)]
    after = [i.get("ident") for i in _items(moved)]
    assert after[1:] == before


# --- Canvas's own importer (instructure/qti, what New Quizzes imports with) -----------------


def canvas_import(package: Path) -> tuple[int, dict]:
    return run_importer(IMPORTERS / "canvas" / "canvas_import.sh", "--compact",
                        str(package))


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> dict[str, dict]:
    """Each package through Instructure's importer, once."""
    folder = tmp_path_factory.mktemp("canvas")
    return import_each(folder,
                       {"all-types": FIXTURES / "all-types.md",
                        "week-6": ROOT / "source" / "week-6-questions.md",
                        "extras": _extras(folder)},
                       partial(output, "canvas"), ".canvas.zip", canvas_import)


def test_canvas_imports_every_type_with_its_key(imported):
    report = imported["all-types"]
    assert report["errors"] == [] and report["warnings"] == []
    [assessment] = report["assessments"]
    assert assessment["title"] == "Every question type"
    questions = assessment["questions"]
    quiz = read(FIXTURES / "all-types.md").quizzes[0]
    assert [q["question_type"] for q in questions] == [
        canvas_items.QUESTION_TYPE[q.type] for q in quiz.questions]
    assert [q["points_possible"] for q in questions] == [q.points for q in quiz.questions]
    assert assessment["points_total"] == quiz.total_points

    def correct(question):
        return [a["text"] for a in question["answers"] if a["correct"]]

    single, multiple, truefalse, numerical, numrange, short, essay, match, cloze = questions
    assert correct(single) == ["<code>torch.randn_like(std)</code>"]
    assert correct(multiple) == ["ReLU", "Sigmoid"]
    assert correct(truefalse) == ["True"]
    [exact] = numerical["answers"]
    assert (exact["type"], float(exact["value"]), float(exact["margin"])) == pytest.approx(
        ("marginOfError", 3.14, 0.01))
    [within] = numrange["answers"]
    assert (within["type"], within["start"], within["end"]) == ("withinARange", "1.42", "1.73")
    assert correct(short) == ["def", "lambda"]
    assert essay["interaction"] == "StringInteraction"
    assert essay["essay"]["grading_notes"] == quiz.questions[6].answer.model_answer
    assert [(a["left"], a["right"]) for a in match["answers"]] == [
        (p.left, p.right) for p in quiz.questions[7].answer.pairs]
    assert [b["accepted"] for b in cloze["blanks"]] == [
        ["encoder"], ["decoder", "generator"], ["KL", "KL divergence"]]
    assert "Uploaded%20Media/dot.png" in essay["stem_html"]


def test_canvas_imports_the_repaired_seed_with_its_keys(imported):
    questions = imported["week-6"]["assessments"][0]["questions"]
    quiz = read(ROOT / "source" / "week-6-questions.md").quizzes[0]
    assert {q["question_type"] for q in questions} == {"multiple_choice_question"}
    assert all(q.type is QuestionType.SINGLE for q in quiz.questions)
    keys = []
    for question, source in zip(questions, quiz.questions):
        [index] = [n for n, a in enumerate(question["answers"]) if a["correct"]]
        keys.append(source.options[index].letter)
    assert "".join(keys) == "BCBDABBAABD"


def test_canvas_imports_description_images_and_matching_markup(imported):
    report = imported["extras"]
    assert report["errors"] == [] and report["warnings"] == []  # the image reference resolves
    [assessment] = report["assessments"]
    assert "Uploaded%20Media/dot.png" in assessment["canvas_meta"]["description"]
    match, numerical = assessment["questions"]
    assert [(a["left"], a["right"]) for a in match["answers"]] == [
        ("<code>torch.randn(3)</code>", "normal samples"),
        ("\\(\\sigma(x)\\)", "squashes to (0, 1)"), ("plain words", "nothing special")]
    [exact] = numerical["answers"]
    assert (exact["type"], float(exact["value"]), float(exact["margin"])) == pytest.approx(
        ("marginOfError", 9.81, 0.05))
