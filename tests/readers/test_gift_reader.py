"""The GIFT reader, judged by Moodle's own GIFT importer (qformat_gift).

Each GIFT file is imported by Moodle as it is; then our reader reads it and
our Moodle writer writes it out, and Moodle imports that: Moodle must store
the same questions, field by field, except where our reader warned. Moodle's
GIFT files are read in place from ../shared/reference/moodle/gift (they are
GPL: never copied here); every-construct.gift is ours.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter.cli import main
from exporter.readers import Reading, read, reader_for
from lms_importers import moodle_import, moodle_reimport
from readers.moodle_compare import differences

ROOT = Path(__file__).resolve().parents[2]
GIFT = Path(os.environ.get("LMS_SHARED", ROOT.parent / "shared")) / "reference" / "moodle" / "gift"
OURS = ROOT / "tests" / "fixtures" / "gift" / "every-construct.gift"

# question -> the fields Moodle stores differently after our round trip; each is a loss
# our reader announced at the question's line (partial answers, per-answer feedback)
ROUND_TRIP = {
    "examples.gift.txt": {
        "When was Ulysses S. Grant born?": "answers", "Who's buried in Grant's tomb?": "answers",
        "Who's buried in **Grant's tomb**?": "answers", "Jesus' hometown": "answers",
        "Jesus' hometown (Short answer ex.)": "answers", "Numerical example": "answers"},
    "questions.gift.txt": {"Q5": "answers", "Shortanswer": "answers"},
    "questions_in_category.gift.txt": {},
    "every-construct.gift": {"Capital": "answers",
                             "Grant was born in _____ (missing word).": "answers"},
}


def source(name: str) -> Path:
    path = OURS if name == OURS.name else GIFT / name
    if not path.exists():
        pytest.skip(f"Moodle's GIFT files are not here: {GIFT} (../shared is absent)")
    return path


@pytest.mark.parametrize("name", sorted(ROUND_TRIP))
def test_moodle_stores_the_same_questions_from_the_gift_file_and_from_our_reading(tmp_path, name):
    path = source(name)
    status, before = moodle_import(path)
    assert status == 0, before["errors"]
    result = read(path)
    assert not [d for d in result.diagnostics if d.is_error], [str(d) for d in result.diagnostics]
    stored = moodle_reimport(result.quizzes, tmp_path)
    questions = [q for q in before["questions"] if q["qtype"] != "description"]
    found = {line.split(": ")[0]: line.split(": ")[1] for line in differences(questions, stored)}
    assert found == ROUND_TRIP[name]
    warned = {d.line for d in result.diagnostics}
    assert len(warned) >= len(found)  # each difference is a question our reader warned about


def test_every_construct_reads_into_the_model():
    result = read(OURS)
    first, second = result.quizzes
    assert (first.title, first.category, second.category) == ("Basics", "Week 1//2/Basics", "Week 2")
    keys = [(q.line, q.type.value, q.answer.as_data()) for q in first.questions]
    assert keys == [
        (5, "single", ["A"]), (12, "multiple", ["A", "B"]), (18, "truefalse", True),
        (20, "truefalse", False), (22, "short", ["Paris", "paris"]),
        (24, "numerical", {"value": 3.14, "tolerance": 0.01}),
        (26, "numerical", {"value": 1.5, "tolerance": 0.5}),
        (28, "numerical", {"value": 1822.0, "tolerance": 0.0}),
        (30, "matching", [["France", "Paris"], ["Italy", "Rome"]]), (36, "essay", None),
        (38, "single", ["B"]), (44, "short", ["yes"])]
    mc = first.questions[0]
    assert (mc.id, mc.tags, mc.feedback) == ("mc-1", ["basics", "arithmetic"],
                                              "Two and two make four.")
    assert [(o.text, o.feedback, o.grade) for o in mc.options] == [
        ("4", "right", None), ("3", "one short", None), ("four", "the word counts half", 0.5),
        ("5", "a penalty", -0.25)]
    truth = first.questions[2].answer
    assert (truth.true_feedback, truth.false_feedback) == ("Yes: Rayleigh scattering.",
                                                            "Look again.")
    assert first.questions[8].answer.distractors == ("Madrid",)
    escapes = first.questions[10]
    assert escapes.stem == "Which is not a control character: ~ = # { } : ?"
    assert [o.text for o in escapes.options] == ["~", "\\\\", "\\#"]  # Markdown escapes
    assert first.questions[11].stem == "A **bold** question?"
    assert second.questions[0].stem == "Grant is \\_\\_\\_\\_\\_ in Grant's tomb."
    assert [str(d).split(": ", 1)[1] for d in result.diagnostics if d.line == 46] == [
        "warning: a description is not a question: left out"]


@pytest.mark.parametrize("text, expected", [
    ("What? {=a\n", "1:7: error: the answer's braces do not match: a `{` with no `}` after it "
                    "(a literal brace is written `\\{` or `\\}`)"),
    ("  What } now {=a}\n", "1:8: error: the answer's braces do not match: a `}` with no `{` "
                            "before it (a literal brace is written `\\{` or `\\}`)"),
    ("Q \\{ \\} {~only}\n", "1:10: error: a multiple-choice question needs at least 2 answers"),
    ("Q {=a->b}\n", "1:4: error: a matching question needs at least 2 pairs (`=left -> right`)"),
    ("Q {#x:1}\n", "1:5: error: `x:1` is not a number, `number:tolerance` or `low..high` "
                   "(Moodle would accept any answer here)"),
    ("Q {=a->b =c}\n", "1:11: error: each pair of a matching question is `=left -> right`; "
                       "this one has no `->`"),
])
def test_malformed_blocks_are_errors_at_their_line_and_column(tmp_path, text, expected):
    path = tmp_path / "bank.gift"
    path.write_text(text)
    assert [str(d) for d in read(path).diagnostics] == [f"{path}:{expected}"]


def test_a_block_error_costs_only_that_question(tmp_path):
    path = tmp_path / "bank.gift"
    path.write_text("First {=a}\n\nBroken {=b\n\nThird {=c}\n")
    result = read(path)
    assert [q.stem for q in result.quizzes[0].questions] == ["First", "Third"]
    assert [d.line for d in result.diagnostics] == [3]


def test_hostile_gift_files(tmp_path):
    deep = tmp_path / "deep.gift"
    deep.write_text("Q " + "\\" * 20000 + "{=a}\n")  # 10,000 escaped backslashes, then the answer
    [question] = read(deep).quizzes[0].questions
    assert question.answer.as_data() == ["a"]
    junk = tmp_path / "junk.gift"
    junk.write_bytes(bytes(range(256)) * 4)
    assert [str(d) for d in read(junk).diagnostics] == [
        f"{junk}:1:1: error: the file holds NUL bytes: it looks binary, not a GIFT file"]
    windows = tmp_path / "cp1252.gift"
    windows.write_bytes("Caf\u00e9? {=oui}\n".encode("cp1252"))
    assert [str(d) for d in read(windows).diagnostics] == [
        f"{windows}:1:4: error: the file is not valid UTF-8: byte 0xe9 cannot be decoded "
        "(save the file as UTF-8, or name its encoding: --encoding cp1252)"]


def test_a_50_mb_file_with_an_unclosed_brace_is_one_clear_error(tmp_path):
    big = tmp_path / "big.gift"
    with big.open("w") as out:
        out.write("A question {=a\n")
        for _ in range(50):
            out.write("x" * (2**20 - 1) + "\n")
    assert big.stat().st_size > 50 * 2**20
    assert [str(d) for d in read(big).diagnostics] == [
        f"{big}:1:12: error: the answer's braces do not match: a `{{` with no `}}` after it (a "
        "literal brace is written `\\{` or `\\}`)"]


@pytest.mark.parametrize("head, name, expected", [
    (b"::Q1:: What is 2+2? {=4}\n", "bank.txt", "gift"),
    (b"// comment\n$CATEGORY: Week 1\n\nQ {=a}\n", "bank.md", "gift"),
    (b"\xef\xbb\xbfWho is buried in Grant's tomb? {~Grant =no one}\n", "notes.txt", "gift"),
    (b"1. What is 2+2?\n\nAnswer: 4\n\nconst x = {=y}\n", "quiz.md", "markdown"),
    (b"# Notes\n\nA set {1, 2} and a map {a: 1}.\n", "notes.md", "markdown"),
    (b"<?xml version='1.0'?><quiz>", "bank.txt", "moodle"),
])
def test_gift_is_recognised_by_content_and_only_when_plain(tmp_path, head, name, expected):
    assert reader_for(tmp_path / name, head).name == expected


def test_from_gift_forces_the_reader(tmp_path):
    path = tmp_path / "quiz.md"
    path.write_text("Capital of France? {=Paris}\n")
    result = CliRunner().invoke(main, ["check", "--json", "--from", "gift", str(path)])
    assert result.exit_code == 0, result.output
    [question] = json.loads(result.output)["files"][0]["questions"]
    assert (question["type"], question["answer"]) == ("short", ["Paris"])


def test_a_windows_bank_needs_encoding_and_reads_right_with_it():
    path = source("questions_encoding_windows-1252.gift.txt")
    assert [str(d).split(":", 1)[1] for d in read(path).diagnostics] == [
        "15:7: error: the file is not valid UTF-8: byte 0xf6 cannot be decoded (save the file as "
        "UTF-8, or name its encoding: --encoding cp1252)"]
    result = read(path, Reading(encoding="cp1252"))
    assert result.diagnostics == []
    [matching] = [q for q in result.quizzes[0].questions if q.type.value == "matching"]
    assert matching.answer.pairs[0].left == "aödf"


def test_encoding_is_an_option_of_every_command_and_a_bad_name_is_bad_usage(tmp_path):
    path = tmp_path / "quiz.md"
    path.write_bytes("1. Caf\u00e9 or th\u00e9?\n\nAnswer: caf\u00e9\n".encode("cp1252"))
    for command in ("check", "build", "preview"):
        result = CliRunner().invoke(main, [command, "--encoding", "cp1252", str(path), "-o" if
                                           command != "check" else "--strict",
                                           *([str(tmp_path / command)] if command != "check"
                                             else [])])
        assert result.exit_code == 0, (command, result.output)
    result = CliRunner().invoke(main, ["check", "--encoding", "klingon", str(path)])
    assert result.exit_code == 2
    assert "unknown encoding 'klingon'" in result.output
