"""The text2qti reader: every construct of text2qti's README into our model, what the model
cannot hold as a warning at its line, nothing ever executed, and our Markdown left alone.

The comparison with text2qti's own Canvas package and with Instructure's importer is in
test_text2qti_packages.py; this file needs neither.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter.cli import main
from exporter.model import (ChoiceAnswer, EssayAnswer, NumericAnswer, QuestionType, ShortAnswer, TrueFalseAnswer)
from exporter.readers import SNIFF_BYTES, Reading, read, reader_for
from reading import diagnostics
from writers.test_markdown_writer import round_trip

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "text2qti"
EVERY = FIXTURES / "every-construct.txt"
GEN_BANK = ROOT.parent / "shared" / "bench" / "gen_bank.py"


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def every():
    result = read(EVERY)
    [quiz] = result.quizzes
    return quiz, result.diagnostics


def test_every_construct_reads_into_the_model(every):
    quiz, _ = every
    assert (quiz.title, quiz.shuffle) == ("Every text2qti construct", True)
    assert quiz.description == ("A quiz that uses each part of text2qti's syntax once.\n\n"
                                "Its description runs over two paragraphs, with *emphasis*.")
    got = [(q.label, q.type, q.answer.as_data(), q.points) for q in quiz.questions]
    assert got == [
        ("1", QuestionType.SINGLE, ["C"], 2.0),
        ("2", QuestionType.MULTIPLE, ["B", "C"], 1.0),
        ("3", QuestionType.NUMERICAL, {"value": 1.4142, "tolerance": 0.0001}, 1.0),
        ("4", QuestionType.NUMERICAL, {"min": 1.2598, "max": 1.26}, 1.0),
        ("5", QuestionType.NUMERICAL, {"value": 5.0, "tolerance": 0.0}, 1.0),
        ("6", QuestionType.NUMERICAL, {"value": 1000.0, "tolerance": 50.0}, 1.0),
        ("7", QuestionType.SHORT, ["Santa", "Santa Claus", "Father Christmas", "Saint Nicholas",
                                   "Saint Nick"], 1.0),
        ("8", QuestionType.ESSAY, "What the essay should cover: the graders read this.\n\n"
                                  "It may run over paragraphs.", 1.0),
        # 9 is a file upload: left out, with a warning
        ("10", QuestionType.TRUEFALSE, True, 1.0),
        ("11", QuestionType.SINGLE, ["A"], 1.0),
        ("12", QuestionType.TRUEFALSE, True, 2.0),
        ("13", QuestionType.SINGLE, ["A"], 2.0),
        ("14", QuestionType.MULTIPLE, ["A"], 1.0),
        ("15", QuestionType.SHORT, ["yes"], 1.0),
        ("16", QuestionType.NUMERICAL, {"min": 1.0, "max": 2.0}, 1.0),
    ]


def test_feedback_lands_where_text2qti_shows_it(every):
    quiz, _ = every
    first, truefalse, code = quiz.questions[0], quiz.questions[8], quiz.questions[9]
    assert first.feedback == "General question feedback."
    # `+` is what choosing the right choice shows, `-` what any other shows; after each
    # choice's own feedback
    assert [o.feedback for o in first.options] == [
        "Feedback for this particular answer.\n\nFeedback for incorrect answer.",
        "Feedback for this particular answer.\n\nFeedback for incorrect answer.",
        "Feedback for this particular answer.\n\nFeedback for correct answer."]
    assert truefalse.answer == TrueFalseAnswer(True, "Right: Euler's identity.",
                                               "Look again at Euler's identity.")
    assert truefalse.stem == r"Is $e^{i\pi} + 1 = 0$?"
    assert code.options[1].feedback == "Not quite: `f` doubles."
    assert quiz.questions[7].feedback == "General question feedback."


def test_indented_continuation_is_markdown_with_its_indent_taken_off(every):
    quiz, _ = every
    code = quiz.questions[9]
    assert code.stem.split("\n\n") == [
        "A question paragraph that is long enough to wrap onto a second line.\n"
        "The second line must be indented to match up with the start of the\n"
        "paragraph text on the first line.",
        "Another paragraph, then code:",
        "```python\ndef f(x):\n    return x * 2\n```",
        r"What does `f(3)` return, and what is $\sqrt{x}$ of it? ![a dot](dot.png)"]
    assert code.options[0].text == "`6`, and $\\sqrt{6}$.\n\nA choice that runs on."
    assert [o.letter for o in code.options] == ["A", "B", "C"]
    assert quiz.assets["dot.png"].data == (FIXTURES / "dot.png").read_bytes()


def test_groups_become_sections_that_pick(every):
    quiz, _ = every
    first, second = quiz.sections
    assert [(s.title, s.pick, s.id) for s in quiz.sections] == [("Group 1", 1, "group-1"),
                                                               ("Group 2", 2, "group-2")]
    assert [q.section for q in quiz.questions] == [None] * 10 + [first] * 2 + [second] * 3
    assert [q.points for q in quiz.questions[10:12]] == [2.0, 2.0]  # points per question: 2


def test_what_the_model_cannot_hold_is_a_warning_at_its_line(every):
    _, found = every
    assert [(d.line, d.severity.value, d.message.split(":")[0]) for d in found] == [
        (6, "warning", "`show correct answers"),
        (7, "warning", "`one question at a time"),
        (8, "warning", "`can't go back"),
        (16, "warning", "question titles are not kept"),
        (63, "warning", "file-upload questions have no counterpart in lms-export"),
        (65, "warning", "a text region (`Text title"),
        (66, "warning", "a text region (`Text"),
        (104, "warning", "a solution (`!`) appears only in text2qti's solutions export, never "
                         "in the quiz"),
    ]
    exit_code, output = check(str(EVERY))
    assert exit_code == 0
    assert f"{EVERY}:63:1: warning: file-upload questions have no counterpart in lms-export: " \
           "this question is left out" in output


def test_plus_minus_feedback_without_one_right_choice_is_a_warning(tmp_path):
    quiz = tmp_path / "q.txt"
    quiz.write_text("1.  Pick the primes.\n+   Yes.\n-   No.\n[*] 2\n[ ] 4\n")
    assert diagnostics(quiz) == [
        "2:1: warning: correct / incorrect feedback (`+` / `-`) has no place in a multiple "
        "question here: it is left out (general feedback `...` is kept)",
        "3:1: warning: correct / incorrect feedback (`+` / `-`) has no place in a multiple "
        "question here: it is left out (general feedback `...` is kept)"]


def test_feedback_is_solution_makes_an_essays_feedback_its_model_answer(tmp_path):
    quiz = tmp_path / "q.txt"
    quiz.write_text("feedback is solution: true\n\n1.  Write.\n... Cover A and B.\n____\n")
    [question] = read(quiz).quizzes[0].questions
    assert (question.feedback, question.answer) == ("Cover A and B.", EssayAnswer("Cover A and B."))


@pytest.mark.parametrize("source, expected", [
    ("1.  Q?\na)  x\nb)  y\n", "1:1: error: no choice is marked correct (`*a)`)"),
    ("1.  Q?\n*a) x\n*b) y\n", "1:1: error: 2 choices are marked correct (`*a)`)"),
    ("1.  Q?\n*a) x\n", "1:1: error: a multiple-choice question needs two choices or more"),
    ("1.  Q?\n", "1:1: error: this question has no answers"),
    ("1.  Q?\n=   3.14\n", "2:5: error: `= 3.14`: text2qti takes an exact answer only for an "
                          "integer; write `3.14 +- 0`"),
    ("1.  Q?\n=   [2, 1]\n", "2:5: error: `= [2, 1]`: range [2, 1] is empty"),
    ("1.  Q?\n=   5 +- -1\n", "2:5: error: `= 5 +- -1`: the margin must not be negative"),
    ("1.  Q?\n*a) x\nb)  y\n=   5\n", "4:1: error: this multiple-choice (`a)`) question already "
                                       "has its answer: a numerical (`=`) answer cannot follow"),
    ("1.  Q?\n*   x\n... Why.\n", "3:1: error: feedback `...` stands right after the question "
                                   "or after a choice"),
    ("1.What?\n", "1:1: error: `1.` needs a space or tab before its text"),
    ("1.  Q?\na)\n", "2:1: error: `a)` has no text after it"),
    ("1.  Q?\n*a) x\nb)  y\n  stray\n", "4:3: error: an indented line that continues nothing"),
    ("Question one?\n", "1:1: error: text2qti reads no line like `Question one?`"),
    ("Points: 0\n1.  Q?\n*   x\n", "1:9: error: `Points:` takes a positive number, not `0`"),
    ("Points: 2\n\nGROUP\n", "1:1: error: `Points:` must stand right before the question"),
    ("1.  Q?\n*   x\nshuffle answers: true\n", "3:1: error: `shuffle answers:` must come before "
                                               "the first question"),
    ("shuffle answers: yes\n1.  Q?\n*   x\n", "1:18: error: `shuffle answers:` takes `true` or "
                                             "`false`, not `yes`"),
    ("GROUP\npick: 3\n1.  Q?\n*   x\nEND_GROUP\n", "1:1: error: this group picks 3 questions but "
                                                   "holds 1"),
    ("GROUP\n1.  Q?\n*   x\n", "1:1: error: GROUP with no END_GROUP after it"),
    ("END_GROUP\n", "1:1: error: END_GROUP with no GROUP before it"),
    ("COMMENT\n1.  Q?\n", "1:1: error: COMMENT with no END_COMMENT after it"),
    ("```python\nx = 1\n```\n1.  Q?\n*   x\n", "1:1: error: a code block at column 0 belongs "
                                               "to no question"),
    ("1.  A\n    ```\n    open\n```\n*   x\n", "2:1: error: this code block is never closed "
                                            "inside its question"),
])
def test_what_text2qti_refuses_is_an_error_at_its_line(tmp_path, source, expected):
    quiz = tmp_path / "q.txt"
    quiz.write_text(source)
    found = diagnostics(quiz, Reading("text2qti"))
    assert any(line.startswith(expected) for line in found), found


def test_an_executable_block_is_never_run(tmp_path):
    """text2qti runs ```{.python .run} blocks (with --run-code-blocks) and reads what they
    print as more quiz; we never run anything: an error at the block's line, and the file the
    code would write never appears."""
    witness = tmp_path / "ran"
    quiz = tmp_path / "generated.txt"
    quiz.write_text("Quiz title: Generated\n\n"
                    "```{.python .run}\n"
                    f"open({str(witness)!r}, 'w').write('x')\n"
                    "print('1.  What is 2+2?\\n*a) 4\\nb)  5')\n"
                    "```\n\n"
                    "2.  A question of its own.\n*   yes\n")
    exit_code, output = check(str(quiz))
    assert exit_code == 1
    assert f"{quiz}:3:1: error: an executable code block (`{{.python .run}}`): text2qti runs " \
           "its code and reads the output as more quiz" in output
    assert "lms-export never executes anything from a quiz file" in output
    assert not witness.exists()
    quiz.write_text("```{.bash .run executable=/bin/sh}\ntouch " + str(witness) + "\n```\n")
    assert "never executes anything" in check(str(quiz))[1] and not witness.exists()


