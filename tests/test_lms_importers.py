"""The importer helper: "not set up" skips with the importer's reason, anything else unexpected fails."""
import stat

import pytest

from lms_importers import play_qti, run_importer


def fake_importer(tmp_path, status: int, stdout: str = "", stderr: str = ""):
    script = tmp_path / "fake_import.sh"
    script.write_text(f"#!/bin/sh\necho '{stdout}'\necho '{stderr}' >&2\nexit {status}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_an_importer_that_is_not_set_up_skips_with_its_own_reason(tmp_path):
    script = fake_importer(tmp_path, 3, stderr="moodle_import: not set up: run setup.sh")
    with pytest.raises(pytest.skip.Exception, match="not set up: run setup.sh"):
        run_importer(script, "x.xml")


def test_an_importer_exiting_otherwise_unexpectedly_fails_the_test(tmp_path):
    script = fake_importer(tmp_path, 2, stderr="usage: fake_import.sh FILE")
    with pytest.raises(AssertionError, match="exited 2"):
        run_importer(script, "x.xml")


def test_a_rejection_is_returned_with_its_report(tmp_path):
    script = fake_importer(tmp_path, 1, stdout='{"errors": ["bad grade"]}')
    assert run_importer(script, "x.xml") == (1, {"errors": ["bad grade"]})


def test_a_player_that_is_not_set_up_skips_with_its_reason(tmp_path):
    script = fake_importer(tmp_path, 3, stderr="qti-player setup: no chromium found")
    with pytest.raises(pytest.skip.Exception, match="no chromium found"):
        play_qti([tmp_path / "quiz.md"], {"qti30": tmp_path / "30", "qti21": tmp_path / "21"}, script)


def test_a_player_exiting_otherwise_unexpectedly_fails_the_test(tmp_path):
    script = fake_importer(tmp_path, 2, stderr="lms_play: no lms-export (set LMS_EXPORT)")
    with pytest.raises(AssertionError, match="exited 2"):
        play_qti([tmp_path / "quiz.md"], {"qti30": tmp_path / "30"}, script)
