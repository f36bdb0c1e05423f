"""`lms-export watch`: an edit rebuilds; a broken edit prints its diagnostic and keeps the old output."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parents[2]


def wait_for(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_watch_rebuilds_on_save_and_keeps_the_last_good_output(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    quiz = source / "quiz.md"
    quiz.write_text("1. Six times seven?\n\nAnswer: 42\n")
    output = tmp_path / "out" / "quiz.answers.csv"
    page = tmp_path / "out" / "preview" / "quiz.html"
    log = tmp_path / "log.txt"
    with log.open("w") as stream:
        process = subprocess.Popen(
            [sys.executable, "-m", "exporter", "watch", "src", "-o", "out", "-f", "answers"],
            cwd=tmp_path, stdout=stream, stderr=subprocess.STDOUT)
    try:
        assert wait_for(lambda: "watching" in log.read_text()), log.read_text()
        assert "42" in output.read_text("utf-8-sig")
        assert "42" in page.read_text()
        assert (tmp_path / "out" / "preview" / "index.html").exists()
        time.sleep(0.5)
        quiz.write_text("1. Six times seven?\n\nAnswer: 43\n")
        assert wait_for(lambda: "43" in output.read_text("utf-8-sig")), log.read_text()
        assert wait_for(lambda: "43" in page.read_text()), log.read_text()
        good = output.read_bytes()
        quiz.write_text("1. Six times seven?\n\n(A) 42\n\nAnswer: (C)\n")
        assert wait_for(lambda: "src/quiz.md:5:10: error: answer (C) names no option" in
                        log.read_text()), log.read_text()
        assert output.read_bytes() == good
        # the preview shows the broken save, with its diagnostic beside the question
        assert wait_for(lambda: "names no option" in page.read_text()), page.read_text()
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