def test_binary_junk_and_a_huge_file_give_clear_errors(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"Quiz title: x\n\x00\x01\x02\xff" * 50)
    assert diagnostics(junk, Reading("text2qti")) == [
        "2:1: error: the file holds NUL bytes: it looks binary, not a text2qti quiz"]
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Quiz title: Caf\u00e9\n1.  Q?\n*   x\n".encode("cp1252"))
    assert diagnostics(latin, Reading("text2qti"))[0].startswith(
        "1:16: error: the file is not valid UTF-8: byte 0xe9")
    huge = tmp_path / "huge.txt"
    huge.write_text("Quiz title: Huge\n" + "x" * 20_000_000 + "\n"
                    + "".join(f"{n}.  Question {n}?\n*a) yes\nb)  no\n\n" for n in range(1, 20_001)))
    result = read(huge, Reading("text2qti"))
    assert [str(d).replace(f"{huge}:", "") for d in result.diagnostics] == [
        f"2:1: error: text2qti reads no line like `{'x' * 60}...`: a line at column 0 starts a "
        "question (`1.`), a choice (`a)`, `*a)`, `[ ]`, `[*]`), an answer (`*`, `=`, `____`), "
        "feedback (`...`, `+`, `-`) or a setting (`Points:`); indent a line that continues "
        "another"]
    assert len(result.quizzes[0].questions) == 20_000


