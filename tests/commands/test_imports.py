"""A command loads only what its work needs: most of a small build's time is imports.

Each case runs the command in a fresh process, the fragment cache off (so that
what a cold build loads is seen), and lists which of the costly modules it
imported. A module that creeps back into a command that never uses it fails here.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# (not difflib: click's parser imports it for any short option such as -o)
COSTLY = ("markdown", "pygments", "latex2mathml", "nh3", "yaml", "lxml", "zipfile", "tomllib",
          "tempfile", "multiprocessing", "json", "hashlib")
PLAIN = """---
title: Plain
id: plain
---

1. What is 2 + 2?

(A) 3
(B) 4

Answer: B
"""
WITH_CODE_AND_MATH = PLAIN.replace("What is 2 + 2?", "What is $2 + 2$?\n\n```python\nprint(2 + 2)\n```")


def _loaded(tmp_path: Path, text: str, *command: str, cache: Path | None = None) -> set[str]:
    """Every module the command imported, run on ``text``; the kept files in ``cache``, if
    given (the file is written only if its text differs, so a second run of the same text
    finds it as the first left it)."""
    quiz = tmp_path / "quiz.md"
    if not quiz.exists() or quiz.read_text() != text:
        quiz.write_text(text)
    script = ("import sys\nfrom exporter.cli import main\n"
              "try:\n    main(sys.argv[1:])\nexcept SystemExit as exit:\n    assert not exit.code\n"
              "print(' '.join(sorted(sys.modules)))")
    environment = {**os.environ, "LMS_EXPORT_NO_CACHE": "1"}
    if cache is not None:
        del environment["LMS_EXPORT_NO_CACHE"]
        environment["LMS_EXPORT_CACHE_DIR"] = str(cache)
    done = subprocess.run([sys.executable, "-c", script, *command, str(quiz)],
                          cwd=tmp_path, env=environment, capture_output=True, text=True,
                          check=True)
    return set(done.stdout.split())


def _imported(tmp_path: Path, text: str, *command: str) -> set[str]:
    return {name.split(".")[0] for name in _loaded(tmp_path, text, *command)} & set(COSTLY)


def test_check_of_a_plain_quiz_loads_no_renderer_no_xml_and_no_parser_it_does_not_need(tmp_path):
    assert _imported(tmp_path, WITH_CODE_AND_MATH, "check") == {"hashlib"}  # question ids


def test_a_second_check_of_an_unchanged_quiz_loads_no_reader_and_no_model(tmp_path):
    cache = tmp_path / "cache"
    first = _loaded(tmp_path, WITH_CODE_AND_MATH, "check", cache=cache)
    assert {"exporter.readers.markdown.reader", "exporter.model"} <= first
    second = _loaded(tmp_path, WITH_CODE_AND_MATH, "check", cache=cache)
    ours = {name for name in second if name.startswith("exporter.")}
    assert not {name for name in ours if name.startswith(("exporter.readers.", "exporter.render."))}
    assert not ours & {"exporter.model", "exporter.ids", "exporter.writers.markdown"}
    # hashlib: the file was written a moment ago, so its bytes are hashed, not its status trusted
    assert {name.split(".")[0] for name in second} & set(COSTLY) == {"json", "hashlib"}


@pytest.mark.parametrize("text, loaded", [
    (PLAIN, set()),  # plain sentences: no Markdown engine, no highlighter, no MathML
    (WITH_CODE_AND_MATH, {"markdown", "pygments", "nh3"}),  # MathML only for QTI
], ids=["plain", "code and math"])
def test_a_moodle_build_loads_what_its_texts_need(tmp_path, text, loaded):
    assert _imported(tmp_path, text, "build", "-o", "out", "-f", "moodle") == (
        {"hashlib", "tempfile", "lxml"} | loaded)


def test_a_qti_build_loads_the_mathml_converter_only_for_math(tmp_path):
    assert "latex2mathml" not in _imported(tmp_path, PLAIN, "build", "-o", "out", "-f", "qti30")
    assert "latex2mathml" in _imported(tmp_path, WITH_CODE_AND_MATH, "build", "-o", "out",
                                       "-f", "qti30")
