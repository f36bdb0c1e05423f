"""The conventions people write quizzes in, each read on its own, and read right."""
from __future__ import annotations

from pathlib import Path

import pytest

from exporter.readers import read


def read_source(tmp_path, text: str):
    path = tmp_path / "quiz.md"
    path.write_text(text, encoding="utf-8")
    return read(path)


def keys(result) -> list[tuple]:
    return [(q.line, q.type.value, q.answer.as_data()) for q in result.quizzes[0].questions]


def assert_sky_is_blue(tmp_path, options: str, answer: str) -> None:
    """One question, options red and blue, keyed B by ``answer``: read with no word."""
    result = read_source(tmp_path, f"1. Colour of the sky?\n\n{options}\n\n{answer}\n")
    assert messages(result) == []
    assert keys(result) == [(1, "single", ["B"])]
    assert [o.text for o in result.quizzes[0].questions[0].options] == ["red", "blue"]


def messages(result) -> list[str]:
    return [f"{d.line}:{d.column}: {d.severity.value}: {d.message}" for d in result.diagnostics]


# --- question labels ------------------------------------------------------------------------

@pytest.mark.parametrize("first, second", [
    ("### Q1. Which is even?", "### Q2. Which is odd?"),
    ("#### Question 1.\n\nWhich is even?", "#### Question 2.\n\nWhich is odd?"),
    ("## Question 1\n\nWhich is even?", "## Question 2\n\nWhich is odd?"),
    ("**1.** Which is even?", "**2.** Which is odd?"),
    ("**Q1.** Which is even?", "**Q2.** Which is odd?"),
    ("**Question 1**\n\nWhich is even?", "**Question 2**\n\nWhich is odd?"),
    ("**Question 1:** Which is even?", "**Question 2:** Which is odd?"),
    ("Q1. Which is even?", "Q2. Which is odd?"),
    ("Q1: Which is even?", "Q2: Which is odd?"),
    ("Question 1: Which is even?", "Question 2: Which is odd?"),
    ("📌 Which is even?", "📌 Which is odd?"),
    ("<br/>📌 Which is even?", "<br/>📌 Which is odd?"),
])
def test_question_labels_in_every_common_style(tmp_path, first, second):
    text = f"# Numbers\n\n{first}\n\n(A) 2\n(B) 3\n\nAnswer: A\n\n{second}\n\n(A) 2\n(B) 3\n\nAnswer: B\n"
    result = read_source(tmp_path, text)
    assert messages(result) == []
    quiz = result.quizzes[0]
    assert [q.stem for q in quiz.questions] == ["Which is even?", "Which is odd?"]
    assert [q.answer.as_data() for q in quiz.questions] == [["A"], ["B"]]
    assert quiz.questions[0].line == 3


def test_numbered_options_under_heading_labels_are_options(tmp_path):
    result = read_source(tmp_path, "### Q1. Pick the prime.\n\n1. 4\n2. 7\n3. 9\n\nAnswer: B\n\n"
                                   "### Q2. Pick the even.\n\n1. 4\n2. 7\n\nAnswer: A\n")
    assert keys(result) == [(1, "single", ["B"]), (9, "single", ["A"])]
    assert [o.text for o in result.quizzes[0].questions[0].options] == ["4", "7", "9"]


def test_sub_labels_continue_their_number(tmp_path):
    text = ("1. First?\n\nAnswer: 1\n\n2. Second?\n\nAnswer: 2\n\n2b. Inserted?\n\nAnswer: 3\n\n"
            "2(c) Another?\n\nAnswer: 4\n\n3. Third?\n\nAnswer: 5\n")
    result = read_source(tmp_path, text)
    assert messages(result) == []
    assert [q.label for q in result.quizzes[0].questions] == ["1", "2", "2b", "2(c)", "3"]


def test_a_lone_label_of_another_style_is_text_with_a_warning(tmp_path):
    text = "# Quiz\n\nQ1. Read this first.\n\n1. Real question?\n\nAnswer: yes\n\n2. Next?\n\nAnswer: no\n"
    result = read_source(tmp_path, text)
    assert messages(result) == ["3:1: warning: this line looks like a question label but is read "
                                "as text: this file's questions start with `1.`"]
    assert len(result.quizzes[0].questions) == 2


