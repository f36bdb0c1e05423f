"""Every diagnostic of FORMAT.md: its exact line, column and message, and no traceback ever."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from exporter.readers import read
from exporter.readers import read as read_safely
from reading import diagnostics

FIXTURES = Path(__file__).parents[1] / "fixtures"
BAD = FIXTURES / "bad"


@pytest.mark.parametrize("name, expected", [
    ("no-stem.md", ["3:1: error: question 1 has no stem: write the question after `1.`"]),
    ("no-answer.md", ["3:1: error: question 1 has no answer: options A–B need an `Answer:` "
                      "line naming the correct one"]),
    ("bad-letter.md", ["9:10: error: answer (E) names no option: options are A–C"]),
    ("repeated-letter.md", ["7:1: error: option (B) repeats an earlier option letter"]),
    ("out-of-order.md", ["6:1: error: option (C) follows (A): expected (B)"]),
    ("unclosed-fence.md", [
        "3:1: error: question 1 has no answer: add an `Answer:` line (or `Type: essay`)",
        "5:1: error: code fence ``` opened here is never closed"]),
    ("unbalanced-math.md", ["3:10: error: unbalanced math: `$` is never closed "
                            "(write `\\$` for a literal dollar sign)"]),
    ("front-matter-yaml.md", ["3:14: error: invalid front matter: expected ',' or ']', "
                              "but got '<stream end>'"]),
    ("front-matter-types.md", ["3:1: error: invalid front matter: `points` must be a positive "
                               "number, not 'many'"]),
    ("front-matter-list.md", ["2:1: error: invalid front matter: expected `key: value` lines, "
                              "found a list"]),
    ("front-matter-id.md", ["3:1: error: invalid front matter: `id` '../../etc/x' must be letters, "
                            "digits, `-`, `_` or `.` (it names the output files)"]),
    ("numbering.md", ["7:1: warning: question number 3 follows 1: expected 2",
                      "11:1: warning: question number 3 repeats the number of line 7"]),
    ("lost-stem.md", ["10:1: error: options follow the answer of the previous question with no "
                      "new numbered line: a question's stem was probably lost here (add `N. stem` "
                      "above these options)"]),
    ("lost-number.md", ["10:1: error: this question follows the answer of the question at line 3 "
                        "with no numbered line: number it (`N. ...`)"]),
    ("matching-no-pairs.md", ["5:1: error: a matching question needs lines `- left -> right` "
                              "and has none"]),
    ("empty-blank.md", ["3:17: error: a cloze blank [[...]] is empty or has an empty alternative"]),
    ("feedback-letter.md", ["9:1: error: `Feedback (C):` names no option of this question"]),
    ("bad-points.md", ["6:1: error: Points: must be a positive number, not `lots`"]),
    ("no-questions.md", ["1:1: error: no question found: questions start with a line `1.` or "
                         "`1)` at column 0, or `### Q1.`, `**1.**`, `Q1:`"]),
])
def test_each_diagnostic_at_its_line(name, expected):
    assert diagnostics(BAD / name) == expected


def test_missing_image_and_image_outside_the_folder():
    [missing] = read(BAD / "missing-image.md").diagnostics
    assert (missing.line, missing.column, missing.is_error) == (5, 1, True)
    assert "images/missing.png" in missing.message
    [outside] = read(BAD / "image-outside.md").diagnostics
    assert (outside.line, outside.column, outside.is_error) == (5, 1, True)
    assert "../../secret.png" in outside.message and "outside" in outside.message


def test_not_utf8_points_at_the_first_bad_byte(tmp_path):
    source = tmp_path / "latin1.md"
    source.write_bytes("1. Café?\n\nAnswer: x\n\n2. Naïve?\n".encode("utf-8") + b"\nAnswer: caf\xe9\n")
    assert diagnostics(source) == [
        "7:12: error: the file is not valid UTF-8: byte 0xe9 cannot be decoded (save the file as "
        "UTF-8, or name its encoding: --encoding cp1252)"]


def test_binary_and_empty_files(tmp_path):
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert diagnostics(binary) == [
        "3:1: error: the file holds NUL bytes: it looks binary, not a Markdown quiz"]
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"\n  \n")
    assert diagnostics(empty) == [
        "1:1: error: the file is empty: a quiz needs at least one numbered question"]


def test_bom_in_the_middle_and_control_characters(tmp_path):
    source = tmp_path / "pasted.md"
    source.write_text("1. One?\n\nAnswer: 1\n\ufeff2. Two\x07?\n\nAnswer: 2\n")
    assert diagnostics(source) == [
        "4:1: error: a byte-order mark (U+FEFF) stands in the middle of the file: two files were "
        "probably pasted together; delete it",
        "4:8: warning: control character U+0007 removed: XML cannot carry it"]


def test_random_bytes_and_mutations_of_the_seed_never_raise(tmp_path):
    seed = (FIXTURES / "week-6-questions.md").read_bytes()
    rng = random.Random(20261124)
    target = tmp_path / "fuzz.md"
    for round_ in range(300):
        if round_ % 3 == 0:
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        else:
            data = bytearray(seed)
            for _ in range(rng.randrange(1, 20)):
                position = rng.randrange(len(data))
                choice = rng.random()
                if choice < 0.4:
                    data[position] = rng.randrange(256)
                elif choice < 0.7:
                    del data[position:position + rng.randrange(1, 200)]
                else:
                    data[position:position] = rng.choice(
                        [b"$", b"```", b"\n1. ", b"(Z) ", b"Answer: ", b"[[", b"\n---\n", b"\xff"])
            data = bytes(data)
        target.write_bytes(data)
        result = read(target)  # must not raise
        assert all(d.line >= 1 and d.column >= 1 for d in result.diagnostics)


def test_an_internal_failure_becomes_an_error_on_that_file(monkeypatch, tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("1. Q?\n\nAnswer: 1\n")

    def explode(*_args, **_kwargs):
        raise ValueError("boom")

    monkeypatch.setattr("exporter.readers.markdown.reader.read", explode)
    result = read_safely(source)
    assert result.quizzes == []
    assert [d.message for d in result.diagnostics] == [
        "internal error while reading this file (ValueError: boom); please report it with the file"]
