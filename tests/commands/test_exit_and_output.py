"""Issue 16's conventions: one exit-status table, no traceback, every message on stderr.

Exit statuses: 0 all good, 1 a quiz had errors, 2 bad usage, 3 could not
write an output, 130 interrupted. Streams: stdout holds data only (`check
--json`); diagnostics, summaries and progress go to stderr.
"""
from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from exporter.cli import COMMANDS, main
from exporter.commands.console import PROGRESS_BYTES
from exporter.commands.options import complete_formats
from exporter.preview import index_entries

ROOT = Path(__file__).parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures"
SEED = FIXTURES / "week-6-questions.md"
GOOD = "1. Six times seven?\n\nAnswer: 42\n"
LMS_EXPORT = Path(sys.executable).parent / "lms-export"
GEN_BANK = ROOT.parent / "shared" / "bench" / "gen_bank.py"


def invoke(*args: str, **kwargs) -> Result:
    return CliRunner().invoke(main, list(args), **kwargs)


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


@pytest.fixture
def quiz(tmp_path: Path) -> Path:
    path = tmp_path / "quiz.md"
    path.write_text(GOOD)
    return path


# --- the table --------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_help_ends_with_the_exit_status_table(command):
    result = invoke(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert result.output.splitlines()[-6:] == [
        "  Exit status:",
        "    0    all good (warnings allowed, unless --strict)",
        "    1    a quiz had errors (or warnings, with --strict)",
        "    2    bad usage",
        "    3    could not write an output",
        "    130  interrupted (Ctrl-C)"]


def test_the_readme_has_the_same_table():
    readme = (ROOT / "README.md").read_text()
    for row in ("| 0 | all good", "| 1 | a quiz had errors", "| 2 | bad usage",
                "| 3 | could not write an output", "| 130 | interrupted"):
        assert row in readme


@pytest.mark.parametrize("command", ["check", "build", "preview"])
def test_status_0_all_good_warnings_allowed_1_under_strict(command, tmp_path):
    numbering = FIXTURES / "bad" / "numbering.md"
    out = ["-o", str(tmp_path / "out")] if command != "check" else []
    assert invoke(command, str(numbering), *out).exit_code == 0
    if command != "preview":
        assert invoke(command, "--strict", str(numbering), *out).exit_code == 1


@pytest.mark.parametrize("command", ["check", "build", "preview"])
def test_status_1_a_quiz_had_errors(command, tmp_path):
    out = ["-o", str(tmp_path / "out")] if command != "check" else []
    result = invoke(command, str(SEED), *out)
    assert result.exit_code == 1
    assert f"{SEED}:46:1: error: options follow the answer" in result.stderr


@pytest.mark.parametrize("value", ["", ",", " , "])
@pytest.mark.parametrize("command", ["build", "watch"])
def test_status_2_an_empty_format_list_is_bad_usage(command, value, quiz, tmp_path):
    result = invoke(command, str(quiz), "-o", str(tmp_path / "out"), "-f", value)
    assert result.exit_code == 2
    assert "Invalid value for -f: no format given; choose from moodle," in result.stderr
    assert not (tmp_path / "out").exists()


def test_status_2_a_mistyped_command_suggests_the_nearest():
    result = invoke("biuld")
    assert result.exit_code == 2
    assert "Error: No such command 'biuld'. Did you mean 'build'?" in result.stderr
    far = invoke("xyzzy")
    assert far.exit_code == 2
    assert "Error: No such command 'xyzzy'." in far.stderr and "Did you mean" not in far.stderr


def test_version_is_kept():
    result = invoke("--version")
    assert result.exit_code == 0 and result.output.startswith("lms-export, version ")


# --- 3: could not write -----------------------------------------------------------------------

@pytest.mark.parametrize("command", ["build", "preview"])
def test_status_3_an_output_path_through_a_file(command, quiz, tmp_path):
    (tmp_path / "afile").write_text("not a folder")
    completed = subprocess.run([LMS_EXPORT, command, str(quiz), "-o", "afile/sub"],
                               cwd=tmp_path, capture_output=True, text=True)
    assert completed.returncode == 3, completed.stderr
    assert completed.stderr == ("afile/sub: error: cannot write into this folder: afile is a "
                                "file, not a folder\n")
    assert completed.stdout == ""
    assert no_temp_files(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders (CI runs as "
                                              "root): the path-through-a-file test covers exit 3")
@pytest.mark.parametrize("command", ["build", "preview"])
def test_status_3_a_read_only_output_folder(command, quiz, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        completed = subprocess.run([LMS_EXPORT, command, str(quiz), "-o", str(out)],
                                   capture_output=True, text=True)
    finally:
        out.chmod(0o755)
    assert completed.returncode == 3, completed.stderr
    assert ": error: cannot write into this folder: Permission denied" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert list(out.iterdir()) == []


# --- 130: interrupted -------------------------------------------------------------------------

@pytest.mark.skipif(not GEN_BANK.exists(), reason="needs ../shared/bench/gen_bank.py")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_status_130_ctrl_c_mid_build_keeps_the_earlier_build_and_no_temp_file(jobs, tmp_path):
    subprocess.run([sys.executable, GEN_BANK, "300", tmp_path / "gen"], check=True,
                   capture_output=True)
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "a-first.md").write_text(GOOD)
    out = tmp_path / "out"
    assert subprocess.run([LMS_EXPORT, "build", bank, "-o", out]).returncode == 0
    earlier = {p.name: p.read_bytes() for p in out.iterdir()}
    source = (tmp_path / "gen" / "bank.md").read_text()
    for number in range(40):  # a bank long enough to be interrupted in the middle
        (bank / f"b{number:02}.md").write_text(source.replace("synthetic-300", f"s{number}"))
    (bank / "a-first.md").write_text(GOOD.replace("42", "43"))  # must not be half-written
    process = subprocess.Popen([LMS_EXPORT, "build", bank, "-o", out, "-j", jobs],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (out / "s0.answers.csv").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    interrupted = time.monotonic()
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert time.monotonic() - interrupted < 10  # the workers are stopped, not waited for
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "Aborted!" not in stderr
    assert stderr.endswith("interrupted: every file written is complete\n")
    assert stdout == ""
    assert not (out / "s39.answers.csv").exists()  # it stopped mid-build
    assert no_temp_files(out)
    for name, data in earlier.items():  # each file is the earlier build's or the new one, whole
        assert (out / name).read_bytes() in (data, _rebuilt(bank / "a-first.md", name, tmp_path))


def _rebuilt(source: Path, name: str, tmp_path: Path) -> bytes:
    again = tmp_path / "again"
    assert subprocess.run([LMS_EXPORT, "build", source, "-o", again]).returncode == 0
    return (again / name).read_bytes()


# --- streams, summaries, quiet, colour ---------------------------------------------------------

def test_check_json_is_alone_on_stdout_while_there_are_warnings(tmp_path):
    completed = subprocess.run([LMS_EXPORT, "check", "--json", FIXTURES / "bad" / "numbering.md",
                                FIXTURES / "all-types.md"], capture_output=True, text=True)
    assert completed.returncode == 0
    data = json.loads(completed.stdout)
    assert any(d["severity"] == "warning" for f in data["files"] for d in f["diagnostics"])
    assert completed.stderr == ""


@pytest.mark.parametrize("command", ["check", "build", "preview"])
def test_every_message_goes_to_stderr_nothing_to_stdout(command, tmp_path):
    out = ["-o", str(tmp_path / "out")] if command != "check" else []
    completed = subprocess.run([LMS_EXPORT, command, SEED, FIXTURES / "all-types.md", *out],
                               capture_output=True, text=True)
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert f"{SEED}:46:1: error: options follow the answer" in completed.stderr
    # off a terminal the summary names the quiz that failed
    assert completed.stderr.splitlines()[-1] == f"failed: {SEED} (1 error)"


def test_build_summary_has_the_bank_total_and_plurals(tmp_path):
    (tmp_path / "one.md").write_text(GOOD)
    result = invoke("build", str(tmp_path / "one.md"), "-o", str(tmp_path / "out"), "-f", "answers")
    assert result.exit_code == 0
    assert result.stderr.startswith("built 1 of 1 quiz (1 question): 1 file in ")
    assert result.stderr.endswith(" s; no problems\n")
    bank = invoke("build", str(FIXTURES / "all-types.md"), str(SEED), "-o", str(tmp_path / "b"),
                  "-f", "answers,moodle")
    assert "built 1 of 2 quizzes (20 questions): 2 files in " in bank.stderr
    assert bank.stderr.rstrip().endswith(f"s; 1 error\nfailed: {SEED} (1 error)")


def test_check_prints_a_bank_total_when_several_files():
    one = invoke("check", str(FIXTURES / "all-types.md"))
    assert one.stderr.splitlines() == [
        f'{FIXTURES / "all-types.md"}: "Every question type": 9 questions (1 cloze, 1 essay, '
        '1 matching, 1 multiple, 2 numerical, 1 short, 1 single, 1 truefalse)']
    several = invoke("check", str(FIXTURES / "all-types.md"), str(SEED))
    assert several.stderr.splitlines()[-2:] == [
        "checked 2 quizzes (20 questions): 1 error", f"failed: {SEED} (1 error)"]


def test_build_strict_says_the_warnings_blocked_it(tmp_path):
    numbering = FIXTURES / "bad" / "numbering.md"
    result = invoke("build", "--strict", str(numbering), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"failed: {numbering} (2 warnings, which --strict counts as errors)")


@pytest.mark.parametrize("command", ["check", "build", "preview"])
def test_quiet_prints_errors_only_and_nothing_on_success(command, tmp_path):
    out = ["-o", str(tmp_path / "out")] if command != "check" else []
    clean = invoke(command, "-q", str(FIXTURES / "all-types.md"), *out)
    assert (clean.exit_code, clean.output) == (0, "")
    warned = invoke(command, "-q", str(FIXTURES / "bad" / "numbering.md"), *out)
    assert (warned.exit_code, warned.output) == (0, "")
    failed = invoke(command, "--quiet", str(SEED), str(FIXTURES / "bad" / "numbering.md"), *out)
    assert failed.exit_code == 1
    assert failed.output == invoke("check", str(SEED)).stderr.splitlines()[0] + "\n"


def on_terminal(*args: object, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run lms-export with its stderr on a pseudo-terminal, as a person at a shell sees it."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([LMS_EXPORT, *map(str, args)], stdout=subprocess.DEVNULL,
                               stderr=follower, env={**os.environ, **(env or {})})
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return process.wait(timeout=60), seen.decode()


def test_colour_on_a_terminal_unless_no_color_or_never():
    numbering = FIXTURES / "bad" / "numbering.md"
    plain = invoke("check", str(numbering))
    assert "\x1b[" not in plain.stderr and ": warning: " in plain.stderr
    assert ": \x1b[33m\x1b[1mwarning\x1b[0m: " in invoke("check", "--color", "always",
                                                         str(numbering)).stderr
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    status, seen = on_terminal("check", numbering, env={**env, "NO_COLOR": ""})
    assert status == 0 and ": \x1b[33m\x1b[1mwarning\x1b[0m: " in seen
    assert "\x1b[" not in on_terminal("check", numbering, env={"NO_COLOR": "1"})[1]
    assert "\x1b[" not in on_terminal("check", "--color", "never", numbering)[1]
    assert "\x1b[" in invoke("check", "--color", "always", str(numbering),
                             env={"NO_COLOR": "1"}).stderr  # the option wins over NO_COLOR


@pytest.mark.skipif(not GEN_BANK.exists(), reason="needs ../shared/bench/gen_bank.py")
def test_progress_bar_for_a_long_build_on_a_terminal_only(tmp_path):
    subprocess.run([sys.executable, GEN_BANK, "2000", tmp_path], check=True, capture_output=True)
    big = tmp_path / "bank.md"
    assert big.stat().st_size > PROGRESS_BYTES  # about a second of building, or more
    status, seen = on_terminal("build", big, "-o", tmp_path / "a", "-f", "answers,moodle")
    assert status == 0
    assert "building  [" in seen and "100%" in seen
    piped = subprocess.run([LMS_EXPORT, "build", big, "-o", tmp_path / "b", "-f", "answers"],
                           capture_output=True, text=True)
    assert piped.returncode == 0 and "building" not in piped.stderr
    small = FIXTURES / "all-types.md"
    assert "building" not in on_terminal("build", small, "-o", tmp_path / "c")[1]
    assert on_terminal("build", "-q", big, "-o", tmp_path / "d", "-f", "answers") == (0, "")


# --- completion -------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, offered", [
    ("", ["moodle", "qti21", "qti30", "canvas", "answers", "markdown", "gift"]),
    ("q", ["qti21", "qti30"]),
    ("moodle,q", ["moodle,qti21", "moodle,qti30"]),
    ("moodle,qti21,", ["moodle,qti21,qti30", "moodle,qti21,canvas", "moodle,qti21,answers",
                       "moodle,qti21,markdown", "moodle,qti21,gift"]),
])
def test_formats_complete_the_last_item_of_the_list(typed, offered):
    assert [item.value for item in complete_formats(None, None, typed)] == offered


def test_formats_complete_in_the_shell():
    completed = subprocess.run([LMS_EXPORT], capture_output=True, text=True,
                               env={**os.environ, "_LMS_EXPORT_COMPLETE": "bash_complete",
                                    "COMP_WORDS": "lms-export build -f canvas,an",
                                    "COMP_CWORD": "3"})
    assert completed.stdout.splitlines() == ["plain,canvas,answers"]


# --- what check finds, as build does ------------------------------------------------------------

def test_two_quizzes_with_one_id_fail_check_and_build_at_the_second_id_line(tmp_path):
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "a.md").write_text("---\nid: week-5\n---\n" + GOOD)
    (bank / "b.md").write_text("---\ntitle: B\ncategory: x\nid: week-5\n---\n" + GOOD)
    expected = (f"{bank / 'b.md'}:4:1: error: quiz id `week-5` is already used by "
                f"{bank / 'a.md'}: give this quiz its own `id:` in the front matter")
    checked = invoke("check", str(bank))
    assert checked.exit_code == 1
    assert checked.stderr.splitlines()[0] == expected
    built = invoke("build", str(bank), "-o", str(tmp_path / "out"), "-f", "answers")
    assert built.exit_code == 1
    assert built.stderr.splitlines()[0] == expected
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["week-5.answers.csv"]
    data = json.loads(invoke("check", "--json", str(bank)).stdout)["files"][1]["diagnostics"]
    assert [(d["line"], d["severity"]) for d in data] == [(4, "error")]


