"""Choice and numeric cloze blanks in every target: what Moodle's and Canvas's own importers
store, QTI valid against the official schemas and scored as the key says, the preview and the
answer key. The sources are built here, in tmp dirs: the shared fixtures stay as they are."""
from __future__ import annotations

from pathlib import Path

import pytest

from exporter.readers import read
from lms_importers import moodle_import
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
    back = read(package, "moodle")
    assert [d for d in back.diagnostics if d.is_error] == []
    assert [(q.answer.as_data(), q.shuffle) for q in back.quizzes[0].questions] == \
        [(q.answer.as_data(), q.shuffle) for q in quiz.questions]
