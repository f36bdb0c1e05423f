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


GEN_BANK = ROOT.parent / "shared" / "bench" / "gen_bank.py"


class Watch:
    """`lms-export watch src -o out` running in ``folder``, its stderr in a log file."""

    def __init__(self, folder: Path, *args: str) -> None:
        self.folder = folder
        self.log = folder / "log.txt"
        with self.log.open("w") as stream:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "exporter", "watch", "src", "-o", "out", *args],
                cwd=folder, stdout=stream, stderr=subprocess.STDOUT)
        assert wait_for(lambda: "watching" in self.text()), self.text()

    def text(self) -> str:
        return self.log.read_text()

    def stop(self, signal_number: int = signal.SIGINT) -> int:
        self.process.send_signal(signal_number)
        return self.process.wait(timeout=30)


def test_editor_temporaries_rebuild_nothing_and_a_save_rebuilds_only_its_quiz(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("one", "two"):
        (src / f"{name}.md").write_text(f"1. {name}: six times seven?\n\nAnswer: 42\n")
    watch = Watch(tmp_path, "-f", "answers", "--no-preview")
    try:
        assert "built 2 of 2 quizzes" in watch.text()
        time.sleep(0.5)
        for name in ("4913", "one.md~", ".one.md.swp", "sedAb12Cd", "#one.md#", "one.md.tmp"):
            (src / name).write_text("x")
        (src / ".hidden").mkdir()
        (src / ".hidden" / "notes.md").write_text("1. Q?\n\nAnswer: 1\n")
        time.sleep(3)  # longer than the watcher's 1.6 s debounce
        assert watch.text().count("rebuilt") == 0, watch.text()
        (src / "one.md").write_text("1. one: six times seven?\n\nAnswer: 43\n")
        assert wait_for(lambda: "rebuilt 1 of 1 quiz" in watch.text()), watch.text()
        assert "building src/one.md\n" in watch.text()
    finally:
        status = watch.stop()
    assert status == 130
    assert watch.text().endswith("stopped watching\n"), watch.text()
    assert "KeyboardInterrupt" not in watch.text() and "Aborted" not in watch.text()


def test_an_empty_folder_is_watched_and_a_deleted_quiz_takes_its_outputs(tmp_path):
    (tmp_path / "src").mkdir()
    watch = Watch(tmp_path, "-f", "answers,moodle")
    out = tmp_path / "out"
    try:
        time.sleep(0.5)
        (tmp_path / "src" / "quiz.md").write_text("---\nid: w1\n---\n1. Six times seven?\n\n"
                                                  "Answer: 42\n")
        # the packages first, then the preview page: wait for the last of them
        assert wait_for(lambda: all((out / name).exists() for name in (
            "w1.answers.csv", "w1.moodle.xml", "preview/w1.html"))), watch.text()
        # a new id: the old id's outputs are stale once the quiz builds under the new one
        (tmp_path / "src" / "quiz.md").write_text("---\nid: w2\n---\n1. Six times seven?\n\n"
                                                  "Answer: 42\n")
        assert wait_for(lambda: (out / "w2.answers.csv").exists()), watch.text()
        assert wait_for(lambda: not (out / "w1.answers.csv").exists()), watch.text()
        (tmp_path / "src" / "quiz.md").unlink()
        assert wait_for(lambda: "src/quiz.md: deleted; its outputs are removed" in watch.text())
        assert sorted(p.name for p in out.iterdir()) == ["preview"]
        assert sorted(p.name for p in (out / "preview").iterdir()) == ["index.html"]
        assert "w2.html" not in (out / "preview" / "index.html").read_text()
    finally:
        assert watch.stop(signal.SIGTERM) == 143
    assert watch.text().endswith("stopped watching\n"), watch.text()


def test_ctrl_c_during_a_rebuild_exits_130_and_leaves_no_temporary(tmp_path):
    subprocess.run([sys.executable, str(GEN_BANK), "3000", str(tmp_path / "src")], check=True)
    (tmp_path / "src" / "bank.txt").unlink()  # text2qti's copy of the bank
    watch = Watch(tmp_path, "--no-preview")
    good = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    time.sleep(0.5)
    bank = tmp_path / "src" / "bank.md"
    bank.write_text(bank.read_text().replace("Answer:", "Answer: ", 1))
    assert wait_for(lambda: "building src/bank.md" in watch.text().split("watching")[-1])
    time.sleep(0.3)  # inside the build of 3,000 questions
    assert watch.stop() == 130
    text = watch.text()
    assert "rebuilt" not in text.split("watching")[-1], "the signal came after the rebuild"
    assert text.endswith("stopped watching\n") and "Traceback" not in text and "Aborted" not in text
    left = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    assert not [name for name in left if name.endswith(".tmp")]
    assert set(left) == set(good)  # each output is the old one or the new one, never half


def test_watch_takes_the_project_files_sources_output_and_formats(tmp_path):
    """No argument: the nearest lms-export.toml says what to watch and where to write."""
    (tmp_path / ".git").mkdir()  # the project's root: the search stops here
    (tmp_path / "lms-export.toml").write_text('sources = ["quizzes"]\noutput = "site"\n'
                                              'formats = ["answers"]\n')
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "quiz.md").write_text("1. Six times seven?\n\nAnswer: 42\n")
    log = tmp_path / "log.txt"
    with log.open("w") as stream:
        process = subprocess.Popen([sys.executable, "-m", "exporter", "watch", "--no-preview"],
                                   cwd=tmp_path, stdout=stream, stderr=subprocess.STDOUT)
    try:
        assert wait_for(lambda: "watching quizzes" in log.read_text()), log.read_text()
        assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["quiz.answers.csv"]
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 130
