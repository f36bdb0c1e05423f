"""The writers of one big quiz in two processes: the same files, the same diagnostics."""
from __future__ import annotations

from pathlib import Path

import pytest

from exporter import writers
from exporter.pipeline.build import build_file
from exporter.pipeline.parallel import MIN_QUESTIONS, writer_groups


def _bank(path: Path, questions: int, last: str = "") -> Path:
    body = "".join(f"{n}. What is {n} + $x_{n}$?\n\n(A) `{n}`\n(B) {n + 1}\n\nAnswer: B\n"
                   f"Feedback: because **{n}**.\n\n" for n in range(1, questions + 1))
    path.write_text(f"# Big bank\n\n{body}{last}")
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    return _bank(tmp_path_factory.mktemp("big") / "big.md", MIN_QUESTIONS + 20)


def test_two_processes_write_the_same_bytes_as_one(big):
    serial = build_file(big, list(writers.WRITERS), jobs=1)
    parallel = build_file(big, list(writers.WRITERS), jobs=2)
    assert serial.diagnostics == parallel.diagnostics == []
    assert list(parallel.files) == list(serial.files)  # in the registry's order
    assert parallel.files == serial.files


def test_a_writer_failing_in_the_other_process_is_reported_at_its_line(tmp_path):
    letters = [chr(ord("A") + i) for i in range(22)]
    many = (f"{MIN_QUESTIONS + 1}. Pick all but the last.\n\n"
            + "".join(f"({x}) value {x}\n" for x in letters)
            + "\nAnswer: " + ", ".join(letters[:-1]) + "\n")
    path = _bank(tmp_path / "big.md", MIN_QUESTIONS, last=many)
    answer_line = len(path.read_text().splitlines())
    for jobs in (1, 2):
        result = build_file(path, list(writers.WRITERS), jobs=jobs)
        # the other formats can hold the question: only Moodle's file is missing (GIFT, which
        # takes Moodle's grades too, leaves the one question out and says so)
        assert list(result.files) == [f"big{writers.WRITERS[name].suffix}"
                                      for name in writers.WRITERS if name != "moodle"]
        assert result.failed
        assert [(d.line, d.message) for d in result.diagnostics] == [
            (answer_line - 25, f"gift: question {MIN_QUESTIONS + 1} is left out: cannot share "
                               "100% among 21 correct options (Moodle's smallest grade is 5%)"),
            (answer_line, "moodle: cannot share 100% among 21 correct options "
                          "(Moodle's smallest grade is 5%); the moodle output of this quiz is "
                          "not written")]


def test_a_writer_crashing_in_the_forked_process_fails_the_quiz_cleanly(big, monkeypatch):
    forked = writer_groups(list(writers.WRITERS), 2)[1][0]  # a writer the other process runs

    def crash(quiz, report):
        raise ValueError("disk on fire")

    real = writers.get
    monkeypatch.setattr(writers, "get", lambda name: crash if name == forked else real(name))
    result = build_file(big, list(writers.WRITERS), jobs=2)
    assert list(result.files) == [f"big{writers.WRITERS[name].suffix}"
                                  for name in writers.WRITERS if name != forked]
    assert result.failed
    assert [(d.line, d.message) for d in result.diagnostics] == [
        (1, f"internal error in the {forked} writer (ValueError: disk on fire); "
            "please report it with the file")]