# --- structure ------------------------------------------------------------------------------

def test_headings_divide_sections_and_numbering_may_restart(tmp_path):
    text = ("# Exam\n\n## Part A\n\n1. One?\n\nAnswer: 1\n\n2. Two?\n\nAnswer: 2\n\n---\n\n"
            "## Part B\n\n1. Three?\n\nAnswer: 3\n")
    result = read_source(tmp_path, text)
    assert messages(result) == []
    quiz = result.quizzes[0]
    assert quiz.title == "Exam"
    assert [s.title for s in quiz.sections] == ["Part A", "Part B"]
    assert [q.section.title for q in quiz.questions] == ["Part A", "Part A", "Part B"]
    assert [q.stem for q in quiz.questions] == ["One?", "Two?", "Three?"]
    assert all(s.pick is None for s in quiz.sections)


def test_a_rule_between_questions_is_in_no_stem(tmp_path):
    result = read_source(tmp_path, "1. One?\n\n(A) x\n(B) y\n\nAnswer: A\n\n***\n\n2. Two?\n\nAnswer: 2\n")
    assert keys(result) == [(1, "single", ["A"]), (10, "numerical", {"value": 2.0, "tolerance": 0.0})]
    assert "*" not in result.quizzes[0].questions[0].options[1].text


# --- options --------------------------------------------------------------------------------

@pytest.mark.parametrize("options", [
    "(A) red\n(B) blue",
    "- (A) red\n- (B) blue",
    "A) red\nB) blue",
    "A. red\nB. blue",
    "a) red\nb) blue",
    "a. red\nb. blue",
    "- A. red\n- B. blue",
    "* a) red\n* b) blue",
    "+ a) red\n+ b) blue",
    "    - A. red\n    - B. blue",
    "    (A) red\n    (B) blue",
])
def test_lettered_options_in_every_marker_style(tmp_path, options):
    assert_sky_is_blue(tmp_path, options, "Answer: B")


@pytest.mark.parametrize("options, key", [
    ("- [ ] red\n- [x] blue\n- [ ] green", ["B"]),
    ("- [x] red\n- [X] blue\n- [ ] green", ["A", "B"]),
    ("* red\n* **blue**\n* green", ["B"]),
    ("- red\n- <span style='color: red'>blue</span>\n- green", ["B"]),
    ("- red\n- <mark>blue</mark>\n- green", ["B"]),
    ("- red\n- blue *\n- green", ["B"]),
    ("- red\n- blue ✅\n- green", ["B"]),
    ("- ✔ red\n- ✅ blue\n- green", ["A", "B"]),
    ("⬜ red\n⬜ blue\n⬜ green\n\n✅ blue", ["B"]),
    ("☐ red\n☑ blue\n☐ green", ["B"]),
])
def test_keys_marked_in_the_options(tmp_path, options, key):
    result = read_source(tmp_path, f"1. Colour of the sky?\n\n{options}\n")
    assert messages(result) == []
    question = result.quizzes[0].questions[0]
    assert [o.text for o in question.options] == ["red", "blue", "green"]
    assert question.answer.as_data() == key
    assert question.type.value == ("single" if len(key) == 1 else "multiple")


def test_text2qti_stars_its_correct_option(tmp_path):
    result = read_source(tmp_path, "1. Capital of France?\n*a) Paris\nb) Lyon\n")
    assert keys(result) == [(1, "single", ["A"])]
    assert [o.text for o in result.quizzes[0].questions[0].options] == ["Paris", "Lyon"]


def test_indented_task_list_with_a_note_after_it(tmp_path):
    text = ("1. What does a neuron compute?\n\n    - [ ] an activation, then a linear function\n\n"
            "    - [x] a linear function, then an activation\n\n"
            "    Note: a = g(Wx + b).\n")
    result = read_source(tmp_path, text)
    question = result.quizzes[0].questions[0]
    assert messages(result) == []
    assert question.answer.as_data() == ["B"]
    assert question.options[1].text == "a linear function, then an activation"
    assert question.feedback == "Note: a = g(Wx + b)."


