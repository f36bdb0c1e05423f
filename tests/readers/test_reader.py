"""The reader: every question type and answer syntax read to the right type, key and line."""
from __future__ import annotations

from pathlib import Path

import pytest

from exporter.model import QuestionType, split_blanks
from exporter.readers import read

FIXTURES = Path(__file__).parents[1] / "fixtures"


def read_fixture(name: str):
    result = read(FIXTURES / name)
    assert len(result.quizzes) == 1
    return result


def keys(result) -> list:
    return [(q.line, q.type.value, q.answer.as_data()) for q in result.quizzes[0].questions]


def test_seed_as_delivered_reads_eleven_single_questions_and_one_error():
    result = read_fixture("week-6-questions.md")
    quiz = result.quizzes[0]
    assert quiz.title == "Week-6 Questions"
    assert quiz.description.startswith("Prof . Prathosh AP and Chandan J")
    assert "May 2025" in quiz.description
    assert [q.type for q in quiz.questions] == [QuestionType.SINGLE] * 11
    assert ["".join(q.answer.letters) for q in quiz.questions] == list("BCBDABBAABD")
    errors = [d for d in result.diagnostics if d.is_error]
    assert [(d.line, d.column) for d in errors] == [(46, 1)]
    assert "stem was probably lost" in errors[0].message
    assert result.diagnostics == errors  # no warnings either


def test_seed_options_keep_their_code_blocks():
    quiz = read_fixture("week-6-questions.md").quizzes[0]
    q5 = quiz.questions[5]  # the author's question 5: decoder blocks
    assert q5.label == "5"
    assert [o.letter for o in q5.options] == ["A", "B", "C", "D"]
    assert "nn.Sigmoid()" in q5.options[1].text
    assert q5.options[1].text.startswith("```")
    # (D) is written without the dash its dashed siblings have
    assert "nn.Linear(20, 784)" in q5.options[3].text
    q4 = quiz.questions[3]
    assert [o.text for o in q4.options][2:] == ["β too large", "Latent Posterior matches the prior"]


def test_source_seed_is_repaired_and_clean():
    result = read(Path(__file__).parents[2] / "source" / "week-6-questions.md")
    assert result.diagnostics == []
    assert ["".join(q.answer.letters) for q in result.quizzes[0].questions] == list("BCBDABBAABD")
    assert "reparameterisation" in result.quizzes[0].questions[4].stem


@pytest.mark.parametrize("name, expected", [
    ("types/single.md", [(3, "single", ["B"]), (10, "single", ["C"]), (18, "single", ["A"]),
                         (25, "single", ["B"])]),
    ("types/multiple.md", [(3, "multiple", ["A", "C"]), (11, "multiple", ["A", "B"])]),
    ("types/truefalse.md", [(3, "truefalse", True), (7, "truefalse", False)]),
    ("types/numerical.md", [(3, "numerical", {"value": 42.0, "tolerance": 0.0}),
                            (7, "numerical", {"value": 3.14, "tolerance": 0.01}),
                            (11, "numerical", {"value": 3.14, "tolerance": 0.01}),
                            (15, "numerical", {"min": 3.1, "max": 3.2}),
                            (19, "numerical", {"value": -0.0015, "tolerance": 0.0})]),
    ("types/short.md", [(3, "short", ["Paris"]), (7, "short", ["def", "lambda"])]),
    ("types/essay.md", [(3, "essay", "More capacity lowers bias\nand raises variance.")]),
    ("types/matching.md", [(3, "matching", [["France", "Paris"], ["Italy", "Rome"]])]),
    ("types/cloze.md", [(3, "cloze", [["100"], ["0", "zero"]])]),
])
def test_every_type_and_answer_syntax(name, expected):
    result = read_fixture(name)
    assert result.diagnostics == []
    assert keys(result) == expected


def test_option_lines_and_code_under_an_option():
    question = read_fixture("types/single.md").quizzes[0].questions[3]
    assert [(o.letter, o.line) for o in question.options] == [("A", 27), ("B", 29), ("C", 35)]
    assert question.options[1].text == '```python\nprint("two")\n```'
    assert question.key_line == 37