def test_sniffed_by_content_and_forced_with_from(tmp_path):
    assert reader_for(EVERY, EVERY.read_bytes()[:SNIFF_BYTES]).name == "text2qti"
    saved_as_md = tmp_path / "quiz.md"
    saved_as_md.write_text("1.  What is 2+3?\na)  6\n*b) 5\n")
    assert reader_for(saved_as_md, saved_as_md.read_bytes()).name == "text2qti"
    plain = tmp_path / "plain.txt"
    plain.write_text("1.  What is 2+3?\n*   5\n")  # nothing only text2qti writes
    assert reader_for(plain, plain.read_bytes()).name == "markdown"
    exit_code, output = check("--from", "text2qti", str(plain))
    assert exit_code == 0 and "(1 short)" in output, output


@pytest.mark.parametrize("text", [
    "1. What is 2+3?\na) 6\n*b) 5\n\nAnswer: B\n",  # an Answer: line is ours
    "# Week 1\n\n1. What is 2+3?\na) 6\n*b) 5\n",  # a heading is ours
    "---\ntitle: x\n---\n1. What is 2+3?\n[*] 5\n",  # front matter is ours
    "1. Which?\n- [x] yes\n- [ ] no\n\nFeedback: ...\n",
])
def test_our_markdown_is_never_taken_for_text2qti(tmp_path, text):
    quiz = tmp_path / "quiz.md"
    quiz.write_text(text)
    assert reader_for(quiz, quiz.read_bytes()).name == "markdown"


