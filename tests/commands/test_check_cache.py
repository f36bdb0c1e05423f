"""`check` keeps what it found in each file: a second check of an unchanged file reads
nothing, and says exactly what a fresh check says; any change that could change a word
of it (the file, its images, how it is read, the path it is named by) is seen."""
from __future__ import annotations

import json
import os
from pathlib import Path
from unittest.mock import patch

import pytest
from click.testing import CliRunner

from exporter import readers
from exporter.cli import main
from exporter.pipeline import findings

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
DOT = (ROOT / "tests/fixtures/images/dot.png").read_bytes()
QUIZZES = sorted(path for path in (ROOT / "tests/fixtures").rglob("*")
                 if path.suffix in (".md", ".gift", ".txt"))
SHARED_QUIZZES = sorted([*(SHARED / "corpus").glob("*.md"),
                         *(SHARED / "reference/moodle").glob("*.xml"),
                         *(SHARED / "reference/moodle/gift").glob("*.txt")])
QUIZ = "1. What is 2 + 2?\n\n![sum](dot.png)\n\n(A) 3\n(B) 4\n\nAnswer: B\n"


def check(*args: str) -> tuple[int, str, str]:
    """Exit status, the JSON (stdout) and the text (stderr) of `check` run both ways."""
    as_json = CliRunner().invoke(main, ["check", "--json", *args])
    as_text = CliRunner().invoke(main, ["check", *args])
    assert as_json.exit_code == as_text.exit_code, (as_json.output, as_text.output)
    return as_text.exit_code, as_json.stdout, as_text.stderr


def fresh(*args: str) -> tuple[int, str, str]:
    with patch.dict(os.environ):  # the option sets the variable, for a build's workers
        return check("--no-cache", *args)


def _kept(folder: Path) -> list[dict]:
    return [json.loads(file.read_text(encoding="ascii"))["kept"] for file in folder.glob("*.json")]


@pytest.mark.parametrize("quiz", [*QUIZZES, *SHARED_QUIZZES],
                         ids=lambda path: str(path.relative_to(path.parents[1])))
def test_a_second_check_reads_nothing_and_says_what_a_fresh_check_says(quiz, cache_dir,
                                                                       monkeypatch):
    expected = fresh(str(quiz))
    assert not cache_dir.exists()  # --no-cache writes nothing either
    assert check(str(quiz)) == expected  # cold: reads, and keeps what it found
    assert len(_kept(cache_dir)) == 1
    monkeypatch.setattr(readers, "read", None)  # warm: any reading is a TypeError
    assert check(str(quiz)) == expected


def test_a_settled_file_is_not_even_read_to_be_hashed(tmp_path, cache_dir, monkeypatch):
    quiz = tmp_path / "quiz.md"
    quiz.write_text(QUIZ.replace("![sum](dot.png)\n\n", ""))
    monkeypatch.setattr(findings, "_SETTLED_NS", 0)
    expected = check(str(quiz))
    assert _kept(cache_dir)[0]["status"][0] == quiz.stat().st_size

    def digest(path):
        raise AssertionError("hashed")

    monkeypatch.setattr(findings, "_digest", digest)
    monkeypatch.setattr(readers, "read", None)
    assert check(str(quiz)) == expected


def test_a_file_touched_but_unchanged_is_hashed_not_read(tmp_path, cache_dir, monkeypatch):
    copy = tmp_path / "all-types.md"
    copy.write_bytes((ROOT / "tests/fixtures/all-types.md").read_bytes())
    expected = check(str(copy))
    monkeypatch.setattr(readers, "read", None)
    os.utime(copy, ns=(10**18, 10**18))  # a checkout, a fresh clone: new times, same bytes
    assert check(str(copy)) == expected


def test_an_edit_that_keeps_size_and_times_is_seen(tmp_path, cache_dir, monkeypatch):
    quiz = tmp_path / "quiz.md"
    quiz.write_text(QUIZ.replace("![sum](dot.png)\n\n", ""))
    monkeypatch.setattr(findings, "_SETTLED_NS", 0)  # the first status vouches at once
    first = check(str(quiz))
    assert first[0] == 0
    times = quiz.stat()
    quiz.write_text(QUIZ.replace("![sum](dot.png)\n\n", "").replace("Answer: B", "Answer: E"))
    os.utime(quiz, ns=(times.st_atime_ns, times.st_mtime_ns))  # as `cp -p`, `tar x` leave it
    assert quiz.stat().st_size == times.st_size
    edited = check(str(quiz))
    assert edited == fresh(str(quiz)) != first
    assert edited[0] == 1  # an answer that is no option


