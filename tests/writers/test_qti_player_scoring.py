"""Partial credit and gaps with choices or numbers, scored by the real QTI 3.0 runtime.

The harness's own response sets (test_qti_player.py) know the key in words but
not per-option grades, drop-downs or numeric blanks, so these items are played
with response sets written here, from the source, each with the score it must
get: a graded option its share, a penalty never below 0, a drop-down's right
choice its blank's share, a number at the tolerance's edge in, past it out.
"""
from __future__ import annotations

import json
import subprocess

import pytest

from exporter.readers import read
from exporter.writers.qti.dialect import qti_identifier
from lms_importers import IMPORTERS, NOT_SET_UP
from readers.test_grade_lines import GRADED
from writing import output

QTI_PLAY = IMPORTERS / "qti-player" / "qti_play.sh"
# the grade lines' quiz (worth 4 and 2), and a cloze of a drop-down and a number
SOURCE = (GRADED.replace("grade (d): -25 %\n", "grade (d): -25 %\nPoints: 4\n") + "Points: 2\n\n"
          "3. Paris is in [[France | ~Spain | ~Italy]] and pi is about [[= 3.14 ± 0.01]].\n"
          "Points: 2\n")
# question number -> (label, responses, the SCORE the player must give)
SETS = {
    1: [("key", {"RESPONSE": "B"}, 4), ("half", {"RESPONSE": "C"}, 2),
        ("penalty-bounded", {"RESPONSE": "D"}, 0), ("wrong", {"RESPONSE": "A"}, 0)],
    2: [("key", {"RESPONSE": ["A", "B", "C"]}, 2), ("a-only", {"RESPONSE": ["A"]}, 1),
        ("b-and-c", {"RESPONSE": ["B", "C"]}, 1), ("penalty-bounded", {"RESPONSE": ["A", "D"]}, 0),
        ("everything", {"RESPONSE": ["A", "B", "C", "D"]}, 0)],
    3: [("both", {"RESPONSE_1": "C1", "RESPONSE_2": "3.15"}, 2),
        ("choice-only", {"RESPONSE_1": "C1", "RESPONSE_2": "3.16"}, 1),
        ("number-only", {"RESPONSE_1": "C2", "RESPONSE_2": "3.13"}, 1),
        ("neither", {"RESPONSE_1": "C3", "RESPONSE_2": "2"}, 0)],
}


@pytest.mark.parametrize("version", ["qti30", "qti21"])
def test_graded_options_and_gaps_score_as_the_source_says(tmp_path, version):
    if not QTI_PLAY.exists():
        pytest.skip(f"the QTI player is not here: {QTI_PLAY} (../shared is absent)")
    source = tmp_path / "scored.md"
    source.write_text(SOURCE)
    [quiz] = read(source).quizzes
    package = tmp_path / f"scored.{version}.zip"
    package.write_bytes(output(version, quiz))
    responses = {"items": {
        qti_identifier(quiz.questions[number - 1].id): [
            {"label": label, "responses": given, "expect": [f"SCORE == {score}"]}
            for label, given, score in sets]
        for number, sets in SETS.items()}}
    (tmp_path / "responses.json").write_text(json.dumps(responses))
    done = subprocess.run([str(QTI_PLAY), str(package), "--responses",
                           str(tmp_path / "responses.json"), "--compact",
                           *(["--qti21"] if version == "qti21" else [])],
                          capture_output=True, text=True, timeout=600)
    if done.returncode == NOT_SET_UP:
        pytest.skip(f"the QTI player is not set up: {done.stderr.strip()[-300:]}")
    played = json.loads(done.stdout)
    assert played["errors"] == []
    scored = {(item["identifier"], response["label"]): response["outcomes"].get("SCORE")
              for item in played["items"] for response in item["responses"]}
    expected = {(qti_identifier(quiz.questions[number - 1].id), label): score
                for number, sets in SETS.items() for label, _, score in sets}
    assert {key: float(value) for key, value in scored.items()} == \
        {key: float(value) for key, value in expected.items()}