def test_no_markdown_quiz_of_the_project_or_the_corpus_sniffs_as_text2qti():
    sources = [*ROOT.glob("source/**/*.md"), *ROOT.glob("tests/fixtures/**/*.md"),
               *(ROOT.parent / "shared" / "corpus").glob("**/*.md")]
    assert len(sources) > 10
    assert [p for p in sources if reader_for(p, p.read_bytes()[:SNIFF_BYTES]).name ==
            "text2qti"] == []


def test_the_read_quiz_round_trips_through_our_markdown(every, tmp_path):
    """`-f markdown` writes what reads back the same (the groups as `::: pool` blocks that
    pick as they did), and a second round the same bytes."""
    quiz, _ = every
    round_trip(quiz, tmp_path)
    result = CliRunner().invoke(main, ["build", str(EVERY), "-f", "markdown", "-o",
                                       str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    written = (tmp_path / "out" / f"{quiz.id}.md").read_text()
    assert [line for line in written.splitlines() if line.startswith("::: pool")] == [
        '::: pool id=group-1 pick=1 title="Group 1"',
        '::: pool id=group-2 pick=2 title="Group 2"']


def test_the_gen_bank_twins_read_with_the_same_keys(tmp_path):
    """gen_bank.py writes one bank in our Markdown and in text2qti's syntax: the same keys.
    Where they differ it is the twins, not the readers: a `[*]` question with one right
    option is multiple-answer in text2qti, `Answer: (A)` single in ours; text2qti's essays
    carry no model answer."""
    if not GEN_BANK.exists():
        pytest.skip(f"gen_bank.py is not here: {GEN_BANK} (../shared is absent)")
    subprocess.run([sys.executable, str(GEN_BANK), "200", str(tmp_path)], check=True,
                   capture_output=True)
    ours, theirs = read(tmp_path / "bank.md"), read(tmp_path / "bank.txt")
    assert theirs.diagnostics == [] and reader_for(tmp_path / "bank.txt", b"").name == "markdown"
    pairs = list(zip(ours.quizzes[0].questions, theirs.quizzes[0].questions, strict=True))
    assert len(pairs) == 200
    for one, other in pairs:
        assert (other.stem, [o.text for o in other.options], other.feedback) == \
            (one.stem, [o.text for o in one.options], one.feedback)
        if isinstance(one.answer, EssayAnswer):
            assert other.answer == EssayAnswer("")
        elif isinstance(one.answer, ChoiceAnswer) and other.type is QuestionType.MULTIPLE:
            assert other.answer == one.answer
        else:
            assert (other.type, other.answer) == (one.type, one.answer)
    assert {type(q.answer) for _, q in pairs} == {ChoiceAnswer, NumericAnswer, ShortAnswer,
                                                 EssayAnswer}


def test_choices_past_z_are_lettered_as_every_reader_letters_them(tmp_path):
    quiz = tmp_path / "q.txt"
    quiz.write_text("1.  Pick the last.\n" + "".join(
        f"{'*' if n == 27 else ''}{chr(ord('a') + n % 26)}) choice {n}\n" for n in range(28)))
    [question] = read(quiz, Reading("text2qti")).quizzes[0].questions
    assert [o.letter for o in question.options][24:] == ["Y", "Z", "A26", "A27"]
    assert question.answer.as_data() == ["A27"]
