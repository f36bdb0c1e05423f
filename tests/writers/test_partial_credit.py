"""Per-option grades (`Grade (X): 50%`) in every target, judged by what the platforms store."""
from __future__ import annotations

import csv
import io
import zipfile

from click.testing import CliRunner
from lxml import etree

from exporter.cli import main
from exporter.readers import read
from lms_importers import moodle_import
from writers.test_markdown_writer import round_trip
from writers.test_qti import Package, at, find, response, schemas  # noqa: F401 (a fixture)
from readers.test_grade_lines import GRADED as GRADE_LINES
from writing import output

GRADED = GRADE_LINES + "Points: 2\n"  # the grade lines' quiz, its second question worth 2
EXPECTED = [{"A": 0, "B": 1, "C": 0.5, "D": -0.25}, {"A": 0.5, "B": 0.25, "C": 0.25, "D": -1}]


def graded(tmp_path, text: str = GRADED):
    source = tmp_path / "graded.md"
    source.write_text(text)
    result = read(source)
    assert not result.diagnostics, [str(d) for d in result.diagnostics]
    return result.quizzes[0]


def test_moodle_stores_each_options_grade(tmp_path):
    package = tmp_path / "graded.moodle.xml"
    package.write_bytes(output("moodle", graded(tmp_path)))
    status, report = moodle_import(package)
    assert status == 0, report["errors"]
    stored = [{letter: answer["fraction"] for letter, answer in zip("ABCD", q["answers"])}
              for q in report["questions"]]
    assert stored == EXPECTED
    assert [q["qtype"] for q in report["questions"]] == ["multichoice", "multichoice"]


def test_a_grade_moodle_does_not_offer_is_written_as_its_nearest_with_a_warning(tmp_path):
    source = tmp_path / "graded.md"
    source.write_text("1. Pick.\nA) x\nB) y\nC) z\nAnswer: A\nGrade (B): 35%\n")
    result = CliRunner().invoke(main, ["build", str(source), "-f", "moodle", "-o",
                                       str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (f"{source}:3:1: warning: moodle: (B) gives 35%, which Moodle does not offer; "
            "written as 33.33333%") in result.output
    status, report = moodle_import(tmp_path / "out" / "graded.moodle.xml")
    assert status == 0, report["errors"]
    assert [a["fraction"] for a in report["questions"][0]["answers"]] == [1, 0.3333333, 0]


def test_moodle_partial_grades_come_in_and_go_back_unchanged(tmp_path):
    original = tmp_path / "bank.xml"
    original.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>q</text></name>
    <questiontext format="html"><text>Pick the best.</text></questiontext>
    <single>true</single>
    <answer fraction="100"><text>best</text></answer>
    <answer fraction="33.33333"><text>good</text></answer>
    <answer fraction="-10"><text>bad</text></answer>
  </question>
  <question type="multichoice">
    <name><text>r</text></name>
    <questiontext format="html"><text>Pick the right ones.</text></questiontext>
    <single>false</single>
    <answer fraction="75"><text>a</text></answer>
    <answer fraction="25"><text>b</text></answer>
    <answer fraction="0"><text>c</text></answer>
  </question>
</quiz>
""")
    status, before = moodle_import(original)
    assert status == 0, before["errors"]
    result = read(original)
    assert not result.diagnostics, [str(d) for d in result.diagnostics]
    again = tmp_path / "again.moodle.xml"
    again.write_bytes(output("moodle", result.quizzes[0]))
    status, after = moodle_import(again)
    assert status == 0, after["errors"]
    fractions = [[a["fraction"] for a in q["answers"]] for q in after["questions"]]
    assert fractions == [[a["fraction"] for a in q["answers"]] for q in before["questions"]]
    assert fractions == [[1, 0.3333333, -0.1], [0.75, 0.25, 0]]
    round_trip(result.quizzes[0], tmp_path / "markdown")


def test_qti_maps_each_option_to_its_share_of_the_points(tmp_path, schemas):  # noqa: F811
    quiz = graded(tmp_path)
    for target in ("qti21", "qti30"):
        package = Package(output(target, quiz), target)
        for item, question, expected in zip(package.items(), quiz.questions, EXPECTED):
            for schema in schemas[target]["content"]:
                assert schema.validate(item), schema.error_log
            (mapping,) = find(response(item, target), target, "mapping")
            assert (mapping.get(at(target, "lowerBound")), mapping.get(at(target, "upperBound"))) \
                == ("0", f"{question.points:g}")
            entries = {e.get(at(target, "mapKey")): float(e.get(at(target, "mappedValue")))
                       for e in find(mapping, target, "mapEntry")}
            assert entries == {letter: grade * question.points
                               for letter, grade in expected.items() if grade}
            assert find(item, target, "responseProcessing/setOutcomeValue/mapResponse")


def test_qti_without_grades_still_scores_by_the_key_alone(tmp_path):
    quiz = graded(tmp_path, "1. Pick.\nA) x\nB) y\nAnswer: A\n")
    item = etree.fromstring(zipfile.ZipFile(io.BytesIO(output("qti21", quiz))).read(
        f"item-{quiz.questions[0].id}.xml"))
    assert not find(item, "qti21", "mapping")
    assert find(item, "qti21", "responseProcessing/responseCondition/responseIf/match")


def test_canvas_says_it_keeps_the_key_only_and_answers_csv_lists_the_grades(tmp_path):
    source = tmp_path / "graded.md"
    source.write_text(GRADED)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(source), "-f", "canvas,answers", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (f"{source}:1:1: warning: canvas: Canvas grades a choice question by its key alone "
            "(multiple answers: by its own partial credit); the `Grade (X):` grades are not kept "
            "there") in result.output
    rows = list(csv.reader(io.StringIO((out / "graded.answers.csv").read_text("utf-8-sig"))))
    assert [row[4] for row in rows[1:]] == ["B; grades: B 100%, C 50%, D -25%",
                                            "A, B, C; grades: A 50%, B 25%, C 25%, D -100%"]


def test_grades_survive_our_markdown(tmp_path):
    round_trip(graded(tmp_path), tmp_path / "markdown")