def test_cloze_stem_keeps_markers_and_leaves_code_alone():
    question = read_fixture("types/cloze.md").quizzes[0].questions[0]
    parts = split_blanks(question.stem)
    assert parts[1] == 0 and parts[3] == 1
    assert "`[[not a blank]]`" in parts[-1]
    assert [(b.line, b.column) for b in question.answer.blanks] == [(3, 19), (3, 58)]


def test_metadata_lines():
    quiz = read_fixture("all-types.md").quizzes[0]
    first = quiz.questions[0]
    assert (first.points, first.id, first.tags) == (3.0, "draw-noise", ["sampling", "pytorch"])
    assert first.feedback == "`randn` samples a standard normal."
    assert first.option("A").feedback == "`rand` is uniform on $[0, 1)$."
    assert first.shuffle is True and first.penalty == 0.25
    assert quiz.questions[1].feedback.startswith("Adam is an optimiser")  # Explanation: alias
    assert quiz.questions[1].points == 2.0  # the front matter's default
    assert quiz.questions[8].tags == ["cloze"]
    assert (quiz.title, quiz.id, quiz.category, quiz.language) == (
        "Every question type", "all-types", "Testing/All types", "python")


def test_language_metadata(tmp_path):
    source = tmp_path / "lang.md"
    source.write_text("1. Q?\n\nAnswer: x\nLanguage: rust\nType: short\n")
    question = read(source).quizzes[0].questions[0]
    assert question.language == "rust" and question.type is QuestionType.SHORT


def test_ids_are_stable_when_questions_are_added_or_reordered(tmp_path):
    one = "1. First?\n\nAnswer: 1\n\n2. Second?\n\nAnswer: 2\n"
    two = "1. New one?\n\nAnswer: 0\n\n2. Second?\n\nAnswer: 2\n\n3. First?\n\nAnswer: 1\n"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "quiz.md").write_text(one)
    (tmp_path / "b" / "quiz.md").write_text(two)
    before = {q.stem: q.id for q in read(tmp_path / "a" / "quiz.md").quizzes[0].questions}
    after = {q.stem: q.id for q in read(tmp_path / "b" / "quiz.md").quizzes[0].questions}
    assert before["First?"] == after["First?"] and before["Second?"] == after["Second?"]
    assert len(set(after.values())) == 3


def test_identical_questions_get_distinct_ids(tmp_path):
    source = tmp_path / "twice.md"
    source.write_text("1. Same?\n\nAnswer: 1\n\n2. Same?\n\nAnswer: 1\n")
    first, second = read(source).quizzes[0].questions
    assert second.id == first.id + "-2"


def test_bom_and_crlf_are_accepted_silently(tmp_path):
    source = tmp_path / "windows.md"
    source.write_bytes(b"\xef\xbb\xbf# Title\r\n\r\n1. Q?\r\n\r\n(A) x\r\n(B) y\r\n\r\nAnswer: B\r\n")
    result = read(source)
    assert result.diagnostics == []
    assert result.quizzes[0].title == "Title"
    assert result.quizzes[0].questions[0].answer.letters == ("B",)


def test_title_block_with_heading_and_front_matter_defaults(tmp_path):
    source = tmp_path / "My Quiz 1.md"
    source.write_text("# The title\n\nSome words.\n\n1. Q?\n\nAnswer: 1\n")
    quiz = read(source).quizzes[0]
    assert (quiz.title, quiz.description, quiz.id) == ("The title", "Some words.", "my-quiz-1")


def test_type_multiple_keeps_one_correct_option_a_select_all_question(tmp_path):
    source = tmp_path / "select.md"
    source.write_text("1. Select all primes.\n\n(A) 4\n(B) 5\n\nAnswer: B\nType: multiple\n")
    result = read(source)
    assert result.diagnostics == []
    assert keys(result) == [(1, "multiple", ["B"])]


def test_type_that_contradicts_the_answer_is_an_error(tmp_path):
    source = tmp_path / "contra.md"
    source.write_text("1. Q?\n\n(A) 4\n(B) 5\n\nAnswer: B\nType: numerical\n")
    assert [(d.line, d.message) for d in read(source).diagnostics] == [
        (7, "Type: numerical does not fit this question, which reads as single")]
