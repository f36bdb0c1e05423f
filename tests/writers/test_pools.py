"""Pools in every target, as each LMS's own importer (or a user) sees them, and read back.

One quiz, `fixtures/pools.md`: a question, a pool drawing 2 of 3 at 1 point
each, a question, a pool drawing 1 of 3 at 2 points each in order, a
question. Its total is 1 + 2×1 + 1 + 1×2 + 1 = 7 points.
"""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from lxml import etree

from exporter import writers
from exporter.cli import main
from exporter.diagnostics import Reporter
from exporter.model import Quiz
from exporter.preview import quiz_page
from exporter.readers import read
from exporter.writers.canvas.items import canvas_identifier
from exporter.writers.markdown import escape
from lms_importers import IMPORTERS, moodle_import, run_importer
from writing import output

FIXTURES = Path(__file__).parents[1] / "fixtures"
POOLS = FIXTURES / "pools.md"
SCHEMA_1_2 = Path(__file__).resolve().parents[3] / "shared" / "reference" / "schemas" / \
    "qtiv1p2" / "ims_qtiasiv1p2.xsd"


@pytest.fixture(scope="module")
def quiz() -> Quiz:
    return read(POOLS).quizzes[0]


def pools_of(quiz: Quiz) -> list[tuple]:
    """What "the same pools" means across a round trip: id, title, pick, points each, and the
    members by their ids."""
    return [(pool.id, pool.title, pool.pick, pool.points, [q.id for q in pool.questions])
            for pool in quiz.pools()]


def test_canvas_s_importer_reads_two_question_groups_among_the_questions(quiz, tmp_path):
    package = tmp_path / "pools.canvas.zip"
    package.write_bytes(output("canvas", quiz))
    status, report = run_importer(IMPORTERS / "canvas" / "canvas_import.sh", "--compact",
                                  str(package))
    assert status == 0 and report["errors"] == [] and report["warnings"] == []
    [assessment] = report["assessments"]
    assert assessment["points_total"] == 7.0
    assert assessment["canvas_meta"]["points_possible"] == 7.0
    blocks = assessment["questions"]
    assert [b["kind"] for b in blocks] == ["item", "question_group", "item", "question_group",
                                           "item"]
    for block, pool in zip((blocks[1], blocks[3]), quiz.pools()):
        assert (block["ident"], block["title"], block["pick"], block["points_per_item"]) == (
            canvas_identifier("pool", quiz.id, pool.id), pool.title, pool.pick, pool.points)
        members = block["questions"]
        assert [m["group"] for m in members] == [block["ident"]] * len(pool.questions)
        assert [m["ident"] for m in members] == [
            canvas_identifier("item", quiz.id, q.id) for q in pool.questions]
        assert [m["points_possible"] for m in members] == [pool.points] * len(pool.questions)
    assert [a["correct"] for a in blocks[3]["questions"][1]["answers"]] == [True, False]


def test_the_canvas_groups_are_valid_qti_1_2_in_the_schema_s_order(quiz):
    if not SCHEMA_1_2.is_file():
        pytest.skip(f"the QTI 1.2 schema is not here: {SCHEMA_1_2}")
    with zipfile.ZipFile(io.BytesIO(output("canvas", quiz))) as package:
        [name] = [n for n in package.namelist() if n.count("/") == 1 and "meta" not in n]
        assessment = etree.fromstring(package.read(name))
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_1_2)))
    assert schema.validate(assessment), schema.error_log


def test_moodle_s_importer_stores_each_pool_as_a_described_category_and_tags(quiz, tmp_path):
    moodle = tmp_path / "pools.moodle.xml"
    moodle.write_bytes(output("moodle", quiz))
    status, report = moodle_import(moodle)
    assert status == 0, report["errors"]
    categories = {c["path"]: c for c in report["categories"]}
    first, second = quiz.pools()
    for pool, path in ((first, "Deep Learning/Week 6/Reparameterisation"),
                       (second, "Deep Learning/Week 6/Losses")):
        assert categories[path]["idnumber"] == pool.id
        assert f"each student draws {pool.pick} of these 3 questions at random" in \
            categories[path]["info"]
        stored = [q for q in report["questions"] if q["category"] == path]
        assert [q["idnumber"] for q in stored] == [q.id for q in pool.questions]
        assert all(q["tags"] == [pool.id] for q in stored)
        assert {float(q["defaultmark"]) for q in stored} == {pool.points}
    plain = [q["idnumber"] for q in report["questions"] if q["category"] == "Deep Learning/Week 6"]
    assert plain == [q.id for q in quiz.questions if q.pool is None]


