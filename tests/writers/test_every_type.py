"""Every writer, and the preview, handle every question type: a real question, or a
clean Unrepresentable at the question's line; never an empty question or a KeyError."""
import dataclasses
import io
import zipfile
from pathlib import Path

import pytest

from exporter import writers
from exporter.diagnostics import Reporter
from exporter.model import Question, QuestionType, Quiz, split_blanks
from exporter.preview import quiz_page
from exporter.readers import read

TYPES = Path(__file__).parents[1] / "fixtures" / "types"
FIXTURE = {QuestionType.SINGLE: "single", QuestionType.MULTIPLE: "multiple",
           QuestionType.TRUEFALSE: "truefalse", QuestionType.NUMERICAL: "numerical",
           QuestionType.SHORT: "short", QuestionType.ESSAY: "essay",
           QuestionType.MATCHING: "matching", QuestionType.CLOZE: "cloze"}

# (writer, type) pairs a target cannot hold: none yet; each must say so at the question's line
CANNOT_HOLD: set[tuple[str, QuestionType]] = set()


def one_question(kind: QuestionType) -> tuple[Quiz, Question]:
    """A quiz holding only the first question of the type's fixture."""
    quiz = read(TYPES / f"{FIXTURE[kind]}.md").quizzes[0]
    question = quiz.questions[0]
    assert question.type is kind
    return dataclasses.replace(quiz, questions=[question]), question


def texts_of(name: str, data: bytes) -> str:
    """Everything a file holds, zip members included, as text."""
    if not name.endswith(".zip"):
        return data.decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(member).decode("utf-8", "replace")
                         for member in archive.namelist())


def test_every_type_has_a_fixture():
    assert set(FIXTURE) == set(QuestionType)


# (writer, type) whose fixture question a writer leaves out of its file, with a warning
LEFT_OUT = {("gift", QuestionType.CLOZE)}  # two blanks: GIFT's missing word is one


@pytest.mark.parametrize("kind", list(QuestionType), ids=lambda kind: kind.value)
@pytest.mark.parametrize("name", list(writers.WRITERS))
def test_every_writer_writes_every_type_or_says_it_cannot(name, kind):
    quiz, question = one_question(kind)
    report = Reporter(quiz.path)
    try:
        files = writers.get(name)(quiz, report)
    except writers.Unrepresentable as exc:
        assert (name, kind) in CANNOT_HOLD, str(exc)
        assert exc.line == question.line
        return
    assert (name, kind) not in CANNOT_HOLD
    assert files and all(files.values())
    text = "\n".join(texts_of(file, data) for file, data in files.items())
    # the question itself is there: its id (answer key) or the words of its stem; or the
    # writer left it out of a file it still wrote, with a warning at its line (GIFT)
    first_words = str(split_blanks(question.stem)[0]).split()[1:4]
    left_out = [d for d in report.sorted() if " is left out: " in d.message]
    assert question.id in text or all(word in text for word in first_words) or \
        [d.line for d in left_out] == [question.line] and (name, kind) in LEFT_OUT, (name, kind)


def test_a_type_missing_from_a_writers_table_is_unrepresentable_at_its_line():
    quiz, question = one_question(QuestionType.CLOZE)
    with pytest.raises(writers.Unrepresentable) as caught:
        writers.part_for({QuestionType.SINGLE: "single's part"}, question)
    assert caught.value.line == question.line
    assert str(caught.value) == "this format cannot hold a cloze question"


@pytest.mark.parametrize("kind", list(QuestionType), ids=lambda kind: kind.value)
def test_the_preview_shows_every_type(kind):
    quiz, question = one_question(kind)
    page, entry = quiz_page(quiz.path, quiz, [], key=True, taken=set())
    assert f'data-type="{kind.value}"'.encode() in page
    assert entry.questions == 1
