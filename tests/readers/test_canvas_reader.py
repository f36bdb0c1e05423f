"""The Canvas reader: Canvas's own exports read as Instructure's importer reads them, our
Canvas packages read back to the same questions, and what cannot come across warned.

The reference exports live in ../shared/reference/canvas as folders; each is zipped here
as Canvas ships it. Instructure's importer (../shared/importers/canvas) is the judge:
without it those tests skip and say why.
"""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from canvas_compare import canvas_import, imported, in_order, modelled
from exporter import readers
from exporter.cli import main
from exporter.readers.canvas.items import LEFT_OUT
from writers.test_markdown_writer import SHARED, SOURCES, round_trip
from writing import output

REFERENCE = SHARED / "reference" / "canvas"
PACKAGES = ["course_export_cc_canvas_cartridge", "course_export_with_banks",
            "quiz_export_qti12_canvas", "quiz_export_qti12_canvas_extended_1",
            "quiz_export_with_comments"]
FILES = ["items_1.2/all_canvas_simple_1.2.xml", "items_1.2/question_group.xml",
         "items_1.2/canvas_multiple_dropdown.xml", "items_1.2/canvas_multiple_fib_as_single.xml",
         "items_1.2/canvas_multiple_dropdowns_correct_choice_is_not_the_first.xml",
         "items_1.2/canvas_multiple_fib_extra_brackets.xml",
         "items_1.2/canvas_multiple_dropdowns.xml", "items_1.2/canvas_multiple_fib.xml",
         "items_1.2/multiple_answer_canvas.xml",
         "course_export_with_banks/non_cc_assessments/g9a20cf3af178b54e4792cbe992f65790.xml.qti"]


def zipped(folder: Path, target: Path) -> Path:
    """A reference export folder as the zip Canvas makes: the manifest first."""
    if not folder.is_dir():
        pytest.skip(f"Canvas's reference export is not here: {folder}")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(folder / "imsmanifest.xml", "imsmanifest.xml")
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name != "imsmanifest.xml":
                archive.write(path, path.relative_to(folder).as_posix())
    return target


def agree_with_importer(path: Path) -> readers.ReadResult:
    """Our reading of ``path`` and the importer's agree on every question we read; every
    question the importer reads that we do not is a type we leave out, with a warning."""
    result = readers.read(path)
    assert not [d for d in result.diagnostics if d.is_error], [str(d) for d in result.diagnostics]
    theirs, ours = imported(canvas_import(path)), modelled(result.quizzes)
    for ident, read in ours.items():
        if ident in theirs:  # a bank's own questions are ours alone: the importer reads quizzes
            assert read == theirs[ident], ident
    warned = " ".join(d.message for d in result.diagnostics)
    for ident, (kind, _, _) in theirs.items():
        if ident not in ours:
            assert kind in LEFT_OUT and f"Canvas {kind}" in warned, ident
    return result


@pytest.mark.parametrize("name", PACKAGES)
def test_reference_exports_read_as_the_importer_reads_them(name, tmp_path):
    result = agree_with_importer(zipped(REFERENCE / name, tmp_path / f"{name}.zip"))
    for quiz in result.quizzes:
        round_trip(quiz, tmp_path / quiz.id)


@pytest.mark.parametrize("name", FILES)
def test_reference_files_read_as_the_importer_reads_them(name):
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"Canvas's reference file is not here: {path}")
    agree_with_importer(path)


def test_a_course_export_reads_quizzes_and_banks_each_question_once(tmp_path):
    path = zipped(REFERENCE / "course_export_with_banks", tmp_path / "course.zip")
    quizzes = readers.read(path).quizzes
    assert [q.title for q in quizzes] == ["Some Old Quiz", "Last Bank", "First Bank"]
    ids = [q.id for quiz in quizzes for q in quiz.questions]
    assert len(ids) == len(set(ids)) == 5
    # the essay of "Some Old Quiz" copies a question of "First Bank": it is read in the quiz
    assert [q.type.value for q in quizzes[2].questions] == ["single", "truefalse"]


def test_groups_become_sections_that_pick(tmp_path):
    [quiz] = readers.read(REFERENCE / "items_1.2" / "question_group.xml").quizzes
    assert [(s.title, s.pick) for s in quiz.sections] == [("Group 1 (1/4)", 1),
                                                          ("Group 2(3/5)", 3)]
    assert [q.section.pick if q.section else None for q in quiz.questions] == \
        [1] * 4 + [3] * 5 + [None]


