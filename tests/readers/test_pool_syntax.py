"""Pools in our Markdown (`::: pool ... :::`): what they read as, and every mistake in one,
as the exact `path:line:col: error:` line `check` prints."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter.cli import main
from exporter.readers import read

FIXTURES = Path(__file__).parents[1] / "fixtures"
POOLS = FIXTURES / "pools.md"


def test_two_pools_and_the_questions_around_them():
    quiz = read(POOLS).quizzes[0]
    first, second = quiz.pools()
    assert (first.id, first.title, first.pick, first.points, first.shuffle, first.line) == (
        "vae-reparam", "Reparameterisation", 2, 1.0, True, 14)
    assert [q.line for q in first.questions] == [15, 22, 26]
    # no id: from the title; no points: the questions' own, which are equal
    assert (second.id, second.title, second.pick, second.points, second.shuffle) == (
        "losses", "Losses", 1, 2.0, False)
    assert [q.pool.id if q.pool else None for q in quiz.questions] == [
        None, "vae-reparam", "vae-reparam", "vae-reparam", None, "losses", "losses", "losses", None]
    assert quiz.total_points == 1 + 2 * 1 + 1 + 1 * 2 + 1


def test_numbering_restarts_inside_a_pool_and_after_it_without_a_warning():
    assert read(POOLS).diagnostics == []


def test_check_json_names_each_question_s_pool_and_lists_the_pools():
    done = CliRunner().invoke(main, ["check", "--json", str(POOLS)])
    data = json.loads(done.stdout)["files"][0]
    assert [q["pool"] for q in data["questions"]][:3] == [None, "vae-reparam", "vae-reparam"]
    assert data["pools"] == [
        {"id": "vae-reparam", "title": "Reparameterisation", "pick": 2, "points": 1.0,
         "shuffle": True, "line": 14, "questions": 3},
        {"id": "losses", "title": "Losses", "pick": 1, "points": 2.0, "shuffle": False,
         "line": 35, "questions": 3}]


def test_points_given_to_the_pool_are_every_member_s(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("::: pool pick=1 points=3\n1. One?\n\nAnswer: 1\nPoints: 2\n\n"
                      "2. Two?\n\nAnswer: 2\n:::\n")
    result = read(source)
    assert [q.points for q in result.quizzes[0].questions] == [3.0, 3.0]
    assert result.quizzes[0].pools()[0].id == "pool-1"  # no id, no title: by position
    assert [str(d) for d in result.diagnostics] == [
        f"{source}:5:1: warning: `Points: 2` gives way to the pool's points=3 (line 1): every "
        "question of a pool is worth the same"]


QUESTIONS = "1. One?\n\nAnswer: 1\n\n2. Two?\n\nAnswer: 2\n"


@pytest.mark.parametrize("text, expected", [
    (f"::: pool pick=0\n{QUESTIONS}:::\n",
     ["1:10: error: pick=0: a pool draws at least 1 question"]),
    (f"# Quiz\n\n::: pool pick=3 id=p\n{QUESTIONS}:::\n",
     ["3:10: error: pick=3: this pool holds only 2 questions"]),
    (f"::: pool id=p\n{QUESTIONS}:::\n",
     ["1:1: error: a pool needs `pick=N`: how many of its 2 questions each student draws"]),
    ("::: pool pick=1\n1. One?\n\nAnswer: 1\nPoints: 2\n\n2. Two?\n\nAnswer: 2\n:::\n",
     ["1:1: error: the questions of this pool have different points (1, 2): give the pool "
      "`points=N`, what each drawn question is worth"]),
    (f"::: pool pick=1\n{QUESTIONS}",
     ["1:1: error: this pool is never closed: end it with a line `:::` after its last question"]),
    (f"::: pool pick=1\n{QUESTIONS}::: pool pick=1\n3. Three?\n\nAnswer: 3\n:::\n:::\n",
     ["9:1: error: a pool cannot hold another pool: the pool opened at line 1 is still open "
      "(close it with `:::` first)"]),
    (f"{QUESTIONS}\n::: pool pick=1\n:::\n",
     ["9:1: error: this pool holds no question: put the questions to draw from between its "
      "line and `:::`"]),
    (f"::: pool pick=1\n{QUESTIONS}\n## Part B\n\n3. Three?\n\nAnswer: 3\n:::\n",
     ["10:1: error: a heading inside the pool opened at line 1: close the pool (`:::`) before "
      "the heading, or remove it"]),
    (f"{QUESTIONS}:::\n",
     ["8:1: error: this `:::` closes no pool: a pool opens with a line `::: pool pick=N`"]),
    (f"::: pool pick=1 size=2 shuffle=maybe points=-1 id=a/b\n{QUESTIONS}:::\n",
     ["1:17: error: `size=` is not a pool attribute: a pool takes id, pick, points, title, "
      "shuffle",
      "1:24: error: shuffle=maybe: must be true or false",
      "1:38: error: points=-1: must be a positive number",
      "1:48: error: id=a/b: a pool id is letters, digits, `-`, `_`, `.` or `:`"]),
    (f"::: pool pick=1 title=\"Open\n{QUESTIONS}:::\n",
     ["1:17: error: cannot read `title=\"Open`: a pool's line holds `key=value` pairs "
      "(`pick=2`, `title=\"...\"`)"]),
    (f"::: pool pick=1 id=p\n{QUESTIONS}:::\n::: pool pick=1 id=p\n3. Three?\n\nAnswer: 3\n"
     "\n4. Four?\n\nAnswer: 4\n:::\n",
     ["10:17: error: pool id `p` is already used by the pool at line 1"]),
], ids=["pick-0", "pick-over-size", "no-pick", "unequal-points", "unclosed", "nested", "empty",
        "heading-inside", "stray-close", "bad-attributes", "unclosed-quote", "repeated-id"])
def test_a_bad_pool_is_an_error_at_the_pool_s_line(tmp_path, text, expected):
    source = tmp_path / "quiz.md"
    source.write_text(text)
    done = CliRunner().invoke(main, ["check", str(source)])
    assert done.exit_code == 1
    assert [line for line in done.stderr.splitlines() if ": error: " in line] == [
        f"{source}:{line}" for line in expected]


def test_a_title_may_quote_anything(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text('::::pool   title="Week 6: \\"VAE\\" \\\\ more"   pick=1\n'
                      f"{QUESTIONS}::::\n")
    result = read(source)
    assert result.diagnostics == []
    assert result.quizzes[0].pools()[0].title == 'Week 6: "VAE" \\ more'
    assert result.quizzes[0].pools()[0].id == "week-6-vae-more"


def test_other_fenced_divs_stay_text_even_inside_a_pool(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("::: pool pick=1\n1. One?\n\n::: note\nA note.\n:::\n\nAnswer: 1\n\n"
                      "2. Two?\n\nAnswer: 2\n:::\n")
    result = read(source)
    assert result.diagnostics == []
    quiz = result.quizzes[0]
    assert "::: note" in quiz.questions[0].stem and quiz.questions[0].stem.endswith(":::")
    assert len(quiz.pools()[0].questions) == 2


def test_a_heading_before_a_pool_titles_the_questions_after_it(tmp_path):
    source = tmp_path / "quiz.md"
    source.write_text("# Quiz\n\n## Part A\n\n::: pool pick=1\n" + QUESTIONS +
                      ":::\n\n3. Three?\n\nAnswer: 3\n")
    quiz = read(source).quizzes[0]
    assert [s.title for s in quiz.sections] == ["", "Part A"]
    assert [q.section.title for q in quiz.questions] == ["", "", "Part A"]
    assert quiz.pools()[0].pick == 1


def test_the_readme_s_pool_reads_as_the_readme_says(tmp_path):
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- tested: pool -->\n```markdown\n(.*?)```", readme, re.DOTALL)
    source = tmp_path / "quiz.md"
    source.write_text(block.group(1), encoding="utf-8")
    result = read(source)
    assert result.diagnostics == []
    [pool] = result.quizzes[0].pools()
    assert (pool.id, pool.title, pool.pick, pool.points, len(pool.questions)) == (
        "vae-reparam", "Reparameterisation", 2, 1.0, 3)
    assert result.quizzes[0].total_points == 2
