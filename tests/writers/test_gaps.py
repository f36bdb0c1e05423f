"""Choice and numeric cloze blanks in every target: what Moodle's and Canvas's own importers
store, QTI valid against the official schemas and scored as the key says, the preview and the
answer key. The sources are built here, in tmp dirs: the shared fixtures stay as they are."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from exporter import writers
from exporter.cli import main
from exporter.diagnostics import Reporter
from exporter.readers import Reading, read
from lms_importers import moodle_import
from writers.test_canvas import canvas_import
from writers.test_qti import (Package, assert_package_valid, at, correct_values, el, find,
                              mapping, response, schemas)  # noqa: F401 (a fixture)
from writing import output

# Marks inside choices: Moodle's gap syntax (`}`, `#`, `~`, a leading `=` or `%`), HTML, and
# our own escapes (`\~`, `\|`).
GAPS = """# Gaps

1. Paris is in [[France | ~Spain | ~a}b#c | ~\\=x<y]], pi is [[= 3.14 ± 0.01]], the answer
is [[= 42]] and a word [[\\~w | v \\| u]].

Points: 4
Shuffle: true

2. Only drop-downs: [[red | ~plaid]] and [[~paisley | blue]].

Points: 2
"""


@pytest.fixture
def gaps(tmp_path) -> Path:
    path = tmp_path / "gaps.md"
    path.write_text(GAPS, encoding="utf-8")
    return path


def test_moodle_stores_choice_and_numerical_subquestions(gaps, tmp_path):
    [quiz] = read(gaps).quizzes
    package = tmp_path / "gaps.moodle.xml"
    package.write_bytes(output("moodle", quiz))
    status, report = moodle_import(package)
    assert status == 0, report["errors"]
    stored = [[(sub["qtype"], [(a["answer"], a["fraction"], a.get("tolerance"))
                               for a in sub["answers"]],
                sub["options"].get("qtype_multichoice_options", [{}])[0].get("shuffleanswers"),
                sub["defaultmark"])
               for sub in question["subquestions"]] for question in report["questions"]]
    assert stored == [[
        ("multichoice", [("France", 1.0, None), ("Spain", 0.0, None), ("a}b#c", 0.0, None),
                         ("=x<y", 0.0, None)], "1", 1.0),
        ("numerical", [("3.14", 1.0, 0.01)], None, 1.0),
        ("numerical", [("42", 1.0, 0.0)], None, 1.0),
        ("shortanswer", [("~w", 1.0, None), ("v | u", 1.0, None)], None, 1.0)], [
        ("multichoice", [("red", 1.0, None), ("plaid", 0.0, None)], "0", 1.0),
        ("multichoice", [("paisley", 0.0, None), ("blue", 1.0, None)], "0", 1.0)]]
    back = read(package, Reading("moodle"))
    assert [d for d in back.diagnostics if d.is_error] == []
    assert [(q.answer.as_data(), q.shuffle) for q in back.quizzes[0].questions] == \
        [(q.answer.as_data(), q.shuffle) for q in quiz.questions]


@pytest.mark.parametrize("target", ["qti21", "qti30"])
def test_qti_inline_choices_and_numeric_entries_validate_and_score(gaps, target, schemas):  # noqa: F811
    [quiz] = read(gaps).quizzes
    package = Package(output(target, quiz), target)
    assert_package_valid(package, schemas)
    first, dropdowns = package.items()
    [choice] = find(first, target, "inlineChoiceInteraction")
    assert (choice.get(at(target, "responseIdentifier")), choice.get("shuffle")) == \
        ("RESPONSE_1", "true")
    assert [(c.get("identifier"), c.text) for c in find(choice, target, "inlineChoice")] == [
        ("C1", "France"), ("C2", "Spain"), ("C3", "a}b#c"), ("C4", "=x<y")]
    assert response(first, target, "RESPONSE_1").get(at(target, "baseType")) == "identifier"
    assert correct_values(first, target, "RESPONSE_1") == ["C1"]
    assert mapping(response(first, target, "RESPONSE_1"), target) == {"C1": (1.0, None)}
    assert [(r.get(at(target, "baseType")), correct_values(first, target, r.get("identifier")))
            for r in (response(first, target, f"RESPONSE_{n}") for n in (2, 3))] == [
        ("float", ["3.14"]), ("float", ["42"])]
    assert mapping(response(first, target, "RESPONSE_4"), target) == {
        "~w": (1.0, "false"), "v | u": (1.0, "false")}
    [summed] = find(first, target, "responseProcessing/setOutcomeValue/sum")
    assert [e.get("identifier") for e in summed] == ["RESPONSE_1", "RESPONSE_4"]
    intervals = [[(test.tag.rsplit("}")[1], test[0].get("identifier"), test[1].text)
                  for test in condition]
                 for condition in find(first, target, "responseCondition/responseIf/and")]
    gte, lte = el(target, "gte"), el(target, "lte")
    assert intervals == [[(gte, "RESPONSE_2", "3.13"), (lte, "RESPONSE_2", "3.15")]]
    [exact] = find(first, target, "responseCondition/responseIf/equal")  # 42, no tolerance
    assert (exact.get(at(target, "toleranceMode")), exact[0].get("identifier"), exact[1].text) == \
        ("exact", "RESPONSE_3", "42")
    shares = [s[1].text for s in find(first, target, "responseCondition/responseIf/"
                                                     "setOutcomeValue/sum")]
    assert shares == ["1", "1"]
    assert [len(find(dropdowns, target, name)) for name in ("inlineChoiceInteraction",
                                                            "textEntryInteraction")] == [2, 0]
    assert find(dropdowns, target, "responseCondition") == []


def test_canvas_stores_dropdowns_and_typed_blanks_and_warns(gaps, tmp_path):
    """Drop-downs only: a multiple-dropdowns question; a mix: fill-in-multiple-blanks, whose
    choice and numeric blanks accept a typed answer, each with a warning at its blank."""
    [quiz] = read(gaps).quizzes
    report = Reporter(gaps)
    files = writers.get("canvas")(quiz, report)
    assert [str(d) for d in report.sorted()] == [f"{gaps}:{where}: warning: canvas: {message}" for where, message in [
        ("3:16", "blank 1 offers choices, which a Canvas question with typed blanks cannot (a "
                 "question of drop-downs only can): it accepts `France` typed"),
        ("3:61", "blank 2 is a number, which Canvas blanks cannot hold: it accepts `3.14` typed "
                 "exactly, without the tolerance ± 0.01"),
        ("4:4", "blank 3 is a number, which Canvas blanks cannot hold: it accepts `42` typed "
                "exactly")]]
    package = tmp_path / "gaps.canvas.zip"
    package.write_bytes(files[writers.file_name(quiz, "canvas")])
    status, imported = canvas_import(package)
    assert status == 0 and imported["errors"] == [] and imported["warnings"] == []
    typed, dropdowns = imported["assessments"][0]["questions"]
    assert (typed["question_type"], [b["accepted"] for b in typed["blanks"]]) == (
        "fill_in_multiple_blanks_question", [["France"], ["3.14"], ["42"], ["~w", "v | u"]])
    assert dropdowns["question_type"] == "multiple_dropdowns_question"
    assert [[(c["text"], c["correct"]) for c in b["choices"]] for b in dropdowns["blanks"]] == [
        [("red", True), ("plaid", False)], [("paisley", False), ("blue", True)]]
    assert dropdowns["points_possible"] == 2.0


def test_preview_offers_the_choices_and_the_key_shows_every_blank(gaps, tmp_path):
    result = CliRunner().invoke(main, ["preview", str(gaps), "-o", str(tmp_path / "page")])
    assert result.exit_code == 0, result.output
    dom = lxml.html.fromstring((tmp_path / "page" / "gaps.html").read_bytes())
    first, second = dom.findall(".//section")
    [choice] = first.findall(".//select")
    assert [(o.text, o.get("selected")) for o in choice.iter("option")] == [
        ("France", "selected"), ("Spain", None), ("a}b#c", None), ("=x<y", None)]
    assert [b.get("data-correct") for b in first.find_class("blank")] == [
        "3.14 ± 0.01", "42", "~w | v | u"]
    assert [s.get("data-correct") for s in second.iter("select")] == ["red", "blue"]
    result = CliRunner().invoke(main, ["preview", str(gaps), "--no-key", "-o",
                                       str(tmp_path / "handout")])
    assert result.exit_code == 0, result.output
    handout = (tmp_path / "handout" / "gaps.html").read_text(encoding="utf-8")
    assert "data-correct" not in handout and "3.14" not in handout
    assert [[o.text for o in s.iter("option") if o.get("selected") is not None]
            for s in lxml.html.fromstring(handout).iter("select")] == [["Choose…"]] * 3


def test_the_answer_key_csv_names_each_blanks_key(gaps, tmp_path):
    [quiz] = read(gaps).quizzes
    rows = list(csv.reader(io.StringIO(output("answers", quiz).decode("utf-8-sig"))))
    assert [row[4] for row in rows[1:]] == [
        "[1] France (of France / Spain / a}b#c / =x<y); [2] 3.14 ± 0.01; [3] 42; [4] ~w | v | u",
        "[1] red (of red / plaid); [2] blue (of paisley / blue)"]
