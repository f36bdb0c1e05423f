"""Hostile and broken input: clear warnings, safe outputs, no crash, no half-written package."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from exporter import writers
from exporter.pipeline.build import build_file
from exporter.cli import main
from safety import assert_safe_outputs, contents

HOSTILE = Path(__file__).parents[1] / "fixtures" / "hostile"
ROOT = Path(__file__).parents[2]


def lines(result) -> list[str]:
    return [f"{d.line}:{d.column}: {d.severity.value}: {d.message}" for d in result.diagnostics]


def test_raw_html_is_reported_and_sanitised_out_of_every_target():
    # every package; our Markdown is a source, which keeps the author's text to be built later
    packages = [name for name, info in writers.WRITERS.items() if not info.source]
    result = build_file(HOSTILE / "script-tags.md", packages)
    unsafe = "is removed from every output: it is unsafe in an LMS page"
    assert lines(result) == [
        f"3:25: warning: raw HTML <script> {unsafe}",
        f"5:1: warning: raw HTML <iframe> {unsafe}",
        f"7:22: warning: raw HTML onerror= attribute {unsafe}",
        f"8:14: warning: raw HTML javascript: link {unsafe}",
        f"9:5: warning: raw HTML <style> {unsafe}",
        f"12:20: warning: raw HTML javascript: link {unsafe}",
        f"12:41: warning: raw HTML onclick= attribute {unsafe}",
        f"12:70: warning: raw HTML <object> {unsafe}",
        f"13:15: warning: raw HTML <embed> {unsafe}",
    ]
    assert len(result.files) == len(packages)
    assert_safe_outputs(result.files)
    for name, data in result.files.items():
        assert not any(b"alert(" in content for content in contents(name, data)), name


def test_cdata_terminators_math_and_code_come_out_intact():
    result = build_file(HOSTILE / "cdata-and-math.md", list(writers.WRITERS))
    assert result.diagnostics == []
    assert_safe_outputs(result.files)


def test_forbidden_control_characters_are_removed_with_a_warning():
    result = build_file(HOSTILE / "control-chars.md", list(writers.WRITERS))
    assert lines(result) == [
        "3:8: warning: control character U+0007 removed: XML cannot carry it",
        "3:20: warning: control character U+001B removed: XML cannot carry it",
        "5:9: warning: control character U+000C removed: XML cannot carry it",
    ]
    assert_safe_outputs(result.files)
    assert result.files
    for name, data in result.files.items():
        for content in contents(name, data):
            assert b"\x07" not in content and b"\x1b" not in content, name


def test_deep_nesting_and_long_lines_neither_crash_nor_hang(tmp_path):
    deep = tmp_path / "deep.md"
    deep.write_text("# Deep\n\n1. Nested:\n\n" + "> " * 3000 + "deep\n\n"
                    + "".join("  " * i + "- level\n" for i in range(600)) + "\nAnswer: yes\n")
    long = tmp_path / "long.md"
    long.write_text("# Long\n\n1. " + "word " * 200_000 + "\n\nAnswer: x\n")
    for path in (deep, long):
        started = time.monotonic()
        result = build_file(path, list(writers.WRITERS))
        assert time.monotonic() - started < 60
        assert not any("internal error" in d.message for d in result.diagnostics), lines(result)
        assert_safe_outputs(result.files)


def test_a_quiz_id_that_escapes_the_output_folder_is_an_error(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("---\nid: ../../etc/x\n---\n\n1. Q?\n\nAnswer: 1\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{source}:2:1: error: invalid front matter: `id`" in result.output
    assert not out.exists()


def test_interrupting_a_build_keeps_the_earlier_files_and_leaves_no_temporary_files(tmp_path):
    source = tmp_path / "big.md"
    body = "".join(f"{n}. Question {n}: what is ${n} \\times 2$?\n\n```python\nprint({n} * 2)\n```\n\n"
                   f"(A) {2 * n}\n(B) {2 * n + 1}\n\nAnswer: A\nFeedback: **{n}** times two.\n\n"
                   for n in range(1, 4001))
    source.write_text(body)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "exporter", "build", str(source), "-o", str(out)]
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    source.write_text(body.replace("times two", "twice"))
    # Ctrl-C in a terminal reaches the whole process group: the writer processes too
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True)
    time.sleep(1.5)
    os.killpg(process.pid, signal.SIGINT)
    _, errors = process.communicate(timeout=60)
    assert process.returncode != 0, "the build finished before it could be interrupted"
    assert "Traceback" not in errors.decode(), errors.decode()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
