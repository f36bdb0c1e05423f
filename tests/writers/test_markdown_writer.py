"""The Markdown writer: model -> `-f markdown` -> our reader gives the same model, and a second
round writes the same bytes.

Texts are compared as they render (verify.same_text: Markdown escapes and line-end spaces
aside) and images by content. The reference exports and the corpus live in ../shared
(LMS_SHARED overrides where); without them those cases skip and say why.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import test_properties
from readers import test_styles_property
from exporter import readers, writers
from exporter.cli import main
from exporter.diagnostics import Reporter
from exporter.model import (Blank, ClozeAnswer, EssayAnswer, MatchingAnswer, MatchPair,
                            NumericAnswer, Question, QuestionType, Quiz, blank_marker)
from exporter.writers.markdown import MARKER, rename_references
from exporter.writers.markdown.escape import escape_line, misread
from exporter.writers.markdown.verify import copy_quiz, question_fields, quiz_fields

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = Path(os.environ.get("LMS_SHARED", ROOT.parent / "shared"))
SOURCES = sorted((ROOT / "source").glob("*.md")) + [FIXTURES / "all-types.md"] + \
    sorted((FIXTURES / "types").glob("*.md")) + sorted((FIXTURES / "hostile").glob("*.md"))
MOODLE = ["multichoice", "truefalse", "multianswer", "nested_categories_with_questions"]


def write_markdown(quiz: Quiz, folder: Path) -> dict[str, bytes]:
    report = Reporter(quiz.path)
    files = writers.get("markdown")(quiz, report)
    assert not report.sorted(), [str(d) for d in report.sorted()]
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return files


def by_content(quiz: Quiz) -> Quiz:
    """The quiz with each image reference named by its file's sha1, as the comparison sees it."""
    names = {ref: hashlib.sha1(att.data).hexdigest() for ref, att in quiz.assets.items()}
    return copy_quiz(quiz, lambda text: rename_references(text, names))


def assert_same(original: Quiz, back: Quiz) -> None:
    one, other = by_content(original), by_content(back)
    assert quiz_fields(other) == quiz_fields(one)
    assert [question_fields(q) for q in other.questions] == [question_fields(q) for q in one.questions]
    assert {hashlib.sha1(a.data).digest() for a in back.assets.values()} == \
        {hashlib.sha1(a.data).digest() for a in original.assets.values()}


def round_trip(quiz: Quiz, folder: Path) -> None:
    """Write, read back (the same model), write again (the same bytes)."""
    first_dir, second_dir = folder / "first", folder / "second"
    first = write_markdown(quiz, first_dir)
    result = readers.read(first_dir / writers.file_name(quiz, "markdown"))
    assert not [d for d in result.diagnostics if d.is_error], [str(d) for d in result.diagnostics]
    [back] = result.quizzes
    assert_same(quiz, back)
    assert write_markdown(back, second_dir) == first


def read_clean(path: Path) -> list[Quiz]:
    result = readers.read(path)
    if any(d.is_error for d in result.diagnostics):
        pytest.skip(f"{path.name} does not read without errors: not a round-trip case")
    return result.quizzes


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_every_source_and_fixture_round_trips(path, tmp_path):
    for quiz in read_clean(path):
        round_trip(quiz, tmp_path / quiz.id)


@pytest.mark.parametrize("name", MOODLE)
def test_moodle_reference_exports_round_trip(name, tmp_path):
    path = SHARED / "reference" / "moodle" / f"{name}.xml"
    if not path.exists():
        pytest.skip(f"Moodle's reference export is not here: {path}")
    for quiz in readers.read(path).quizzes:
        round_trip(quiz, tmp_path / quiz.id)


def corpus() -> list[Path]:
    return sorted(p for p in (SHARED / "corpus").glob("*.md") if p.name != "README.md")


@pytest.mark.skipif(not corpus(), reason=f"{SHARED / 'corpus'} is absent")
@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.name)
def test_corpus_files_round_trip(path, tmp_path):
    """Real files: the questions read without an error (an unkeyed one has nothing to keep)."""
    result = readers.read(path)
    failed = {d.line for d in result.diagnostics if d.is_error}
    for quiz in result.quizzes:
        quiz = dataclasses.replace(quiz, questions=[q for q in quiz.questions
                                                    if q.line not in failed])
        assert quiz.questions
        round_trip(quiz, tmp_path / quiz.id)


@given(test_properties.source())
def test_random_sources_round_trip(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("quiz")
    (folder / "quiz.md").write_text(text, encoding="utf-8")
    result = readers.read(folder / "quiz.md")
    if any(d.is_error for d in result.diagnostics):
        return  # the property is about sources that read cleanly
    for quiz in result.quizzes:
        round_trip(quiz, folder / "out")


blank_text = st.text(alphabet=st.sampled_from("ab~=\\| ]"), min_size=1, max_size=6).map(
    str.strip).filter(lambda text: text and not text.endswith("]") and "]]" not in text)
numbers = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9)


@st.composite
def gap(draw) -> Blank:
    """A blank of any kind, with marks (`~`, `=`, `\\`, `|`) in its texts."""
    kind = draw(st.sampled_from(["text", "choice", "number"]))
    if kind == "number":
        return Blank((), 1, 1, number=NumericAnswer(draw(numbers), abs(draw(numbers))))
    texts = tuple(draw(st.lists(blank_text, min_size=1 + (kind == "choice"), max_size=4)))
    if kind == "text":
        return Blank(texts, 1, 1)
    return Blank((draw(st.sampled_from(texts)),), 1, 1, choices=texts)


