"""The fragment cache: a rebuild takes unchanged texts from disk, and never a different byte."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter import cachedir, writers
from exporter.cli import main
from exporter.pipeline.build import build_file
from exporter.pipeline.parallel import MIN_QUESTIONS, writer_groups

ROOT = Path(__file__).resolve().parents[2]
QUIZZES = [*sorted((ROOT / "source").glob("*.md")), ROOT / "tests/fixtures/all-types.md",
           ROOT / "tests/fixtures/pools.md", *sorted((ROOT / "tests/fixtures/types").glob("*.md"))]
EVERY_FORMAT = list(writers.WRITERS)
HEAVY = ("markdown", "pygments", "latex2mathml", "nh3")


def _files(path: Path, jobs: int = 1, formats: list[str] = EVERY_FORMAT) -> dict[str, bytes]:
    result = build_file(path, formats, jobs=jobs)
    assert not result.failed, result.diagnostics
    return result.files


def _uncached(path: Path, monkeypatch, jobs: int = 1,
              formats: list[str] = EVERY_FORMAT) -> dict[str, bytes]:
    with monkeypatch.context() as patch:
        patch.setenv(cachedir.NO_CACHE, "1")
        return _files(path, jobs, formats)


def _entries(folder: Path) -> list[list]:
    (file,) = folder.glob("*.json")
    return json.loads(file.read_text(encoding="utf-8"))["kept"]


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda path: path.name)
def test_cold_and_warm_builds_write_the_bytes_of_an_uncached_build(quiz, cache_dir, monkeypatch):
    expected = _uncached(quiz, monkeypatch)
    assert _files(quiz) == expected  # cold: renders and keeps (if any text needs the engine)
    assert _files(quiz) == expected  # warm: takes them back


def _build_in_a_process(quiz: Path, out: Path, cache_dir: Path, *options: str) -> list[str]:
    """Build with the CLI in a fresh process; the heavy libraries it imported."""
    script = ("import sys\nfrom exporter.cli import main\n"
              "try:\n    main(sys.argv[1:])\nexcept SystemExit as exit:\n    assert not exit.code\n"
              f"print(','.join(sorted({{name.split('.')[0] for name in sys.modules}} & {set(HEAVY)!r})))")
    environment = {**os.environ, cachedir.CACHE_DIR: str(cache_dir)}
    environment.pop(cachedir.NO_CACHE)
    done = subprocess.run([sys.executable, "-c", script, "build", str(quiz), "-o", str(out),
                           "-q", *options], env=environment, capture_output=True, text=True,
                          check=True)
    return [name for name in done.stdout.strip().split(",") if name]


def test_a_rebuild_of_an_unchanged_quiz_loads_no_rendering_library(tmp_path):
    quiz = ROOT / "tests/fixtures/all-types.md"  # code blocks, math, tables, images
    cache_dir = tmp_path / "cache"
    assert _build_in_a_process(quiz, tmp_path / "one", cache_dir) == sorted(HEAVY)
    assert _build_in_a_process(quiz, tmp_path / "two", cache_dir) == []
    assert _build_in_a_process(quiz, tmp_path / "three", cache_dir, "--no-cache") == sorted(HEAVY)
    for built in (tmp_path / "two").iterdir():
        assert built.read_bytes() == (tmp_path / "one" / built.name).read_bytes()
        assert built.read_bytes() == (tmp_path / "three" / built.name).read_bytes()


def test_builds_of_other_formats_keep_files_of_their_own(tmp_path):
    """A Canvas build makes no MathML: were its fragments all a source kept, the next full
    build would convert every formula again."""
    quiz = ROOT / "tests/fixtures/all-types.md"
    cache_dir = tmp_path / "cache"
    for run in ("cold", "warm"):
        every = _build_in_a_process(quiz, tmp_path / f"every-{run}", cache_dir)
        canvas = _build_in_a_process(quiz, tmp_path / f"canvas-{run}", cache_dir, "-f", "canvas")
        if run == "cold":
            assert "latex2mathml" in every and "markdown" in canvas
    assert every == canvas == []
    assert len(list(cache_dir.glob("*.json"))) == 2


def test_an_edited_text_is_rendered_again_and_the_old_one_forgotten(tmp_path, cache_dir,
                                                                     monkeypatch):
    quiz = tmp_path / "quiz.md"
    quiz.write_text("1. Which is **bold**, $x^2$?\n\n(A) this\n(B) that\n\nAnswer: A\n")
    _files(quiz)
    assert ["html", "Which is **bold**, $x^2$?", None] in [entry[:3] for entry in _entries(cache_dir)]
    quiz.write_text("1. Which is *leaning*, $y^3$?\n\n(A) this\n(B) that\n\nAnswer: A\n")
    assert _files(quiz) == _uncached(quiz, monkeypatch)
    kept = [entry[:3] for entry in _entries(cache_dir)]
    assert ["html", "Which is *leaning*, $y^3$?", None] in kept
    assert ["mathml", "y^3", False] in kept
    assert all("bold" not in str(key) and "x^2" not in str(key) for key in kept)


def test_a_cache_made_by_other_code_or_damaged_is_ignored_and_replaced(tmp_path, cache_dir,
                                                                        monkeypatch):
    quiz = ROOT / "tests/fixtures/all-types.md"
    expected = _uncached(quiz, monkeypatch)
    _files(quiz)
    (file,) = cache_dir.glob("*.json")
    data = json.loads(file.read_text(encoding="utf-8"))
    # the same keys with other HTML, as an older renderer or library would have made it
    data["kept"] = [[*entry[:-1], "<p>stale</p>"] for entry in data["kept"]]
    file.write_text(json.dumps({**data, "stamp": data["stamp"] + " (older)"}), encoding="utf-8")
    assert _files(quiz) == expected
    assert json.loads(file.read_text(encoding="utf-8"))["stamp"] == data["stamp"]
    for damage in (b"", b"{\"stamp\": 1", b"\xff\xfe garbage", b"[]"):
        file.write_bytes(damage)
        assert _files(quiz) == expected
        assert _entries(cache_dir)  # rewritten whole


def test_no_cache_reads_and_writes_nothing(tmp_path, cache_dir, monkeypatch):
    monkeypatch.setenv(cachedir.NO_CACHE, "1")
    _files(ROOT / "tests/fixtures/all-types.md")
    assert not cache_dir.exists()


def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_time(unwritable_cache,
                                                                    monkeypatch):
    quiz = ROOT / "tests/fixtures/all-types.md"
    result = build_file(quiz, EVERY_FORMAT)
    with monkeypatch.context() as patch:
        patch.setenv(cachedir.NO_CACHE, "1")
        uncached = build_file(quiz, EVERY_FORMAT)
    assert not result.failed
    assert result.diagnostics == uncached.diagnostics  # not a word about the cache
    assert result.files == uncached.files
    assert unwritable_cache.read_text() == "not a folder"


def test_a_big_quiz_keeps_what_its_forked_writers_rendered(tmp_path, cache_dir, monkeypatch):
    quiz = tmp_path / "big.md"
    quiz.write_text("".join(f"{n}. What is **$x_{{{n}}} + {n}$** in `code`?\n\n(A) {n}\n"
                            f"(B) {n + 1}\n\nAnswer: B\n\n" for n in range(1, MIN_QUESTIONS + 2)))
    formats = ["moodle", "qti21"]  # the QTI writer, which alone makes MathML, runs in a fork
    assert writer_groups(formats, 2)[1] == ["qti21"]
    expected = _uncached(quiz, monkeypatch, formats=formats)
    assert _files(quiz, jobs=2, formats=formats) == expected
    kept = {entry[1] for entry in _entries(cache_dir) if entry[0] == "mathml"}
    assert kept == {f"x_{{{n}}} + {n}" for n in range(1, MIN_QUESTIONS + 2)}
    assert _files(quiz, jobs=2, formats=formats) == expected


def test_the_preview_keeps_its_own_fragments_beside_the_build(tmp_path, cache_dir):
    quiz = ROOT / "tests/fixtures/all-types.md"

    def preview(*options: str) -> dict[str, bytes]:
        out = tmp_path / f"pages-{len(list(tmp_path.glob('pages-*')))}"
        done = CliRunner().invoke(main, ["preview", str(quiz), "-o", str(out), "-q", *options])
        assert done.exit_code == 0, done.output
        return {path.name: path.read_bytes() for path in out.iterdir()}

    cold, warm = preview(), preview()
    assert len(list(cache_dir.glob("*.json"))) == 1
    _files(quiz)  # the build's file comes beside the preview's, which stays
    assert len(list(cache_dir.glob("*.json"))) == 2
    assert cold == warm == preview("--no-cache")
