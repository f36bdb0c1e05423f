"""Moodle XML: the key as Moodle grades it, and Moodle's own importer accepting every question."""
from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from exporter.cli import main
from exporter.readers import read
from exporter.formats.moodle_grades import ALLOWED, NoGradeSplit, correct_fractions, wrong_fraction
from lms_importers import IMPORTERS, import_each, moodle_import
from writing import output

FIXTURES = Path(__file__).parents[1] / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
MOODLE_BANK = IMPORTERS / "moodle" / "moodle" / "question" / "engine" / "bank.php"

TRICKY = """\
---
title: Tricky / edge cases
id: tricky
points: 1
---

1. Which are primes?

(A) 2
(B) 3
(C) 4
(D) 5 ![five](dot.png)

Answer: A, B, D

2. Cost of $a_1 * b_2$ and $x_{i}^{2}$ when a coffee costs \\$5, and a < b?

```c
int main() { return a < b && c; }
```

Answer: 5 | five dollars | 5*

3. Braces {1:SA:=x} stay text; type [[a}b | c#d~e | f*g | x&y<z>"q\\\\]] here.

Points: 4
"""


def _xml(path: Path) -> etree._Element:
    result = read(path)
    assert not [d for d in result.diagnostics if d.is_error], result.diagnostics
    return etree.fromstring(output("moodle", result.quizzes[0]))


def _questions(root: etree._Element) -> list[etree._Element]:
    return root.findall("question")[1:]  # after the category question


def _fractions(question: etree._Element) -> list[float]:
    return [float(a.get("fraction")) for a in question.findall("answer")]


def _allowed_in_moodle() -> set[float]:
    """Moodle's grade list as its source writes it (else this project's copy)."""
    if MOODLE_BANK.exists():
        body = MOODLE_BANK.read_text().split("$rawfractions = array(", 1)[1].split(")", 1)[0]
        positive = {float(v) for v in re.findall(r"\d\.\d+", body)} | {1.0, 0.0}
    else:
        positive = set(ALLOWED) | {0.0}
    return positive | {-v for v in positive}


def _assert_allowed(fractions: list[float]) -> None:
    allowed = _allowed_in_moodle()
    for percent in fractions:
        assert any(abs(percent / 100 - value) < 0.00001 for value in allowed), percent


@pytest.fixture(scope="module")
def tricky(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tricky") / "tricky.md"
    path.write_text(TRICKY)
    (path.parent / "dot.png").write_bytes((FIXTURES / "images" / "dot.png").read_bytes())
    return path


def test_every_type_maps_to_its_moodle_type_with_its_key():
    root = _xml(FIXTURES / "all-types.md")
    category = root.find("question")
    assert category.get("type") == "category"
    assert category.findtext("category/text") == "$course$/top/Testing/All types"
    questions = _questions(root)
    assert [q.get("type") for q in questions] == [
        "multichoice", "multichoice", "truefalse", "numerical", "numerical", "shortanswer",
        "essay", "matching", "multianswer"]
    single, multiple, truefalse, numerical, numrange, short, essay, match, cloze = questions

    assert single.findtext("single") == "true" and single.findtext("answernumbering") == "ABCD"
    assert _fractions(single) == [0, 100, 0]
    assert single.findtext("idnumber") == "draw-noise"
    assert [t.text for t in single.findall("tags/tag/text")] == ["sampling", "pytorch"]
    assert single.findtext("defaultgrade") == "3.0000000"
    assert single.findtext("penalty") == "0.2500000"
    assert single.findtext("shuffleanswers") == "true"
    # per-option feedback sits in that option's answer; general feedback in generalfeedback
    assert "uniform" in single.find("answer").findtext("feedback/text")
    assert "standard normal" in single.findtext("generalfeedback/text")

    assert multiple.findtext("single") == "false"
    assert _fractions(multiple) == [50, -50, 50, -50]
    assert multiple.findtext("shuffleanswers") == "false"

    assert [(a.findtext("text"), a.get("fraction")) for a in truefalse.findall("answer")] == [
        ("true", "100"), ("false", "0")]
    assert (numerical.findtext("answer/text"), numerical.findtext("answer/tolerance")) == (
        "3.14", "0.01")
    value, tolerance = float(numrange.findtext("answer/text")), float(
        numrange.findtext("answer/tolerance"))
    assert (value - tolerance, value + tolerance) == pytest.approx((1.42, 1.73))
    assert short.findtext("usecase") == "0"
    assert [(a.findtext("text"), a.get("fraction")) for a in short.findall("answer")] == [
        ("def", "100"), ("lambda", "100")]
    assert "randomness" in essay.findtext("graderinfo/text")
    assert [(s.findtext("text"), s.findtext("answer/text")) for s in match.findall("subquestion")] == [
        ("Binary cross-entropy", "Bernoulli pixels"), ("Mean squared error", "Gaussian outputs"),
        ("KL divergence", "Latent regularisation")]
    assert re.findall(r"\{\d+:SHORTANSWER:[^}]*\}", cloze.findtext("questiontext/text")) == [
        "{1:SHORTANSWER:=encoder}", "{1:SHORTANSWER:=decoder~=generator}",
        "{1:SHORTANSWER:=KL~=KL divergence}"]
    for question in questions:
        _assert_allowed(_fractions(question))


@pytest.mark.parametrize("count", range(1, 21))
def test_correct_options_share_100_percent_in_moodle_grades(count):
    shares = correct_fractions(count)
    assert len(shares) == count
    assert round(sum(shares), 2) == 1.0  # qtype_multichoice's own check
    _assert_allowed([100 * s for s in shares])


@pytest.mark.parametrize("count", range(1, 30))
def test_wrong_options_together_take_away_everything(count):
    penalty = wrong_fraction(count)
    _assert_allowed([100 * penalty])
    assert penalty * count <= -0.9999


def test_more_correct_options_than_moodle_can_grade_is_an_error_at_the_answer_line(tmp_path):
    with pytest.raises(NoGradeSplit):
        correct_fractions(21)
    letters = [chr(ord("A") + i) for i in range(22)]
    source = tmp_path / "many.md"
    source.write_text("# Many\n\n1. Pick all but the last.\n\n"
                      + "".join(f"({x}) option {x}\n" for x in letters)
                      + "\nAnswer: " + ", ".join(letters[:-1]) + "\n")
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(tmp_path / "out"),
                                       "-f", "moodle"])
    assert result.exit_code == 1
    assert (f"{source}:28:1: error: moodle: cannot share 100% among 21 correct options "
            "(Moodle's smallest grade is 5%); the moodle output of this quiz is not written"
            ) in result.output
    assert not (tmp_path / "out" / "many.moodle.xml").exists()


