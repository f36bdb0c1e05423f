"""`lms-export build` as a pipeline runs it: files written, failures isolated, outputs stable."""
from __future__ import annotations

import csv
import zipfile
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter import writers
from exporter.cli import main
from lms_importers import moodle_import

ROOT = Path(__file__).parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures"
SEED = FIXTURES / "week-6-questions.md"


def build(*args: str):
    return CliRunner().invoke(main, ["build", *args])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_answers_csv_has_the_key_in_words(tmp_path):
    result = build(str(FIXTURES / "all-types.md"), "-o", str(tmp_path), "-f", "answers")
    assert result.exit_code == 0, result.output
    data = (tmp_path / "all-types.answers.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    # today's five columns first, in order (gradebook scripts read them), then the words
    assert rows[0] == ["number", "id", "type", "points", "key", "quiz", "question", "answer"]
    assert [(r[0], r[2], r[3], r[4]) for r in rows[1:7]] == [
        ("1", "single", "3", "B"), ("2", "multiple", "2", "A, C"), ("3", "truefalse", "2", "True"),
        ("4", "numerical", "2", "3.14 ± 0.01"), ("5", "numerical", "2", "[1.42, 1.73]"),
        ("6", "short", "2", "def | lambda")]
    assert rows[1][1] == "draw-noise"
    assert rows[8][4].startswith("Binary cross-entropy -> Bernoulli pixels; ")
    assert rows[9][4] == "[1] encoder; [2] decoder | generator; [3] KL | KL divergence"
    assert {row[5] for row in rows[1:]} == {"Every question type"}
    assert rows[1][6:] == ["Which call draws \\epsilon \\sim \\mathcal{N}(0, 1) for a_1 * b_2 "
                           "samples?", "B) torch.randn_like(std)"]
    assert rows[2][7] == "A) ReLU; C) Sigmoid"
    assert (rows[7][4], rows[7][7]) == ("graded by hand", "Sampling z = \\mu + \\sigma \\epsilon "
                                        "moves the randomness into \\epsilon, so gradients flow "
                                        "through \\mu and \\sigma.")
    assert rows[9][6:] == [
        "A VAE has an ___ and a ___; its loss adds a reconstruction term and a ___ term.",
        "A VAE has an [encoder] and a [decoder | generator]; its loss adds a reconstruction term "
        "and a [KL | KL divergence] term."]
    assert all(len(row) == 8 and "\n" not in "".join(row) for row in rows)


def test_answers_csv_cells_never_run_as_spreadsheet_formulas(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("---\ntitle: =HYPERLINK(\"http://x\")\n---\n\n1. +1 is what?\n\n"
                      "(A) @SUM(A1)\n(B) -2\n\nAnswer: A\n")
    result = build(str(source), "-o", str(tmp_path / "out"), "-f", "answers")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(
        (tmp_path / "out" / "quiz.answers.csv").read_text("utf-8-sig"))))
    assert rows[1][5:] == ["'=HYPERLINK(\"http://x\")", "'+1 is what?", "A) @SUM(A1)"]


def test_the_seed_as_delivered_fails_at_line_46_and_writes_nothing(tmp_path):
    result = build(str(SEED), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert f"{SEED}:46:1: error: options follow the answer" in result.output
    assert not tmp_path.exists() or list(tmp_path.iterdir()) == []


def test_a_bad_quiz_keeps_its_earlier_good_build(tmp_path):
    source = tmp_path / "src" / "quiz.md"
    source.parent.mkdir()
    source.write_text("1. Q?\n\n(A) x\n(B) y\n\nAnswer: B\n")
    out = tmp_path / "out"
    assert build(str(source), "-o", str(out)).exit_code == 0
    before = snapshot(out)
    assert set(before) == {f"quiz{info.suffix}" for info in map(writers.WRITERS.get, writers.default_formats())}
    source.write_text("1. Q?\n\n(A) x\n(B) y\n\nAnswer: E\n")
    result = build(str(source), "-o", str(out))
    assert result.exit_code == 1
    assert snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_one_bad_quiz_does_not_stop_the_bank(tmp_path):
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "good.md").write_text("1. Q?\n\nAnswer: 42\n")
    shutil.copy(SEED, bank / "seed.md")
    result = build(str(bank), "-o", str(tmp_path / "out"), "-f", "answers")
    assert result.exit_code == 1
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["good.answers.csv"]


