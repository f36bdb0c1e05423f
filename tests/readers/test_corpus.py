"""Real quiz files from public repositories (../shared/corpus), read as a careful human reads
them: `expected.json` gives each question's line, type and key, and each genuine defect."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from exporter.readers import read

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
EXPECTED = CORPUS / "expected.json"
FILES = sorted(json.loads(EXPECTED.read_text(encoding="utf-8"))) if EXPECTED.exists() else []

pytestmark = pytest.mark.skipif(not EXPECTED.exists(),
                                reason=f"{CORPUS} is absent (it lives in ../shared, not here)")


@pytest.mark.parametrize("name", FILES)
def test_every_question_is_read_with_its_key_or_reported_at_its_line(name):
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))[name]
    result = read(CORPUS / name)
    [quiz] = result.quizzes
    read_at = {q.line: (q.type.value, q.answer.as_data()) for q in quiz.questions}
    reported = {d.line for d in result.diagnostics}
    defects = {d["line"] for d in expected["defects"]}
    assert len(quiz.questions) == expected["questions_expected"]
    for question in expected["questions"]:
        line = question["line"]
        if question["answer"] is None:
            assert line in reported, f"{name}:{line}: an unkeyed question must be reported"
        elif not (line in defects and line in reported):
            assert read_at.get(line) == (question["type"], question["answer"]), f"{name}:{line}"
    assert defects <= reported, f"{name}: defects not reported at {sorted(defects - reported)}"
    allowed = {q["line"] for q in expected["questions"]} | defects
    assert sorted(d.line for d in result.diagnostics if d.is_error and d.line not in allowed) == []
