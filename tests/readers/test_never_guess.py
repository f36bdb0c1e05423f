"""The reader never guesses quietly: what it cannot read for sure is an error or a warning
at its line, never a question that silently changes type or loses its key."""
from __future__ import annotations

import pytest

from exporter.readers import Reading, read


def read_source(tmp_path, text: str):
    path = tmp_path / "quiz.md"
    path.write_text(text, encoding="utf-8")
    return read(path)


def messages(result) -> list[str]:
    return [f"{d.line}:{d.column}: {d.severity.value}: {d.message}" for d in result.diagnostics]


def test_marked_options_and_an_answer_line_that_disagree(tmp_path):
    result = read_source(tmp_path, "1. Sky?\n\n- [x] red\n- [ ] blue\n\nAnswer: B\n")
    assert messages(result) == ["6:1: error: the Answer: line names B but the options mark A: "
                                "keep one key"]


@pytest.mark.parametrize("options, shape", [
    ("A - red\nB - blue", "A - red"),
    ("[A] red\n[B] blue", "[A] red"),
    ("A: red\nB: blue", "A: red"),
])
def test_an_answer_naming_letters_of_options_no_syntax_reads(tmp_path, options, shape):
    result = read_source(tmp_path, f"1. Sky?\n\n{options}\n\nAnswer: B\n")
    assert messages(result) == [f"6:1: error: answer `B` names option letters, but no options were "
                                f"read: lines 3, 4 look like options (`{shape}`) in a shape no "
                                "option syntax reads; write them `(A) text` or `A) text`"]
    assert result.quizzes[0].questions[0].answer.as_data() == []


def test_a_one_letter_short_answer_is_a_warning_unless_declared(tmp_path):
    guessed = read_source(tmp_path, "1. Grade for 90%?\n\nAnswer: A\n")
    assert messages(guessed) == ['3:1: warning: answer `A` is read as the short answer text "A", as '
                                 "no options were read: write options as `(A) text`, or add `Type: "
                                 "short` if the answer is that letter"]
    declared = read_source(tmp_path, "1. Grade for 90%?\n\nType: short\nAnswer: A\n")
    assert messages(declared) == []
    assert declared.quizzes[0].questions[0].answer.as_data() == ["A"]


def test_several_letters_with_no_options_is_an_error(tmp_path):
    result = read_source(tmp_path, "1. Which apply?\n\nAnswer: A, C\n")
    assert messages(result) == ["3:1: error: answer `A, C` names option letters, but the question "
                                "has no options: write them `(A) text`, or add `Type: short`"]


@pytest.mark.parametrize("line, likely", [
    ("Poinst: 2", "Points"), ("Point: 2", "Points"), ("Tag: easy", "Tags"), ("Feedbak: no", "Feedback"),
])
def test_a_mistyped_metadata_key_is_an_error_naming_the_likely_one(tmp_path, line, likely):
    result = read_source(tmp_path, f"1. Two?\n\nAnswer: 2\n{line}\n")
    assert messages(result) == [f"4:1: error: `{line.split(':')[0]}:` is not a metadata key: did "
                                f"you mean `{likely}:`?"]


@pytest.mark.parametrize("text, expected", [
    ("# Quiz\n\n  1. Indented, so not a question?\n\nAnswer: x\n",
     "3:1: error: no question found: `1. Indented, so not a question?` looks like a question but "
     "is not read as one: start it `1. ` at column 0 (or `### Q1.`, `**1.**`, `Q1:`)"),
    ("1. Sky?\n\n(A) red\n(B) a **blue** one\n",
     "1:1: error: question 1 has no answer: option B is bold in part only, which is not read as "
     "a key: mark a whole option, or add an `Answer:` line"),
], ids=["no question found", "partial bold"])
def test_what_cannot_be_read_says_why_at_its_line(tmp_path, text, expected):
    assert messages(read_source(tmp_path, text)) == [expected]


GIFT_AS_MD = "// a GIFT bank saved as .md\n::Q1:: 2 + 2 = {=4 ~3 ~5}\n::Q2:: The sky is blue. {T}\n"


def test_a_gift_bank_saved_as_md_is_read_as_gift_and_named_if_forced_to_markdown(tmp_path):
    # no blank line between them: one block, as Moodle's GIFT importer reads it too
    assert [q.type.value for q in read_source(tmp_path, GIFT_AS_MD).quizzes[0].questions] == [
        "single"]
    assert messages(read(tmp_path / "quiz.md", Reading("markdown"))) == [
        "2:1: error: this file is GIFT (Moodle's plain-text format: `::title::` and "
        "`{=right ~wrong}` answers), not a Markdown quiz: read it as GIFT (`--from gift`, or "
        "name it `.gift`)"]


def test_a_list_with_no_mark_is_named_when_the_question_has_no_answer(tmp_path):
    result = read_source(tmp_path, "1. Sky?\n\n- red\n- blue\n")
    assert messages(result) == ["1:1: error: question 1 has no answer: the list at line 3 marks no "
                                "option as right: tick it (`- [x]`), make the right one bold, or "
                                "add an `Answer:` line"]


def test_a_placeholder_for_an_answer_is_an_error_at_its_line(tmp_path):
    result = read_source(tmp_path, "1. Sky?\n\n(A) red\n(B) blue\n\nAnswer: Updating soon\n")
    assert messages(result) == ["6:9: error: answer `Updating soon` names no option letter and no "
                                "option's text (options are A–B)"]


def test_letter_and_text_that_disagree(tmp_path):
    result = read_source(tmp_path, "1. Sky?\n\n(A) red\n(B) blue\n\nAnswer: b. red\n")
    assert messages(result) == ["6:9: error: answer `b. red` names option B, whose text is `blue`: "
                                "the letter and the text disagree"]


def test_placeholder_options_and_stems_without_words_are_warnings(tmp_path):
    result = read_source(tmp_path, "1. Which GUI?\n\n* Option One\n* **Option Two**\n\n"
                                   "2.\n   ```\n   x = 1\n   ```\n\nAnswer: 1\n")
    assert messages(result) == [
        "1:1: warning: the options are only placeholders (`Option One`, `Option Two`, ...): the "
        "images or text they stood for are missing",
        "6:1: warning: this question's text is only code or images, with no words: the question "
        "itself may be missing"]


def test_options_of_a_question_type_that_has_none_are_a_warning(tmp_path):
    result = read_source(tmp_path, "1. Water boils at [[100]] degrees.\n\n(A) 90\n(B) 100\n")
    assert messages(result) == ["3:1: warning: a cloze question has no options: these options "
                                "are ignored"]
    assert result.quizzes[0].questions[0].options == []