def test_rebuilds_are_byte_identical_and_jobs_do_not_change_bytes(tmp_path):
    bank = tmp_path / "bank"
    shutil.copytree(ROOT / "source", bank)
    for n in range(4):
        (bank / f"extra-{n}.md").write_text(f"1. Question {n}?\n\nAnswer: {n} ± 0.5\n")
    assert build(str(bank), "-o", str(tmp_path / "one")).exit_code == 0
    assert build(str(bank), "-o", str(tmp_path / "again")).exit_code == 0
    assert build(str(bank), "-o", str(tmp_path / "two"), "-j", "2").exit_code == 0
    one = snapshot(tmp_path / "one")
    assert len(one) == 6 * len(writers.default_formats())
    assert snapshot(tmp_path / "again") == one
    assert snapshot(tmp_path / "two") == one


def test_two_quizzes_with_one_id_do_not_overwrite_each_other(tmp_path):
    bank = tmp_path / "bank"
    (bank / "a").mkdir(parents=True)
    (bank / "b").mkdir()
    (bank / "a" / "quiz.md").write_text("1. A?\n\nAnswer: 1\n")
    (bank / "b" / "quiz.md").write_text("1. B?\n\nAnswer: 2\n")
    result = build(str(bank), "-o", str(tmp_path / "out"), "-f", "answers")
    assert result.exit_code == 1
    assert f"{bank / 'b' / 'quiz.md'}:1:1: error: quiz id `quiz` is already used by" in result.output
    written = (tmp_path / "out" / "quiz.answers.csv").read_text("utf-8-sig")
    assert "A?" in written and "B?" not in written  # the first quiz's, never overwritten


def test_unknown_format_is_a_usage_error(tmp_path):
    result = build(str(SEED), "-o", str(tmp_path), "-f", "pdf")
    assert result.exit_code == 2
    assert "unknown format pdf" in result.output


