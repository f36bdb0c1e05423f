"""Every QTI item played by a real QTI 3.0 runtime, as a candidate answers it.

``../shared/importers/qti-player`` renders each item of a package in headless
Chromium with a QTI 3.0 player, enters response sets derived from the key in
words (``lms-export check --json``: every option, the tolerance's edges, the
range's ends, every accepted alternative, partial matches) and runs the
player's own response processing; QTI 2.1 packages are first upgraded by the
converter it pins. The schema tests say our XML is valid; these say what a
candidate sees and scores. Every quiz of ``source/`` and every fixture that
builds is played once per version, both versions at once (about two minutes).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from exporter import writers
from exporter.keys import right_sides
from exporter.model import ClozeAnswer, MatchingAnswer, Question, QuestionType, Quiz
from exporter.readers import read
from exporter.render.mathspans import split_math
from exporter.render.renderer import Renderer
from exporter.writers.qti.dialect import qti_identifier
from lms_importers import play_qti

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
VERSIONS = ("qti30", "qti21")
CANDIDATES = sorted((ROOT / "source").glob("*.md")) + sorted(
    path for path in FIXTURES.rglob("*.md") if "bad" not in path.relative_to(FIXTURES).parts)
PLAYED = [path for path in CANDIDATES if not read(path).has_errors]
FULL, PARTIAL = "SCORE == MAXSCORE", "SCORE < MAXSCORE"
PARTIAL_CREDIT = {QuestionType.MATCHING, QuestionType.CLOZE}  # an equal share per pair or blank


def test_every_quiz_that_builds_is_played():
    """Only the seed as staff wrote it is left out: its error is what the reader tests test."""
    assert [path for path in CANDIDATES if path not in PLAYED] == [FIXTURES / "week-6-questions.md"]


@pytest.fixture(scope="module")
def played(tmp_path_factory) -> dict[str, Path]:
    work = {version: tmp_path_factory.mktemp(f"played-{version}") for version in VERSIONS}
    play_qti(PLAYED, work)
    return work


class Run:
    """One package's play: the quiz, and what the harness asked and the player answered."""

    def __init__(self, played: dict[str, Path], version: str, source: Path) -> None:
        self.quiz: Quiz = read(source).quizzes[0]
        folder = played[version] / str(PLAYED.index(source) + 1)  # lms_play.sh numbers its sources
        package = writers.file_name(self.quiz, version)
        stem = package.removesuffix(f".{version}.zip")
        assert (folder / package).is_file(), (folder / "build.log").read_text()
        self.play = json.loads((folder / f"{stem}.play.json").read_text(encoding="utf-8"))
        self.responses = json.loads((folder / f"{stem}.resp.json").read_text(encoding="utf-8"))
        self.renderer = Renderer(self.quiz, version)
        assert [item["identifier"] for item in self.play["items"]] == [
            qti_identifier(question.id) for question in self.quiz.questions]

    def items(self) -> list[tuple[Question, dict, str]]:
        """Each question with its played item and where to look in the source."""
        return [(question, item, f"{self.quiz.path.name}:{question.line} ({question.type.value})")
                for question, item in zip(self.quiz.questions, self.play["items"])]


@pytest.fixture(params=VERSIONS)
def version(request) -> str:
    return request.param


@pytest.fixture(params=PLAYED, ids=lambda path: str(path.relative_to(ROOT)))
def run(request, played, version) -> Run:
    return Run(played, version, request.param)


def _collapsed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _prose(renderer: Renderer, markdown: str) -> list[str]:
    """The runs of ``markdown`` a reader sees as words (everything but its math), as plain text."""
    runs, current = [], ""
    for segment in split_math(markdown):
        if segment.kind in ("inline", "display"):
            runs.append(current)
            current = ""
        else:
            current += markdown[segment.start:segment.end]
    runs.append(current)
    return [_collapsed(renderer.plain(text)) for text in runs if text.strip()]


def _shows(shown: str, prose: list[str]) -> bool:
    """``shown`` holds each run of ``prose``, in order."""
    position = 0
    for text in prose:
        position = shown.find(text, position)
        if position < 0:
            return False
        position += len(text)
    return True


def _interactions(question: Question) -> list[str]:
    if question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUEFALSE):
        return ["choiceInteraction"]
    if question.type in (QuestionType.NUMERICAL, QuestionType.SHORT):
        return ["textEntryInteraction"]
    if question.type is QuestionType.ESSAY:
        return ["extendedTextInteraction"]
    if question.type is QuestionType.MATCHING:
        return ["matchInteraction"]
    assert isinstance(question.answer, ClozeAnswer)
    return ["textEntryInteraction"] * len(question.answer.blanks)


def test_every_item_renders_with_its_interaction_and_every_choice(run):
    assert not run.play["errors"], run.play["errors"]
    for question, item, where in run.items():
        assert item["ok"] and not item["errors"], (where, item["errors"])
        interactions = item["interactions"]
        assert [i["type"] for i in interactions] == _interactions(question), where
        assert all(i["defined"] and i["visible"] for i in interactions), (where, interactions)
        (first, *_) = interactions
        if question.type is QuestionType.TRUEFALSE:
            assert {c["identifier"]: c["text"] for c in first["choices"]} == {
                "true": "True", "false": "False"}, where
        elif question.options:
            shown = {c["identifier"]: _collapsed(c["text"]) for c in first["choices"]}
            assert sorted(shown) == [option.letter for option in question.options], where
            for option in question.options:
                assert _shows(shown[option.letter], _prose(run.renderer, option.text)), (
                    where, option.letter, shown[option.letter], option.text)
            assert first["attributes"]["max-choices"] == (
                "1" if question.type is QuestionType.SINGLE else "0"), where
        elif isinstance(question.answer, MatchingAnswer):
            lefts, rights = ([_collapsed(c["text"]) for c in side] for side in first["match_sets"])
            assert len(lefts) == len(question.answer.pairs), where
            for shown, pair in zip(lefts, question.answer.pairs):
                assert _shows(shown, _prose(run.renderer, pair.left)), (where, shown, pair.left)
            assert rights == [_collapsed(right) for right in right_sides(question.answer)], where


def test_keys_and_alternatives_score_full_wrong_answers_zero_partial_matches_between(run):
    assert run.responses["notes"] == [], run.responses["notes"]  # the XML's key is the source's
    assert run.responses["items_without_sets"] == []
    for question, item, where in run.items():
        sets = item["responses"]
        assert sets and all(s["source"] == "responses file" for s in sets), where
        scored = question.type is not QuestionType.ESSAY  # an essay is scored by hand
        assert (item["response_processing"]["kind"] != "none") == scored, where
        assert any(e["check"] == FULL for s in sets for e in s["expect"]) == scored, where
        for answered in sets:
            outcomes = answered["outcomes"]
            said = (where, answered["label"], answered["input"], outcomes)
            assert answered["processed"] == scored, said
            assert float(outcomes["MAXSCORE"]) == pytest.approx(question.points), said
            for expectation in answered["expect"]:
                assert expectation["ok"], (*said, expectation["check"])
                if expectation["check"] == PARTIAL and question.type in PARTIAL_CREDIT:
                    assert float(outcomes["SCORE"]) > 0, (*said, "partial credit is no credit")
                elif expectation["check"] == PARTIAL:  # multiple answer: exactly the set, or 0
                    assert float(outcomes["SCORE"]) == 0, said