@given(st.lists(gap(), min_size=1, max_size=4))
def test_random_blanks_round_trip(tmp_path_factory, blanks):
    """Choice, numeric and text blanks whose texts start with or hold the marks come back."""
    stem = "Fill " + " and ".join(blank_marker(n) for n in range(len(blanks))) + "."
    quiz = Quiz("Blanks", "blanks", tmp_path_factory.mktemp("blanks") / "blanks.md", questions=[
        Question(QuestionType.CLOZE, stem, ClozeAnswer(tuple(blanks)), 1, id="gaps")])
    round_trip(quiz, quiz.path.parent)


@given(test_styles_property.source())
def test_random_styles_round_trip(tmp_path_factory, generated):
    folder = tmp_path_factory.mktemp("quiz")
    (folder / "quiz.md").write_text(generated[0], encoding="utf-8")
    result = readers.read(folder / "quiz.md")
    if any(d.is_error for d in result.diagnostics):
        return  # the property is about sources that read cleanly
    for quiz in result.quizzes:
        round_trip(quiz, folder / "out")


HOSTILE_LINES = ["2. looks like a question", "B) looks like an option", "(C) an option",
                 "- (D) a listed option", "Answer: B", "Points: 2", "Feedback: x", "# a heading",
                 "- left -> right", "Tag: typo", "<details>", "---", "<br>",
                 "**Answer:** B", "Q1: another label", "### Q2. heading label", "a. lower"]


@pytest.mark.parametrize("line", HOSTILE_LINES)
def test_each_line_the_grammar_would_misread_is_escaped_in_every_text(line, tmp_path):
    path = tmp_path / "quiz.md"
    path.write_text("1. Stem\n\n(A) one\n(B) two\n\nAnswer: A\n\n2. Essay\n\nType: essay\n"
                    "Answer: model\n\n3. Which?\n\nType: matching\n- left -> right\n", "utf-8")
    [quiz] = read_clean(path)
    choice, essay, matching = quiz.questions
    for question in quiz.questions:
        question.stem += f"\n{line}\nafter"
        question.feedback = f"feedback\n{line}"
    for option in choice.options:
        option.text += f"\n{line}"
        option.feedback = f"{line}\n{line}"
    essay.answer = EssayAnswer(f"model\n{line}")
    matching.answer = MatchingAnswer((MatchPair(line, "right", 1),))
    round_trip(quiz, tmp_path / "out")


def test_escapes_are_markdowns_own_and_come_from_the_grammar():
    assert escape_line("2. two", misread) == "2\\. two"
    assert escape_line("    2. two", misread) == "    2. two"  # labels need column 0: indented away
    assert escape_line("    B) option", misread) == "    B\\) option"
    assert escape_line("    (C) option", misread) == "    (C\\) option"
    assert escape_line("    - (D) option", misread) == "    - (D\\) option"
    assert escape_line("    Answer: B", misread) == "    Answer\\: B"


def test_a_list_that_marks_a_key_stays_in_the_stem_of_a_question_without_options(tmp_path):
    path = tmp_path / "quiz.md"
    path.write_text("1. Capital?\n\nAnswer: Paris\n", encoding="utf-8")
    [quiz] = read_clean(path)
    quiz.questions[0].stem = "Capital?\n\n- [x] ticked\n- [ ] not\n\nand\n\n- one *\n- two"
    round_trip(quiz, tmp_path / "out")


def test_answers_need_their_syntax(tmp_path):
    source = ("1. Pipe?\n\nAnswer: a \\| b | c\n\n2. Year?\n\nAnswer: 2024\nType: short\n\n"
              "3. Word?\n\nAnswer: true\nType: short\n\n4. Pick\n\n(A) x\n(B) y\n\nAnswer: B\n"
              "Type: multiple\n\n5. Fill [[a \\| b | c]] and [[d]]; not \\$ a $[[x]]$.\n")
    path = tmp_path / "quiz.md"
    path.write_text(source, encoding="utf-8")
    [quiz] = read_clean(path)
    assert quiz.questions[0].answer.accepted == ("a | b", "c")
    assert quiz.questions[2].answer.accepted == ("true",)
    assert quiz.questions[4].answer.blanks[0].accepted == ("a | b", "c")
    round_trip(quiz, tmp_path / "out")
    written = (tmp_path / "out" / "first" / "quiz.md").read_text("utf-8")
    assert "Answer: a \\| b | c\n" in written and "Type: multiple" in written


def test_images_are_named_by_content_beside_the_quiz(tmp_path):
    [quiz] = read_clean(FIXTURES / "all-types.md")
    files = write_markdown(quiz, tmp_path)
    images = [name for name in files if name != "all-types.md"]
    assert images and all(name.startswith("all-types.files/") for name in images)
    for name in images:
        assert Path(name).stem == hashlib.sha1(files[name]).hexdigest()[:8]
        assert f"]({name})" in files["all-types.md"].decode()
    assert MARKER in files["all-types.md"].decode()


def test_build_with_f_markdown_writes_the_quiz_and_its_files(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(FIXTURES / "all-types.md"), "-f", "markdown",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "all-types.md").exists()
    assert [p.parent.name for p in out.rglob("*.png")] == ["all-types.files"]


def test_build_without_f_writes_the_five_packages_it_always_wrote(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(FIXTURES / "types" / "single.md"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"single{suffix}" for suffix in (".moodle.xml", ".qti21.zip", ".qti30.zip",
                                         ".canvas.zip", ".answers.csv"))