def test_an_option_that_is_a_code_block(tmp_path):
    text = ("#### Q1. Which is valid XML?\n\n- [ ] :\n  ```xml\n  <a><b></a></b>\n  ```\n"
            "- [x] :\n\n```xml\n<a><b/></a>\n```\n\n#### Q2. Next?\n\n- [x] yes\n- [ ] no\n")
    result = read_source(tmp_path, text)
    first = result.quizzes[0].questions[0]
    assert first.answer.as_data() == ["B"]
    assert first.options[0].text == "```xml\n<a><b></a></b>\n```"
    assert first.options[1].text == "```xml\n<a><b/></a>\n```"
    assert keys(result)[1] == (13, "single", ["A"])


def test_a_list_in_a_stem_that_carries_no_key_stays_in_the_stem(tmp_path):
    text = "1. Given:\n\n- x = 1\n- y = 2\n\nWhat is x + y?\n\nAnswer: 3\n"
    result = read_source(tmp_path, text)
    assert messages(result) == []
    question = result.quizzes[0].questions[0]
    assert question.options == []
    assert question.stem == "Given:\n\n- x = 1\n- y = 2\n\nWhat is x + y?"


def test_a_plain_list_keyed_by_an_answer_naming_a_letter_or_a_text(tmp_path):
    by_letter = read_source(tmp_path, "1. Pick the array type.\n\n* list\n* numpy array\n\nAnswer: B\n")
    by_text = read_source(tmp_path, "1. Pick the array type.\n\n* list\n* numpy array\n\n"
                                    "Answer: NumPy  Array\n")
    assert keys(by_letter) == keys(by_text) == [(1, "single", ["B"])]


def test_bold_on_every_option_is_a_key_only_where_the_file_keys_with_bold(tmp_path):
    styled = read_source(tmp_path, "1. Which apply?\n\n* **one**\n* **two**\n\nAnswer: A\n")
    assert keys(styled) == [(1, "single", ["A"])]
    assert [o.text for o in styled.quizzes[0].questions[0].options] == ["**one**", "**two**"]
    keyed = read_source(tmp_path, "1. Which apply?\n\n* **one**\n* two\n\n"
                                  "2. Check all that apply.\n\n* **three**\n* **four**\n")
    assert keys(keyed) == [(1, "single", ["A"]), (6, "multiple", ["A", "B"])]


# --- answer lines ---------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "**Answer: b. blue**", "**Answer:** B", "_Ans_: b", "Correct answer: B", "Correct Answer(s): B",
    "The correct answer is **B**", "Answer: blue", "Answer: b. blue", "Answer: (b) Blue",
    "<details><summary>Answer</summary>\nCorrect answer: B\n</details>",
    "<details markdown=1><summary>Show</summary>\n  Answer: B\n</details>",
    '??? note "Show answer"\n    Answer: B',
])
def test_answer_lines_in_every_common_style(tmp_path, line):
    assert_sky_is_blue(tmp_path, "(A) red\n(B) blue", line)


def test_answers_naming_several_letters(tmp_path):
    result = read_source(tmp_path, "1. Which are warm?\n\nA. red\nB. blue\nC. orange\n\n"
                                   "Correct Answer(s): A, C\n")
    assert keys(result) == [(1, "multiple", ["A", "C"])]


def test_a_copyright_sign_is_read_as_c_with_a_warning(tmp_path):
    result = read_source(tmp_path, "1. Pick c.\n\n(a) x\n(b) y\n(c) z\n\nAnswer: ©\n")
    assert keys(result) == [(1, "single", ["C"])]
    assert messages(result) == ["7:9: warning: `©` is read as (c): a PDF or an editor turned "
                                "`(c)` into the copyright sign"]


# --- field-list banks -----------------------------------------------------------------------

def test_a_field_list_bank(tmp_path):
    text = ("# Capitals\n\n- Question: Capital of France?\n- Type: multiple choice\n"
            "- Choices: Paris; London; Berlin\n- Answer: Paris\n- Explanation: Since 987.\n\n"
            "- Question: Which are in Europe?\n- Type: multiple answer\n- Choices: Paris; Lima; Rome\n"
            "- Answer: Paris; Rome\n")
    result = read_source(tmp_path, text)
    assert messages(result) == []
    assert keys(result) == [(3, "single", ["A"]), (9, "multiple", ["A", "C"])]
    first = result.quizzes[0].questions[0]
    assert [o.text for o in first.options] == ["Paris", "London", "Berlin"]
    assert first.feedback == "Since 987."


