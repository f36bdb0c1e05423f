"""The GIFT writer, judged by Moodle's own GIFT importer (qformat_gift).

What Moodle stores from our GIFT file must be what it stores from our Moodle
XML of the same quiz (types, texts, answers with their grades and feedback,
pairs, ids and tags), but for the questions the writer left out with a
warning; and a GIFT bank brought in and written again imports as it did.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter.cli import main
from exporter.diagnostics import Reporter
from exporter.readers import read
from exporter.writers import get
from lms_importers import moodle_import
from readers.moodle_compare import differences
from readers.test_gift_reader import ROUND_TRIP, source
from writers.test_markdown_writer import SOURCES
from writing import output

KEPT = ("qtype", "text", "answers", "feedback", "tags", "pairs", "idnumber")


def stored(path: Path) -> list[dict]:
    status, report = moodle_import(path)
    assert status == 0, report["errors"]
    return report["questions"]


def gift(quiz, folder: Path, name: str) -> tuple[Path, list]:
    """The quiz written as GIFT in ``folder``, and the writer's diagnostics."""
    report = Reporter(quiz.path)
    [data] = get("gift")(quiz, report).values()
    path = folder / f"{name}.gift.txt"
    path.write_bytes(data)
    return path, report.sorted()


def kept(lines: list[str]) -> list[str]:
    """The differences in what GIFT is asked to hold (not points or penalties)."""
    return [line for line in lines if line.split(": ")[1] in KEPT]


# the questions GIFT cannot hold, by the line of their source: images, several blanks
LEFT_OUT = {"every-question-type.md": {53, 79}, "all-types.md": {56, 70}, "cloze.md": {3},
            "script-tags.md": {3}}  # a raw <img> there


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_moodle_stores_from_our_gift_what_it_stores_from_our_moodle_xml(tmp_path, path):
    result = read(path)
    if result.has_errors:
        pytest.skip("a source with errors builds nothing")
    [quiz] = result.quizzes
    xml = tmp_path / "quiz.moodle.xml"
    xml.write_bytes(output("moodle", quiz))
    text, warnings = gift(quiz, tmp_path, "quiz")
    left_out = {d.line for d in warnings if " is left out: " in d.message}
    assert left_out == LEFT_OUT.get(path.name, set())
    expected = [stored_question for stored_question, question in zip(stored(xml), quiz.questions)
                if question.line not in left_out]
    assert kept(differences(expected, stored(text))) == []


@pytest.mark.parametrize("name", sorted(ROUND_TRIP))
def test_a_gift_bank_through_our_markdown_imports_as_it_did(tmp_path, name):
    """GIFT -> our Markdown -> GIFT: Moodle stores what it stored from the original, but
    what our reader warned about (ROUND_TRIP)."""
    original = source(name)
    written = []
    for quiz in read(original).quizzes:
        [markdown] = [data for file, data in get("markdown")(quiz, Reporter(quiz.path)).items()
                      if file.endswith(".md")]
        (tmp_path / f"{quiz.id}.md").write_bytes(markdown)
        [again] = read(tmp_path / f"{quiz.id}.md").quizzes
        written += stored(gift(again, tmp_path, quiz.id)[0])
    before = [q for q in stored(original) if q["qtype"] != "description"]
    found = {line.split(": ")[0] for line in kept(differences(before, written))}
    assert found == set(ROUND_TRIP[name])


def test_reserved_characters_and_one_blank_cloze_import_as_written(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("---\ntags: x\n---\n1. Braces {a}, a = b, ~tilde, #hash and a: colon?\n\n"
                      "(A) {x}\n(B) y = z\n\nAnswer: A\nFeedback (A): right: #1 ~ \\\\ \n"
                      "Tags: a]b\n\n2. Paris is the capital of [[France | ~Spain]], isn't it?\n")
    [quiz] = read(source).quizzes
    path, warnings = gift(quiz, tmp_path, "quiz")
    assert warnings == []
    choice, cloze = stored(path)
    assert choice["questiontext"] == "<p>Braces {a}, a = b, ~tilde, #hash and a: colon?</p>"
    assert [(a["answer"], a["fraction"], a["feedback"]) for a in choice["answers"]] == [
        ("{x}", 1.0, "<p>right: #1 ~ \\</p>"), ("y = z", 0.0, "")]
    assert choice["tags"] == ["a]b"]
    assert (cloze["qtype"], cloze["questiontext"]) == (
        "multichoice", "<p>Paris is the capital of _____, isn't it?</p>")
    assert [(a["answer"], a["fraction"]) for a in cloze["answers"]] == [("France", 1.0),
                                                                      ("Spain", 0.0)]


def test_what_gift_cannot_hold_is_left_out_with_a_warning_and_the_file_still_written(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "source/every-question-type.md", "-f", "gift",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [line.split(": ", 1)[1] for line in result.output.splitlines() if "gift:" in line]
    assert lines == [
        "warning: gift: GIFT has no points (Moodle gives each question 1): the questions' "
        "points (1, 2, 5) are not kept",
        "warning: gift: question 5 is left out: it shows images, and GIFT carries no files "
        "(build it for Moodle XML)",
        "warning: gift: GIFT has no grader information; the essay's model answer is not kept "
        "there",
        "warning: gift: question 9 is left out: a cloze question of 2 blanks (GIFT holds one "
        "missing word; build it for Moodle XML, whose Cloze holds them all)"]
    assert len(stored(out / "week6-practice.gift.txt")) == 7


def test_a_hand_written_gift_file_is_not_overwritten(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("1. Six times seven?\n\nAnswer: 42\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "quiz.gift.txt").write_text("Mine {=42}\n")
    result = CliRunner().invoke(main, ["build", str(source), "-f", "gift", "-o", str(out)])
    assert result.exit_code == 1
    assert "quiz.gift.txt exists and was not written by lms-export" in result.output
    assert (out / "quiz.gift.txt").read_text() == "Mine {=42}\n"
    result = CliRunner().invoke(main, ["build", str(source), "-f", "gift", "-o", str(out)] +
                                ["--force"])
    assert result.exit_code == 0, result.output
    rebuilt = (out / "quiz.gift.txt").read_bytes()
    assert CliRunner().invoke(main, ["build", str(source), "-f", "gift", "-o", str(out)]).exit_code == 0
    assert (out / "quiz.gift.txt").read_bytes() == rebuilt  # ours now: replaced, byte-identical


def test_a_raw_html_image_leaves_its_question_out_as_a_markdown_image_does(tmp_path):
    (tmp_path / "dot.png").write_bytes(
        (Path(__file__).parents[1] / "fixtures" / "images" / "dot.png").read_bytes())
    source = tmp_path / "quiz.md"
    source.write_text('1. Which dot? <img src="dot.png" alt="dot">\n\nAnswer: 1\n\n'
                      "2. Six times seven?\n\nAnswer: 42\n")
    [quiz] = read(source).quizzes
    path, warnings = gift(quiz, tmp_path, "quiz")
    assert [(d.line, d.message) for d in warnings] == [
        (1, "gift: question 1 is left out: it shows images, and GIFT carries no files (build "
            "it for Moodle XML)")]
    assert "data:image" not in path.read_text() and len(stored(path)) == 1