def test_a_colon_in_a_front_matter_value_gets_a_hint_to_quote(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("---\ntitle: Week 5: Graphs\n---\n" + GOOD)
    result = invoke("check", str(source))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{source}:2:14: error: invalid front matter: mapping values are not allowed here "
        '(a value holding `: ` must be quoted: `title: "Week 5: Graphs"`)')


def test_an_unclosed_front_matter_is_reported_where_it_opens(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("---\ntitle: Week 5\nid: w5\n" + GOOD + "\n")
    assert len(source.read_text().splitlines()) == 7
    result = invoke("check", str(source))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{source}:1:1: error: front matter opened with `---` here is not closed: add a `---` "
        "line after its last `key: value` line",
        f'{source}: "title: Week 5": 1 question (1 numerical); 1 error']


def test_a_raw_html_image_is_checked_and_travels_with_the_quiz(tmp_path):
    (tmp_path / "plot.png").write_bytes((FIXTURES / "images" / "dot.png").read_bytes())
    source = tmp_path / "quiz.md"
    source.write_text('1. Read <img src="missing.png" width="40"> then '
                      '<img src="plot.png" width="40">.\n\nAnswer: 42\n')
    result = invoke("check", str(source))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        f"{source}:1:9: error: image missing.png not found")
    markdown_image = tmp_path / "md.md"
    markdown_image.write_text("1. Read ![x](missing.png)\n\nAnswer: 42\n")
    assert invoke("check", str(markdown_image)).stderr.splitlines()[0].startswith(
        f"{markdown_image}:1:9: error: image missing.png not found")
    source.write_text('1. Read <img src="plot.png" width="40">.\n\nAnswer: 42\n')
    built = invoke("build", str(source), "-o", str(tmp_path / "out"), "-f", "moodle")
    assert built.exit_code == 0, built.output
    xml = (tmp_path / "out" / "quiz.moodle.xml").read_text()
    assert '<img src="@@PLUGINFILE@@/plot.png" width="40">' in xml
    assert '<file name="plot.png" path="/" encoding="base64">' in xml


def test_previewing_one_file_keeps_the_other_rows_of_the_index(tmp_path):
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "a.md").write_text(GOOD)
    (bank / "b.md").write_text(GOOD.replace("Six", "Seven"))
    out = tmp_path / "out"
    assert invoke("preview", str(bank), "-o", str(out)).exit_code == 0
    folder_index = (out / "index.html").read_bytes()
    assert [e.page for e in index_entries(folder_index)] == ["a.html", "b.html"]
    (bank / "b.md").write_text("1. Q?\n\n(A) x\n\nAnswer: (C)\n")
    assert invoke("preview", str(bank / "b.md"), "-o", str(out)).exit_code == 1
    rows = index_entries((out / "index.html").read_bytes())
    assert [(e.page, e.source, e.errors) for e in rows] == [
        ("a.html", str(bank / "a.md"), 0), ("b.html", str(bank / "b.md"), 1)]
    (bank / "b.md").write_text(GOOD.replace("Six", "Seven"))
    assert invoke("preview", str(bank / "b.md"), "-o", str(out)).exit_code == 0
    assert (out / "index.html").read_bytes() == folder_index  # as the folder's preview wrote it