def test_multiple_answer_with_three_correct_uses_moodles_thirds(tricky):
    primes = _questions(_xml(tricky))[0]
    assert [a.get("fraction") for a in primes.findall("answer")] == [
        "33.33333", "33.33333", "-100", "33.33333"]


def test_code_and_math_come_out_intact(tricky):
    question = _questions(_xml(tricky))[1]
    text = question.findtext("questiontext/text")
    assert r"\(a_1 * b_2\)" in text and r"\(x_{i}^{2}\)" in text and "$5" in text
    assert "<em>" not in text
    pre = etree.HTML(text).find(".//pre")
    assert pre.get("style") and pre.find(".//span").get("style")  # inline styles, no classes
    assert "".join(pre.itertext()) == "int main() { return a < b && c; }"
    assert [a.findtext("text") for a in question.findall("answer")] == [
        "5", "five dollars", "5\\*"]  # a literal star, not Moodle's wildcard


def test_cloze_answers_are_escaped_for_moodles_parser(tricky):
    cloze = _questions(_xml(tricky))[2]
    text = cloze.findtext("questiontext/text")
    assert "&#123;1:SA:=x}" in text  # the author's braces cannot open a blank
    assert text.count("{4:SHORTANSWER:") == 1  # 4 points on one blank


def test_image_is_embedded_once_in_the_area_that_shows_it():
    essay = _questions(_xml(FIXTURES / "all-types.md"))[6]
    files = essay.findall("questiontext/file")
    assert [f.get("name") for f in files] == ["dot.png"]
    assert "@@PLUGINFILE@@/dot.png" in essay.findtext("questiontext/text")
    assert essay.find("generalfeedback/file") is None


def test_html_is_cdata_that_no_cdata_terminator_can_break(tmp_path):
    source = tmp_path / "cdata.md"
    source.write_text('# CDATA\n\n1. What does `]]>` end in ]]> and [this](https://x.org "a]]>b")?'
                      "\n\nAnswer: CDATA\n")
    data = output("moodle", read(source).quizzes[0])
    assert b"<text><![CDATA[<p>What does <code>]]&gt;</code> end in ]]&gt; and" in data
    text = _questions(etree.fromstring(data))[0].findtext("questiontext/text")
    assert etree.HTML(text).find(".//a").get("title") == "a]]>b"