def test_images_appearing_changing_and_going_are_seen(tmp_path, cache_dir):
    quiz = tmp_path / "quiz.md"
    quiz.write_text(QUIZ)
    image = tmp_path / "dot.png"
    states = [("missing", None), ("a PNG", DOT), ("not an image", b"plain text"),
              ("another PNG", DOT + b"\0"), ("missing again", None)]
    outputs = []
    for name, content in states:
        if content is None:
            image.unlink(missing_ok=True)
        else:
            image.write_bytes(content)
        expected = fresh(str(quiz))
        assert check(str(quiz)) == expected, name
        assert check(str(quiz)) == expected, name
        outputs.append(expected)
    assert "dot.png not found" in outputs[0][2]
    assert outputs[1][0] == 0 and "not a PNG" in outputs[2][2]
    assert outputs[3] == outputs[1] and outputs[4] == outputs[0]


@pytest.mark.parametrize("options, encoding", [(["--encoding", "cp1252"], "cp1252"),
                                               (["--from", "gift"], "utf-8")])
def test_each_way_of_reading_keeps_its_own(tmp_path, cache_dir, options, encoding):
    quiz = tmp_path / "quiz.md"
    quiz.write_bytes(QUIZ.replace("![sum](dot.png)\n\n", "").replace("2 + 2", "2 + 2 \u2013 caf\xe9")
                     .encode(encoding))
    for given in (options, [], options, []):
        assert check(*given, str(quiz)) == fresh(*given, str(quiz))
    assert len(_kept(cache_dir)) == 2
    assert fresh(*options, str(quiz)) != fresh(str(quiz))


def test_the_path_as_given_is_the_path_reported(tmp_path, cache_dir, monkeypatch):
    (tmp_path / "quiz.md").write_text("1. A lost question with no options\n")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    for name in ("quiz.md", "sub/../quiz.md", str(tmp_path / "quiz.md"), "quiz.md"):
        status, data, text = check(name)
        assert (status, data, text) == fresh(name)
        assert text.startswith(f"{name}:1:")


def test_a_clash_of_quiz_ids_is_found_from_kept_findings_too(tmp_path, cache_dir):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "week-1.md").write_text(QUIZ.replace("![sum](dot.png)\n\n", ""))
    expected = fresh(str(tmp_path))
    assert expected[0] == 1 and "quiz id `week-1` is already used" in expected[2]
    assert check(str(tmp_path)) == check(str(tmp_path)) == expected


def test_kept_findings_made_by_other_code_or_damaged_are_ignored_and_replaced(tmp_path,
                                                                             cache_dir):
    quiz = ROOT / "tests/fixtures/bad/no-answer.md"
    expected = fresh(str(quiz))
    check(str(quiz))
    (file,) = cache_dir.glob("*.json")
    data = json.loads(file.read_text(encoding="ascii"))
    # the findings of another file, as older code would have kept them
    data["kept"]["findings"]["diagnostics"] = []
    file.write_text(json.dumps({**data, "stamp": data["stamp"] + " (older)"}), encoding="ascii")
    assert check(str(quiz)) == expected
    assert json.loads(file.read_text(encoding="ascii"))["stamp"] == data["stamp"]
    for damage in (b"", b"{\"stamp\": 1", b"\xff\xfe garbage", b"[]",
                   json.dumps({**data, "kept": {"digest": 1}}).encode(),
                   json.dumps({**data, "kept": {**data["kept"], "lookups": [[1]]}}).encode()):
        file.write_bytes(damage)
        assert check(str(quiz)) == expected


def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_time(unwritable_cache):
    quiz = ROOT / "tests/fixtures/all-types.md"
    assert check(str(quiz)) == check(str(quiz)) == fresh(str(quiz))
    assert unwritable_cache.read_text() == "not a folder"