@pytest.mark.parametrize("runner", [["lms-export"], [sys.executable, "-m", "exporter"]])
def test_main_command_builds_source_into_build(tmp_path, runner):
    if runner[0] == "lms-export":
        script = Path(sys.executable).with_name("lms-export")
        if not script.exists():
            pytest.skip("the lms-export console script is not installed beside this Python")
        runner = [str(script)]
    shutil.copytree(ROOT / "source", tmp_path / "source")
    completed = subprocess.run([*runner, "build"], cwd=tmp_path, capture_output=True, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert completed.returncode == 0, completed.stderr
    names = sorted(p.name for p in (tmp_path / "build").iterdir())
    expected = sorted(f"{quiz}{writers.WRITERS[name].suffix}"
                      for quiz in ("week-6-questions", "week6-practice") for name in writers.default_formats())
    assert names == expected
    assert "built 2 of 2 quizzes (20 questions)" in completed.stderr


MANY_CORRECT = ("# Many\n\n1. Pick all but the last.\n\n"
                + "".join(f"({chr(65 + i)}) option {i}\n" for i in range(22))
                + "\nAnswer: " + ", ".join(chr(65 + i) for i in range(21)) + "\n")


def test_a_format_that_cannot_hold_a_question_costs_only_its_own_file(tmp_path):
    source = tmp_path / "many.md"
    source.write_text(MANY_CORRECT)
    result = build(str(source), "-o", str(tmp_path / "out"), "-f", "moodle,canvas,answers")
    assert result.exit_code == 1
    assert (f"{source}:28:1: error: moodle: cannot share 100% among 21 correct options "
            "(Moodle's smallest grade is 5%); the moodle output of this quiz is not written"
            ) in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["many.answers.csv",
                                                                    "many.canvas.zip"]


def test_a_writers_warning_is_printed_and_only_strict_refuses_it(tmp_path, monkeypatch):
    source = tmp_path / "quiz.md"
    source.write_text("1. Q?\n\n(A) x\n(B) y\n\nAnswer: B\n")
    real = writers.get

    def warning_answers(quiz, report):
        report.warning(1, "answers: question 1 is shortened")
        return real("answers")(quiz, report)

    monkeypatch.setattr(writers, "get", lambda name: warning_answers if name == "answers"
                        else real(name))
    result = build(str(source), "-o", str(tmp_path / "out"), "-f", "answers,moodle")
    assert result.exit_code == 0, result.output
    assert f"{source}:1:1: warning: answers: question 1 is shortened" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["quiz.answers.csv",
                                                                    "quiz.moodle.xml"]
    strict = build(str(source), "-o", str(tmp_path / "strict"), "-f", "answers", "--strict")
    assert strict.exit_code == 1
    assert not (tmp_path / "strict").exists()


def test_a_bank_never_reads_its_own_outputs_or_output_folder(tmp_path):
    bank = tmp_path / "bank"
    (bank / "build").mkdir(parents=True)
    (bank / "quiz.md").write_text("1. Q?\n\n(A) x\n(B) y\n\nAnswer: B\n")
    (bank / "build" / "stale.md").write_text("not a quiz\n")
    (bank / "old.moodle.xml").write_text("<quiz/>\n")
    (bank / ".draft.md").write_text("not a quiz either\n")
    (bank / "notes.txt").write_text("1. Not in a bank: only *.md and recognised formats are\n")
    result = build(str(bank), "-o", str(bank / "build"), "-f", "answers")
    assert result.exit_code == 0, result.output
    assert "built 1 of 1 quiz " in result.output
    assert sorted(p.name for p in (bank / "build").iterdir()) == ["quiz.answers.csv", "stale.md"]


def test_a_file_named_on_the_command_line_is_read_whatever_its_name(tmp_path):
    source = tmp_path / "quiz.txt"
    source.write_text("1. Q?\n\n(A) x\n(B) y\n\nAnswer: B\n")
    result = build(str(source), "-o", str(tmp_path / "out"), "-f", "answers", "--from",
                   "markdown")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "quiz.answers.csv").exists()
    unknown = build(str(source), "--from", "word")
    assert unknown.exit_code == 2
    assert "Invalid value for '--from': 'word'" in unknown.output


def test_one_file_of_several_quizzes_counts_quizzes_and_files(tmp_path):
    export = Path(__file__).resolve().parents[3] / "shared" / "reference" / "moodle" / \
        "nested_categories_with_questions.xml"
    if not export.exists():
        pytest.skip(f"{export} is absent (it lives in ../shared)")
    result = build(str(export), "-o", str(tmp_path), "-f", "answers")
    assert result.exit_code == 0, result.output
    assert "built 4 of 4 quizzes from 1 file (5 questions): 4 files in" in result.output


def test_the_markdown_writer_never_writes_over_a_source_of_the_same_run(tmp_path):
    source = tmp_path / "quiz.md"
    text = "# Quiz\n\n1. Q?\n\n(A) x\n(B) y\n\nAnswer: B\n"
    source.write_text(text)
    result = build(str(source), "-o", str(tmp_path), "-f", "markdown")
    assert result.exit_code == 2
    assert (f"{tmp_path / 'quiz.md'}: is a quiz source read in this run, and writing it would "
            "destroy it: write to another folder (-o)") in result.output
    assert source.read_text() == text


