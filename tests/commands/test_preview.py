"""The HTML preview, checked in a real browser: what an author sees is what the source says."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from exporter.cli import main
from exporter.model import ChoiceAnswer, TrueFalseAnswer
from exporter.readers import read
from exporter.render.mathspans import split_math

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FENCE = re.compile(r"^```[\w+-]*\n(.*?)\n```", re.MULTILINE | re.DOTALL)


def _preview(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["preview", *args])
    return result.exit_code, result.output


def _chromium(*args: str) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        pytest.skip("no chromium on this machine (Debian package `chromium`; .ci/run installs it "
                    "when it can)")
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           "--hide-scrollbars", *args], capture_output=True, text=True,
                          timeout=120, check=True)


@pytest.fixture(scope="module")
def source_pages(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("preview")
    status, output = _preview(str(ROOT / "source"), "-o", str(out))
    assert status == 0, output
    return out


def test_the_browser_shows_every_question_option_formula_code_line_and_key(source_pages):
    for source in sorted((ROOT / "source").glob("*.md")):
        quiz = read(source).quizzes[0]
        dom = lxml.html.fromstring(_chromium("--dump-dom",
                                             (source_pages / f"{quiz.id}.html").as_uri()).stdout)
        sections = dom.findall(".//section")
        assert [s.get("data-id") for s in sections] == [q.id for q in quiz.questions]
        for section, question in zip(sections, quiz.questions):
            assert section.get("data-type") == question.type.value
            options = section.findall(".//li")
            if isinstance(question.answer, ChoiceAnswer):
                assert [o.get("data-letter") for o in options] == [o.letter for o in question.options]
                marked = [o.get("data-letter") for o in options if o.get("data-correct") == "true"]
                assert marked == list(question.answer.letters)
            elif isinstance(question.answer, TrueFalseAnswer):
                marked = [o.get("data-letter") for o in options if o.get("data-correct") == "true"]
                assert marked == ["T" if question.answer.value else "F"]
            if "$" in question.stem:  # each formula as MathML, carrying its TeX
                stem = section.find(".//div[@class='stem']")
                assert stem.findall(".//math"), question.stem
                tex = [a.text for a in stem.iter("annotation")
                       if a.get("encoding") == "application/x-tex"]
                assert tex == [s.content for s in split_math(question.stem)
                               if s.kind in ("inline", "display")]
            codes = FENCE.findall(question.stem)
            shown = [pre.text_content() for pre in section.find(".//div[@class='stem']").iter("pre")]
            assert shown == codes


def test_a_screenshot_is_a_real_picture(source_pages, tmp_path):
    shot = tmp_path / "page.png"
    page = next(p for p in sorted(source_pages.glob("*.html")) if p.name != "index.html")
    _chromium(f"--screenshot={shot}", "--window-size=1000,1800", page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_index_lists_every_quiz(source_pages):
    index = lxml.html.fromstring((source_pages / "index.html").read_bytes())
    links = [a.get("href") for a in index.iter("a")]
    assert links == [f"{read(p).quizzes[0].id}.html" for p in sorted((ROOT / "source").glob("*.md"))]


def test_the_students_copy_holds_no_answer(tmp_path):
    status, _ = _preview(str(FIXTURES / "all-types.md"), "-o", str(tmp_path), "--no-key")
    assert status == 0
    page = (tmp_path / "all-types.html").read_text()
    for leak in ("data-correct", "correct\"", "Feedback", "3.14", "lambda", "encoder",
                 "Bernoulli pixels</span>", "randomness", "standard normal"):
        assert leak not in page, leak
    assert "Choose…" in page


def test_a_diagnostic_sits_beside_its_question_and_the_rest_is_still_shown(tmp_path):
    status, output = _preview(str(FIXTURES / "week-6-questions.md"), "-o", str(tmp_path))
    assert status == 1
    assert "week-6-questions.md:46:1: error: options follow the answer" in output
    dom = lxml.html.fromstring((tmp_path / "week-6-questions.html").read_bytes())
    sections = dom.findall(".//section")
    assert len(sections) == 11
    [stemless] = [s for s in sections if s.get("data-line") == "46"]
    [diagnostic] = stemless.find_class("diagnostic")
    assert diagnostic.find_class("where")[0].text == "line 46:1"
    assert "stem was probably lost" in diagnostic.text_content()
    assert all(not s.find_class("diagnostic") for s in sections if s is not stemless)
    index = (tmp_path / "index.html").read_text()
    assert "1 error" in index


def test_pages_are_byte_identical_on_rebuild(tmp_path):
    for out in ("a", "b"):
        _preview(str(ROOT / "source"), "-o", str(tmp_path / out))
    assert {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()} == \
        {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}


def test_two_quizzes_with_one_id_both_get_a_page(tmp_path):
    status, _ = _preview(str(ROOT / "source" / "week-6-questions.md"),
                         str(FIXTURES / "week-6-questions.md"), "-o", str(tmp_path / "out"))
    assert status == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "index.html", "week-6-questions-2.html", "week-6-questions.html"]


def test_open_answers_show_their_key(tmp_path):
    status, _ = _preview(str(FIXTURES / "all-types.md"), "-o", str(tmp_path))
    assert status == 0
    dom = lxml.html.fromstring((tmp_path / "all-types.html").read_bytes())
    by_type: dict = {}
    for section in dom.findall(".//section"):
        by_type.setdefault(section.get("data-type"), section)
    assert [b.get("data-correct") for b in by_type["cloze"].find_class("blank")] == [
        "encoder", "decoder | generator", "KL | KL divergence"]
    assert by_type["numerical"].find_class("response")[0].get("data-key") == "3.14 ± 0.01"
    assert "randomness" in by_type["essay"].find_class("response")[0].text_content()
    assert [td.get("data-correct") for td in by_type["matching"].iter("td")
            if td.get("data-correct")] == ["Bernoulli pixels", "Gaussian outputs",
                                           "Latent regularisation"]
    assert by_type["essay"].find(".//img").get("src").startswith("data:image/png;base64,")