def test_build_notes_the_step_left_in_moodle_and_fails_nothing(tmp_path):
    done = CliRunner().invoke(main, ["build", str(POOLS), "-o", str(tmp_path), "-f", "moodle",
                                     "--strict"])
    notes = [line for line in done.stderr.splitlines() if ": note: " in line]
    assert notes == [
        f"{POOLS}:14:1: note: moodle: pool `vae-reparam` is the category `Deep Learning/Week 6/"
        "Reparameterisation`: in the Moodle quiz, choose Add > a random question, that "
        "category, and 2 questions",
        f"{POOLS}:35:1: note: moodle: pool `losses` is the category `Deep Learning/Week 6/"
        "Losses`: in the Moodle quiz, choose Add > a random question, that category, and 1 "
        "question"]
    # shuffle=false is what Moodle cannot keep: that warning, under --strict, fails the quiz
    assert f"{POOLS}:35:1: warning: moodle: Moodle draws each random question on its own" in \
        done.stderr and done.exit_code == 1
    quiet = CliRunner().invoke(main, ["build", str(POOLS), "-o", str(tmp_path), "-f", "moodle",
                                      "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_gift_writes_a_category_per_pool_with_its_comment(quiz):
    text = output("gift", quiz).decode("utf-8")
    assert "// pool: vae-reparam pick 2\n$CATEGORY: $course$/top/Deep Learning/Week 6/" \
           "Reparameterisation\n" in text
    assert text.count("$CATEGORY: $course$/top/Deep Learning/Week 6\n") == 3  # back, twice


def test_moodle_s_gift_importer_puts_each_pool_in_its_category(quiz, tmp_path):
    gift = tmp_path / "pools.gift"
    gift.write_bytes(output("gift", quiz))
    status, report = moodle_import(gift)
    assert status == 0, report["errors"]
    assert [q["category"].rsplit("/", 1)[-1] for q in report["questions"]] == [
        "Week 6", *["Reparameterisation"] * 3, "Week 6", *["Losses"] * 3, "Week 6"]


def test_answers_csv_gains_a_pool_column_last(quiz):
    rows = list(csv.reader(io.StringIO(output("answers", quiz).decode("utf-8-sig"))))
    assert rows[0] == ["number", "id", "type", "points", "key", "quiz", "question", "answer",
                       "pool"]
    assert [row[-1] for row in rows[1:]] == ["", "vae-reparam", "vae-reparam", "vae-reparam", "",
                                            "losses", "losses", "losses", ""]


def test_the_preview_frames_each_pool_with_its_draw(quiz):
    page, entry = quiz_page(POOLS, quiz, [], True, set())
    dom = lxml.html.fromstring(page)
    frames = dom.find_class("pool")
    assert [f.find_class("pool-draw")[0].text_content() for f in frames] == [
        "2 of these 3 are drawn", "1 of these 3 are drawn"]
    assert [len(f.findall("section")) for f in frames] == [3, 3]
    assert len(dom.findall(".//section")) == len(quiz.questions)  # every member, each once
    assert entry.points == 7


def test_rebuilds_are_byte_identical(quiz):
    for name in ("moodle", "qti21", "qti30", "canvas", "answers", "gift"):
        again = read(POOLS).quizzes[0]
        assert output(name, quiz) == output(name, again), name


# --- round trips: our Markdown with pools -> a format -> our reader -> the same pools -------


def _through(quiz: Quiz, name: str, suffix: str, tmp_path: Path) -> Quiz:
    path = tmp_path / f"pools{suffix}"
    path.write_bytes(output(name, quiz))
    result = read(path)
    assert not result.has_errors, result.diagnostics
    [back] = result.quizzes
    return back


@pytest.mark.parametrize("name, suffix", [("moodle", ".moodle.xml"), ("gift", ".gift.txt")])
def test_moodle_formats_read_back_as_the_same_pools(quiz, tmp_path, name, suffix):
    back = _through(quiz, name, suffix, tmp_path)
    same = pools_of(back) == pools_of(quiz) if name == "moodle" else \
        [p[:3] + p[4:] for p in pools_of(back)] == [p[:3] + p[4:] for p in pools_of(quiz)]
    assert same  # GIFT has no points: its questions come back worth 1
    assert [q.tags for q in back.questions] == [q.tags for q in quiz.questions]  # no pool tag
    assert [q.pool is None for q in back.questions] == [q.pool is None for q in quiz.questions]


def test_our_markdown_writes_the_pools_back(quiz, tmp_path):
    report = Reporter(POOLS)
    files = writers.get("markdown")(quiz, report)
    assert report.items == []  # read back and compared by the writer itself: nothing differs
    text = files[writers.file_name(quiz, "markdown")].decode("utf-8")
    assert '::: pool id=vae-reparam pick=2 points=1 title="Reparameterisation"\n' in text
    assert '::: pool id=losses pick=1 title="Losses" shuffle=false\n' in text
    written = tmp_path / "pools.md"
    written.write_text(text, encoding="utf-8")
    back = read(written).quizzes[0]
    assert pools_of(back) == pools_of(quiz)
    assert [p.shuffle for p in back.pools()] == [True, False]
    assert writers.get("markdown")(back, Reporter(written))[
        writers.file_name(back, "markdown")].decode("utf-8") == text  # converting again: same


def test_a_stem_line_shaped_like_a_pool_is_escaped(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("1. A stem\n\n\\::: pool pick=1\n\n\\:::\n\nAnswer: 1\n")
    quiz = read(source).quizzes[0]
    assert quiz.questions[0].stem.endswith("\\::: pool pick=1\n\n\\:::") and not quiz.pools()
    quiz.questions[0].stem = "A stem\n\n::: pool pick=1\n\n:::"
    report = Reporter(source)
    text = writers.get("markdown")(quiz, report)["quiz.md"].decode("utf-8")
    assert report.items == []  # read back as it was: a stem, no pool
    assert "\n    ::: pool pick=1\n" in text  # continuation lines are indented: no escape needed
    assert escape.escape_line("::: pool pick=1", escape.misread) == "\\::: pool pick=1"
    assert escape.escape_line(":::", escape.misread) == "\\:::"


def test_instructures_question_groups_come_back_as_the_same_groups(tmp_path):
    """items_1.2/question_group.xml (two groups: 1 of 4 and 3 of 5) -> our Canvas reader ->
    our Canvas package: Instructure's importer reads the same groups from both."""
    original = Path(__file__).resolve().parents[3] / "shared" / "reference" / "canvas" / \
        "items_1.2" / "question_group.xml"
    if not original.exists():
        pytest.skip(f"the Canvas reference is not here: {original} (../shared is absent)")

    def groups(path: Path) -> list[tuple]:
        status, report = run_importer(IMPORTERS / "canvas" / "canvas_import.sh", "--compact",
                                      str(path))
        assert status == 0, report["errors"]
        return [(block["pick"], block["points_per_item"], len(block["questions"]),
                 [(m["question_type"], m["points_possible"]) for m in block["questions"]])
                for assessment in report["assessments"] for block in assessment["questions"]
                if block["kind"] == "question_group"]

    [quiz] = read(original).quizzes
    package = tmp_path / "groups.canvas.zip"
    package.write_bytes(output("canvas", quiz))
    before = groups(original)
    assert [(pick, size) for pick, _, size, _ in before] == [(1, 4), (3, 5)]
    assert groups(package) == before


def test_a_pool_titled_with_slashes_at_its_ends_stays_one_moodle_category(tmp_path):
    """Moodle's category paths take `//` as a slash inside a name, so a `/` at a name's end
    would split it: found by the hypothesis grammar (a pool titled "/")."""
    source = tmp_path / "quiz.md"
    source.write_text('1. Q1?\n\nAnswer: True\n\n::: pool pick=1 title="/ratio/"\n\n2. Q2?\n\n'
                      "Answer: True\n\n:::\n")
    [quiz] = read(source).quizzes
    for name in ("moodle", "gift"):
        written = tmp_path / writers.file_name(quiz, name)
        written.write_bytes(output(name, quiz))
        [back] = read(written).quizzes
        assert [(p.id, p.pick, len(p.questions)) for p in back.pools()] == [("ratio", 1, 1)], name


@pytest.mark.parametrize("target", ["qti30", "qti21", "canvas"])
def test_pools_come_back_from_qti_and_canvas_packages(quiz, tmp_path, target):
    """Our pools -> a package -> the QTI or Canvas reader: the same draws, points and members
    (QTI keeps the pool ids in its sections; Canvas's groups name them by title)."""
    package = tmp_path / f"pools.{target}.zip"
    package.write_bytes(output(target, quiz))
    result = read(package)
    assert result.diagnostics == []
    [back] = result.quizzes
    drawn = [(p.pick, p.points, len(p.questions)) for p in back.pools()]
    assert drawn == [(p.pick, p.points, len(p.questions)) for p in quiz.pools()]
    if target != "canvas":  # Canvas keeps neither a pool's id nor its order (a warning says so)
        assert [p.shuffle for p in back.pools()] == [p.shuffle for p in quiz.pools()]
        assert [(p.id, p.title, [q.id for q in p.questions]) for p in back.pools()] == \
            [(p.id, p.title, [q.id for q in p.questions]) for p in quiz.pools()]
