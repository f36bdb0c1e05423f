"""A property over random mixes of conventions: every question of a generated source is read
with its key at its line; none is lost, none changes type, nothing is reported."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import test_properties  # noqa: F401 - registers and loads the hypothesis profiles
from exporter.readers import read

prose = st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta", "sky", "blue", "two",
                                  "loss", "value", "is", "the", "of", "what", "which"]),
                 min_size=1, max_size=6).map(" ".join)
LABELS = {"number": "{n}. {stem}", "heading": "### Q{n}. {stem}", "bold": "**{n}.** {stem}",
          "q": "Q{n}: {stem}", "question": "**Question {n}**\n\n{stem}"}
LETTERED = ["({L}) {t}", "- ({L}) {t}", "{L}) {t}", "{L}. {t}", "{l}) {t}", "- {L}. {t}",
            "    - {L}. {t}", "* {l}) {t}"]
ANSWERS = ["Answer: {keys}", "Correct answer: {keys}", "**Answer:** {keys}", "Ans: {keys}"]


@st.composite
def question(draw, n: int, label: str, damaged: bool = False) -> tuple[str, list[str]]:
    """A question's lines and its key (the letters); ``damaged``: maybe broken as people
    break them (no key at all, options in a shape no syntax reads)."""
    texts = draw(st.lists(prose, min_size=2, max_size=5, unique=True))
    letters = [chr(ord("A") + i) for i in range(len(texts))]
    key = sorted(draw(st.lists(st.sampled_from(letters), min_size=1, max_size=len(letters),
                               unique=True)))
    stem = draw(prose) + "?"
    lines = [LABELS[label].format(n=n, stem=stem), ""]
    style = draw(st.sampled_from(["lettered", "tasks", "bold"]))
    if style == "lettered":
        marker = draw(st.sampled_from(LETTERED))
        lines += [marker.format(L=L, l=L.lower(), t=t) for L, t in zip(letters, texts)]
        lines += ["", draw(st.sampled_from(ANSWERS)).format(keys=", ".join(key))]
    elif style == "tasks":
        lines += [f"- [{'x' if L in key else ' '}] {t}" for L, t in zip(letters, texts)]
    else:
        if len(key) == len(letters):  # bold on every option is styling: give the key in words
            lines += [f"* {t}" for t in texts] + ["", "Answer: " + ", ".join(key)]
        else:
            lines += [f"* **{t}**" if L in key else f"* {t}" for L, t in zip(letters, texts)]
    if damaged and draw(st.booleans()):
        damage = draw(st.sampled_from(["no key", "dash options", "bracket options"]))
        if damage == "no key":
            lines = [line.replace("[x]", "[ ]").replace("* **", "* ").rstrip("*")
                     if line.startswith(("- [", "* ")) else line for line in lines
                     if not line.lower().startswith(("answer", "correct", "ans", "**answer"))]
        else:
            shape = "{L} - {t}" if damage == "dash options" else "[{L}] {t}"
            lines = lines[:2] + [shape.format(L=L, t=t) for L, t in zip(letters, texts)] + \
                ["", "Answer: " + ", ".join(key)]
    return "\n".join(lines), key


@st.composite
def source(draw, damaged: bool = False) -> tuple[str, list[tuple[int, list[str]]]]:
    """A source and, per question, its first line and key."""
    label = draw(st.sampled_from(sorted(LABELS)))
    parts, expected, line = ["# Generated", ""], [], 3
    for n in range(1, draw(st.integers(1, 5)) + 1):
        text, key = draw(question(n, label, damaged))
        parts += [text, ""]
        expected.append((line, key))
        line += text.count("\n") + 2
    return "\n".join(parts), expected


def read_generated(tmp_path_factory, text: str):
    path = tmp_path_factory.mktemp("styles") / "quiz.md"
    path.write_text(text, encoding="utf-8")
    result = read(path)
    [quiz] = result.quizzes
    return result, quiz


@given(source())
def test_every_question_is_read_with_its_key_or_reported_at_its_line(tmp_path_factory, generated):
    text, expected = generated
    result, quiz = read_generated(tmp_path_factory, text)
    # every convention here is one the reader knows: all is read, nothing is reported
    assert [str(d) for d in result.diagnostics] == [], text
    assert [(q.line, q.type.value, list(q.answer.as_data())) for q in quiz.questions] == [
        (line, "single" if len(key) == 1 else "multiple", key) for line, key in expected], text


@given(source(damaged=True))
def test_a_broken_question_is_reported_at_its_lines_never_misread(tmp_path_factory, generated):
    text, expected = generated
    result, quiz = read_generated(tmp_path_factory, text)
    read_at = {q.line: q for q in quiz.questions}
    ends = [line for line, _ in expected[1:]] + [len(text.splitlines()) + 1]
    for (line, key), end in zip(expected, ends):
        question = read_at.get(line)
        if question is not None and list(question.answer.as_data()) == key:
            continue
        assert any(line <= d.line < end for d in result.diagnostics), (text, line, key)