def test_dropped_constructs_are_warned_at_their_line():
    result = readers.read(REFERENCE / "items_1.2" / "all_canvas_simple_1.2.xml")
    lines = {(d.line, d.message.split(":")[0]) for d in result.diagnostics}
    assert (1487, "Canvas calculated_question") in lines  # the item's own line
    assert any(d.line == 1414 and "further numerical answer" in d.message
               for d in result.diagnostics)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_our_canvas_packages_read_back_to_the_same_questions(path, tmp_path):
    source = readers.read(path)
    if any(d.is_error for d in source.diagnostics):
        pytest.skip(f"{path.name} does not read without errors: not a round-trip case")
    for quiz in source.quizzes:
        first = tmp_path / f"{quiz.id}.first.zip"
        first.write_bytes(output("canvas", quiz))
        result = readers.read(first)
        assert not [d for d in result.diagnostics if d.is_error]
        [back] = result.quizzes
        second = tmp_path / f"{quiz.id}.second.zip"
        second.write_bytes(output("canvas", back))
        first_read, second_read = canvas_import(first), canvas_import(second)
        assert in_order(second_read) == in_order(first_read)
        # the item idents are kept, so importing the second package updates the first's
        assert list(imported(second_read)) == list(imported(first_read))
        round_trip(back, tmp_path / "markdown")


# --- Canvas's own references inside texts -----------------------------------------------

ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2">
  <assessment ident="g0" title="Texts">
    <section ident="root_section">
      <item ident="g1" title="Q">
        <itemmetadata><qtimetadata>
          <qtimetadatafield><fieldlabel>question_type</fieldlabel>
            <fieldentry>essay_question</fieldentry></qtimetadatafield>
          <qtimetadatafield><fieldlabel>points_possible</fieldlabel>
            <fieldentry>2.0</fieldentry></qtimetadatafield>
        </qtimetadata></itemmetadata>
        <presentation><material><mattext texttype="text/html">{stem}</mattext></material>
        </presentation>
      </item>
    </section>
  </assessment>
</questestinterop>
"""
DOT = (Path(__file__).parents[1] / "fixtures" / "images" / "dot.png").read_bytes()


def package(stem: str, files: dict[str, bytes] | None = None) -> bytes:
    from html import escape
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", '<manifest xmlns="http://www.imsglobal.org/xsd/'
                         'imsccv1p1/imscp_v1p1"><resources><resource identifier="g0" '
                         'type="imsqti_xmlv1p2"><file href="g0/g0.xml"/></resource>'
                         '</resources></manifest>')
        archive.writestr("g0/g0.xml", ITEM.format(stem=escape(stem)))
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def read_bytes(data: bytes, tmp_path: Path, name: str = "export.zip") -> readers.ReadResult:
    path = tmp_path / name
    path.write_bytes(data)
    return readers.read(path)


def test_package_images_become_assets_and_course_links_are_warned(tmp_path):
    stem = ('<p><img src="$IMS-CC-FILEBASE$/Uploaded%20Media/dot.png" alt="a dot"> and '
            '<img src="/courses/12/files/345/preview" alt="gone"></p>')
    result = read_bytes(package(stem, {"web_resources/Uploaded Media/dot.png": DOT}), tmp_path)
    [quiz] = result.quizzes
    [question] = quiz.questions
    assert question.stem == "![a dot](dot.png) and gone"
    assert quiz.assets["dot.png"].data == DOT
    [warning] = result.diagnostics
    assert warning.path.endswith("export.zip/g0/g0.xml") and warning.line == 5
    assert "/courses/12/files/345/preview" in warning.message and "left out" in warning.message


def test_equation_images_become_tex(tmp_path):
    stem = ('<p>Area <img class="equation_image" data-equation-content="\\pi r^2" '
            'src="/equation_images/%255Cpi%2520r%255E2"> and '
            '<img class="equation_image" src="/equation_images/x_%257Bi%257D%2520%253C%25202"></p>')
    [quiz] = read_bytes(package(stem), tmp_path).quizzes
    assert quiz.questions[0].stem == "Area \\(\\pi r^2\\) and \\(x_{i} < 2\\)"


def test_a_zip_that_is_no_quiz_package_says_what_it_holds(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
        archive.writestr("photo.png", DOT)
    [error] = read_bytes(buffer.getvalue(), tmp_path, "photos.zip").diagnostics
    assert error.is_error and "neither a Canvas export nor a QTI content package" in \
        error.message and "notes.txt, photo.png" in error.message


def test_check_json_names_the_file_inside_the_package_a_diagnostic_is_about(tmp_path):
    package = zipped(REFERENCE / "course_export_with_banks", tmp_path / "export.imscc")
    result = CliRunner().invoke(main, ["check", "--json", str(package)])
    entries = json.loads(result.output)["files"]
    diagnostics = [d for entry in entries for d in entry["diagnostics"]]
    assert diagnostics  # the calculated question left out, at its line in its own file
    assert all(d["path"].startswith(f"{package}/") for d in diagnostics), diagnostics
    assert {entry["path"] for entry in entries} == {str(package)}