def test_rebuilding_gives_identical_bytes():
    quiz = read(FIXTURES / "all-types.md").quizzes[0]
    assert output("moodle", quiz) == output("moodle", read(FIXTURES / "all-types.md").quizzes[0])


# --- Moodle's own importer ------------------------------------------------------------------


@pytest.fixture(scope="module")
def imported(tmp_path_factory, tricky) -> dict[str, dict]:
    """Each file through Moodle 4.5's import code, once."""
    return import_each(tmp_path_factory.mktemp("moodle"),
                       {"all-types": FIXTURES / "all-types.md", "tricky": tricky,
                        "week-6": ROOT / "source" / "week-6-questions.md"},
                       partial(output, "moodle"), ".moodle.xml", moodle_import)


def test_moodle_imports_every_type_with_its_key(imported):
    report = imported["all-types"]
    assert report["errors"] == []
    assert report["categories"][-1]["path"] == "Testing/All types"
    questions = {q["name"].split(".")[0]: q for q in report["questions"]}
    assert [(q["qtype"], q["defaultmark"]) for q in questions.values()] == [
        ("multichoice", 3.0), ("multichoice", 2.0), ("truefalse", 2.0), ("numerical", 2.0),
        ("numerical", 2.0), ("shortanswer", 2.0), ("essay", 2.0), ("match", 2.0),
        ("multianswer", 3.0)]
    single = questions["1"]
    assert [a["fraction"] for a in single["answers"]] == [0.0, 1.0, 0.0]
    assert (single["idnumber"], single["tags"], single["penalty"]) == (
        "draw-noise", ["sampling", "pytorch"], 0.25)
    assert [a["fraction"] for a in questions["2"]["answers"]] == [0.5, -0.5, 0.5, -0.5]
    assert [(a["answer"], a["fraction"]) for a in questions["3"]["answers"]] == [
        ("True", 1.0), ("False", 0.0)]
    assert [(a["answer"], a["tolerance"]) for a in questions["4"]["answers"]] == [("3.14", 0.01)]
    assert [(a["answer"], a["fraction"]) for a in questions["6"]["answers"]] == [
        ("def", 1.0), ("lambda", 1.0)]
    assert questions["6"]["usecase"] == 0
    assert questions["7"]["files"]["questiontext"][0]["filename"] == "dot.png"
    assert [(s["questiontext"], s["answertext"]) for s in questions["8"]["subquestions"]][0] == (
        "Binary cross-entropy", "Bernoulli pixels")
    blanks = [[a["answer"] for a in s["answers"]] for s in questions["9"]["subquestions"]]
    assert blanks == [["encoder"], ["decoder", "generator"], ["KL", "KL divergence"]]


def test_moodle_reads_escaped_cloze_answers_back_as_written(imported):
    cloze = imported["tricky"]["questions"][2]
    assert cloze["qtype"] == "multianswer" and cloze["defaultmark"] == 4.0
    [blank] = cloze["subquestions"]
    assert blank["defaultmark"] == 4.0
    assert [a["answer"] for a in blank["answers"]] == [
        "a}b", "c#d~e", "f\\*g", 'x&y<z>"q\\\\']
    primes = imported["tricky"]["questions"][0]
    assert [a["fraction"] for a in primes["answers"]] == pytest.approx(
        [1 / 3, 1 / 3, -1.0, 1 / 3], abs=1e-6)
    # the option's image is stored in that answer's own file area, where Moodle looks for it
    assert [[f["filename"] for f in a.get("files", {}).get("answer", [])]
            for a in primes["answers"]] == [[], [], [], ["dot.png"]]
    assert "files" not in primes


def test_moodle_imports_the_repaired_seed_with_its_keys(imported):
    questions = imported["week-6"]["questions"]
    keys = ["ABCD"[[a["fraction"] for a in q["answers"]].index(1.0)] for q in questions]
    assert keys == list("BCBDABBAABD")
    assert {q["qtype"] for q in questions} == {"multichoice"}


def test_moodle_stores_a_matching_distractor_as_a_subquestion_with_no_text(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("1. Capitals.\n\nType: matching\n- France -> Paris\n- -> Madrid\n")
    package = tmp_path / "quiz.moodle.xml"
    package.write_bytes(output("moodle", read(source).quizzes[0]))
    status, report = moodle_import(package)
    assert status == 0, report["errors"]
    [question] = report["questions"]
    assert [(s["questiontext"], s["answertext"]) for s in question["subquestions"]] == [
        ("France", "Paris"), ("", "Madrid")]
