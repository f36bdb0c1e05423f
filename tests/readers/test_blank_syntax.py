"""Cloze blanks that offer choices (`[[Paris | ~London]]`) and numeric blanks (`[[= 3.14 ± 0.01]]`)
in our Markdown: what `check --json` shows, and every bad blank's exact diagnostic."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from exporter.cli import main

GOOD = """# Gaps

1. The capital is [[Paris | ~London | ~Rome]]; pi is [[= 3.14 ± 0.01]], the answer [[=42]],
half [[= 0,5 +/- 0,1]], cold [[= −40]], and [[\\~tilde | \\=eq | a \\| b]] typed.

Shuffle: true
"""

BAD = """# Gaps

1. [[a | b | ~c]] [[~a | ~b]] [[= abc]]
[[= [3.1, 3.2] ]] [[= 1e999]] [[Paris | ~]] [[= 1 | 2]]
"""


def check(tmp_path: Path, source: str, *options: str):
    path = tmp_path / "gaps.md"
    path.write_text(source, encoding="utf-8")
    return path, CliRunner().invoke(main, ["check", *options, str(path)])


def test_choice_numeric_and_escaped_text_blanks_in_check_json(tmp_path):
    _, result = check(tmp_path, GOOD, "--json")
    assert result.exit_code == 0, result.output
    [data] = json.loads(result.output)["files"]
    assert data["diagnostics"] == []
    assert [(q["type"], q["answer"]) for q in data["questions"]] == [("cloze", [
        {"answer": "Paris", "choices": ["Paris", "London", "Rome"]},
        {"value": 3.14, "tolerance": 0.01},
        {"value": 42.0, "tolerance": 0.0},
        {"value": 0.5, "tolerance": 0.1},
        {"value": -40.0, "tolerance": 0.0},
        ["~tilde", "=eq", "a | b"]])]


def test_each_bad_blank_is_an_error_at_its_line_and_column(tmp_path):
    path, result = check(tmp_path, BAD)
    assert result.exit_code == 1
    assert result.output.splitlines()[:-1] == [f"{path}:{where}: error: {message}" for where, message in [
        ("3:4", "the choice blank `[[a | b | ~c]]` has 2 unmarked choices (`a`, `b`): leave exactly "
                "one choice, the correct one, unmarked and mark each wrong one with `~`"),
        ("3:19", "the choice blank `[[~a | ~b]]` has no unmarked choice: leave exactly one choice, "
                 "the correct one, unmarked and mark each wrong one with `~`"),
        ("3:31", "the numerical blank `[[= abc]]` needs a number, with an optional tolerance "
                 "(`[[= 3.14 ± 0.01]]`): `abc` is not one"),
        ("4:1", "the numerical blank `[[= [3.1, 3.2]]]` holds a range, which blanks do not offer: "
                "write its midpoint ± half its width (`[[= 3.15 ± 0.05]]`)"),
        ("4:19", "the numerical blank `[[= 1e999]]` needs a number, with an optional tolerance "
                 "(`[[= 3.14 ± 0.01]]`): `1e999` is not one"),
        ("4:31", "a cloze blank [[...]] is empty or has an empty alternative"),
        ("4:45", "the numerical blank `[[= 1 | 2]]` needs a number, with an optional tolerance "
                 "(`[[= 3.14 ± 0.01]]`): `1 | 2` is not one")]]
