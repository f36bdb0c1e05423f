"""`Grade (X): 50%`: per-option grades as the reader takes them, and every way they can be wrong."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from exporter.cli import main
from exporter.readers import read

GRADED = """\
1. Which is a prime?
A) 4
B) 7
C) 9
D) 1
Answer: B
Grade (C): 50%
grade (d): -25 %

2. Which are even?
A) 2
B) 4
C) 6
D) 7
Answer: A, B, C
Grade (A): 50%
Grade (D): -100%
"""


def check_json(path) -> list[dict]:
    result = CliRunner().invoke(main, ["check", "--json", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["files"][0]["questions"]


def test_grades_as_check_json_reports_them(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text(GRADED)
    single, multiple = check_json(source)
    assert (single["answer"], single["grades"]) == (["B"], {"A": 0, "B": 1, "C": 0.5, "D": -0.25})
    # the correct options with no grade line share what (A)'s 50% leaves
    assert (multiple["answer"], multiple["grades"]) == (
        ["A", "B", "C"], {"A": 0.5, "B": 0.25, "C": 0.25, "D": -1})


def test_a_question_without_grade_lines_reports_no_grades(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("1. Pick one.\nA) x\nB) y\nAnswer: A\n")
    [question] = check_json(source)
    assert "grades" not in question


@pytest.mark.parametrize("lines, message", [
    ("Answer: A\nGrade (A): 50%", "8:12: error: Grade (A): 50%: (A) is the key of a single-answer "
                                  "question, which gives 100%"),
    ("Answer: A\nGrade (B): 100%", "8:12: error: Grade (B): 100%: only the key gives 100%; to make "
                                   "(B) the key, name it on the Answer: line"),
    ("Answer: A\nGrade (E): 10%", "8:12: error: `Grade (E):` names no option of this question"),
    ("Answer: A\nGrade (B): half", "8:12: error: Grade (B): must be a percentage from -100% to "
                                   "100%, such as `50%`, not `half`"),
    ("Answer: A\nGrade (B): 150%", "8:12: error: Grade (B): must be a percentage from -100% to "
                                   "100%, such as `50%`, not `150%`"),
    ("Answer: A\nGrade: 50%", "8:1: error: Grade: names no option: write the option's letter, "
                              "`Grade (B): 50%`"),
    ("Answer: A, B\nGrade (C): 20%", "8:12: error: Grade (C): 20%: (C) is not in the answer; a "
                                     "correct option is named on the Answer: line, a wrong one "
                                     "gives 0% or less"),
    ("Answer: A, B\nGrade (A): 0%", "8:12: error: Grade (A): 0%: (A) is correct, so it must give "
                                    "more than 0%"),
    ("Answer: A, B\nGrade (A): 50%\nGrade (B): 40%", "9:12: error: the correct options' grades add "
                                                      "up to 90%, not 100%"),
    ("Answer: A, B\nGrade (A): 100%", "8:12: error: the correct options' grades add up to 100%, "
                                      "which leaves nothing for (B)"),
])
def test_each_wrong_grade_is_an_error_at_its_line(tmp_path, lines, message):
    source = tmp_path / "quiz.md"
    source.write_text("1. Pick.\n\nA) x\nB) y\nC) z\nD) w\n" + lines + "\n")
    result = read(source)
    assert [str(d) for d in result.diagnostics] == [f"{source}:{message}"]


def test_grades_on_a_question_that_has_no_options(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("1. Capital of France?\n\nAnswer: Paris\nGrade (A): 50%\n")
    result = read(source)
    assert [str(d) for d in result.diagnostics] == [
        f"{source}:4:1: error: Grade (X): gives one option of a choice question its grade; this "
        "question reads as short"]