# --- numbers --------------------------------------------------------------------------------

def test_unicode_minus_and_plus_minus_read_as_numbers(tmp_path):
    result = read_source(tmp_path, "1. Cold?\n\nAnswer: −5 +/− 0.5\n")
    assert keys(result) == [(1, "numerical", {"value": -5.0, "tolerance": 0.5})]


def test_a_decimal_comma_is_a_number_only_under_type_numerical(tmp_path):
    as_text = read_source(tmp_path, "1. Pi?\n\nAnswer: 3,14\n")
    assert keys(as_text) == [(1, "short", ["3,14"])]
    assert messages(as_text) == ["3:9: warning: answer `3,14` is read as text: write `3.14`, or "
                                 "add `Type: numerical`"]
    as_number = read_source(tmp_path, "1. Pi?\n\nType: numerical\nAnswer: 3,14\n")
    assert keys(as_number) == [(1, "numerical", {"value": 3.14, "tolerance": 0.0})]
    assert messages(as_number) == []


def test_every_name_of_the_matching_type_reads_its_pairs(tmp_path):
    for name in ("matching", "Match", "match"):
        result = read_source(tmp_path, f"1. Capitals.\n\nType: {name}\n- France -> Paris\n- Italy -> Rome\n")
        assert keys(result) == [(1, "matching", [["France", "Paris"], ["Italy", "Rome"]])]


def test_a_graded_copy_with_accepted_answers_below_their_line(tmp_path):
    text = ("Week 1 Assignment\n\n1) Which is prime?\na. 4\nb. 7\nc. 9\nYes, the answer is correct.\n"
            "Score: 1\nAccepted Answers:\nb. 7\n\n2) Which are even?\na. 2\nb. 3\nc. 4\n"
            "No, the answer is incorrect.\nScore: 0\nAccepted Answers:\na. 2\nc. 4\n")
    result = read_source(tmp_path, text)
    assert messages(result) == []
    assert keys(result) == [(3, "single", ["B"]), (12, "multiple", ["A", "C"])]
    assert [o.text for o in result.quizzes[0].questions[0].options] == ["4", "7", "9"]


def test_an_answer_on_the_line_below(tmp_path):
    result = read_source(tmp_path, "1. Sky?\n\n(A) red\n(B) blue\n\nAnswer:\n(B)\n")
    assert keys(result) == [(1, "single", ["B"])]


def test_a_case_sensitive_short_answer(tmp_path):
    result = read_source(tmp_path, "1. Chemical symbol of sodium?\n\nAnswer: Na\nCase sensitive: yes\n")
    assert messages(result) == []
    answer = result.quizzes[0].questions[0].answer
    assert (answer.accepted, answer.case_sensitive) == (("Na",), True)
    wrong = read_source(tmp_path, "1. Sky?\n\n(A) red\n(B) blue\n\nAnswer: B\nCase sensitive: maybe\n")
    assert messages(wrong) == ["7:1: error: Case sensitive: must be yes or no, not `maybe`"]


def test_matching_distractors(tmp_path):
    result = read_source(tmp_path, "1. Capitals.\n\nType: matching\n- France -> Paris\n"
                                   "- Italy -> Rome\n- -> Madrid\n")
    assert messages(result) == []
    answer = result.quizzes[0].questions[0].answer
    assert answer.as_data() == [["France", "Paris"], ["Italy", "Rome"]]
    assert answer.distractors == ("Madrid",)


def test_the_seed_repaired_with_a_sub_label_reads_clean(tmp_path):
    """A real repair of the seed inserts `4b.` above the options whose stem the PDF lost."""
    seed = (Path(__file__).parents[1] / "fixtures" / "week-6-questions.md").read_text()
    lines = seed.split("\n")
    lines.insert(45, "4b. Which line draws the latent sample so that gradients flow?\n")
    result = read_source(tmp_path, "\n".join(lines))
    assert messages(result) == []
    questions = result.quizzes[0].questions
    assert [q.label for q in questions][3:6] == ["4", "4b", "5"]
    assert ["".join(q.answer.letters) for q in questions] == list("BCBDABBAABD")