def test_a_hand_written_markdown_file_is_replaced_only_with_force(tmp_path):
    source = tmp_path / "src" / "quiz.md"
    source.parent.mkdir()
    (source.parent / "dot.png").write_bytes((FIXTURES / "images" / "dot.png").read_bytes())
    source.write_text("# Quiz\n\n1. Q? ![a dot](dot.png)\n\n(A) x\n(B) y\n\nAnswer: B\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "quiz.md").write_text("my own notes\n")
    refused = build(str(source), "-o", str(out), "-f", "markdown,answers")
    assert refused.exit_code == 1
    assert (f"{source}:1:1: error: {out / 'quiz.md'} exists and was not written by lms-export: "
            "not overwritten (build with --force to replace it)") in refused.output
    assert (out / "quiz.md").read_text() == "my own notes\n"
    assert (out / "quiz.answers.csv").exists()  # the other formats are still written
    assert not (out / "quiz.files").exists()  # nor its images: the Markdown output is left out
    forced = build(str(source), "-o", str(out), "-f", "markdown", "--force")
    assert forced.exit_code == 0, forced.output
    ours = (out / "quiz.md").read_text()
    assert "written by lms-export" in ours
    assert len(list((out / "quiz.files").iterdir())) == 1
    again = build(str(source), "-o", str(out), "-f", "markdown")  # its own files: replaced
    assert again.exit_code == 0, again.output
    assert (out / "quiz.md").read_text() == ours


def test_case_sensitive_short_answers_in_every_target(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("1. Chemical symbol of sodium?\n\nAnswer: Na\nCase sensitive: yes\n")
    result = build(str(source), "-o", str(tmp_path / "out"), "-f", "moodle,qti30,canvas,markdown")
    assert result.exit_code == 0, result.output
    assert (f"{source}:1:1: warning: canvas: Canvas compares short answers ignoring case; "
            "`Case sensitive: yes` is not kept there") in result.output
    assert b"<usecase>1</usecase>" in (tmp_path / "out" / "quiz.moodle.xml").read_bytes()
    assert "Case sensitive: yes" in (tmp_path / "out" / "quiz.md").read_text()


def test_matching_distractors_in_every_target(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("1. Capitals.\n\nType: matching\n- France -> Paris\n- Italy -> Rome\n"
                      "- -> Madrid\n")
    result = build(str(source), "-o", str(tmp_path / "out"), "-f",
                   "moodle,qti21,canvas,answers,markdown")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    moodle = (out / "quiz.moodle.xml").read_text()
    assert "<subquestion format=\"html\">\n    <text></text>\n    <answer>\n      " \
           "<text>Madrid</text>" in moodle
    for package in ("quiz.qti21.zip", "quiz.canvas.zip"):
        with zipfile.ZipFile(out / package) as archive:
            assert any(b">Madrid<" in archive.read(name) for name in archive.namelist()), package
    assert "(matches nothing) -> Madrid" in (out / "quiz.answers.csv").read_text("utf-8-sig")
    assert "- -> Madrid" in (out / "quiz.md").read_text()


def test_true_false_feedback_per_answer_in_every_target(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("1. The sky is blue.\n\nAnswer: True\nFeedback (T): Yes: *Rayleigh*.\n"
                      "Feedback (F): Look up.\n")
    out = tmp_path / "out"
    result = build(str(source), "-o", str(out), "-f", "moodle,qti30,canvas,markdown")
    assert result.exit_code == 0, result.output
    status, report = moodle_import(out / "quiz.moodle.xml")
    assert status == 0, report["errors"]
    assert [(a["answer"], a["fraction"], a["feedback"]) for a in report["questions"][0]["answers"]] \
        == [("True", 1.0, "<p>Yes: <em>Rayleigh</em>.</p>"), ("False", 0.0, "<p>Look up.</p>")]
    with zipfile.ZipFile(out / "quiz.qti30.zip") as archive:
        item = next(archive.read(n) for n in archive.namelist() if n.startswith("item-"))
    assert b'<qti-modal-feedback outcome-identifier="FEEDBACK" identifier="true"' in item
    assert b'<qti-modal-feedback outcome-identifier="FEEDBACK" identifier="false"' in item
    with zipfile.ZipFile(out / "quiz.canvas.zip") as archive:
        items = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    assert items.count(b"<itemfeedback ident=") == 2 and b"Look up." in items
    written = (out / "quiz.md").read_text()
    assert "Feedback (T): Yes: *Rayleigh*.\nFeedback (F): Look up.\n" in written
