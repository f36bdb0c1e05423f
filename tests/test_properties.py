"""Property-based tests: random sources from the grammar, and random bytes, never break a build.

The default profile is short enough for CI; run the long one by hand with
`HYPOTHESIS_PROFILE=long python -m pytest tests/test_properties.py`.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporter import writers
from exporter.pipeline.build import build_file
from exporter.readers import read
from safety import assert_safe_outputs

settings.register_profile("ci", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SEED = (Path(__file__).parent / "fixtures" / "week-6-questions.md").read_bytes()

words = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                min_size=0, max_size=30)
hostile = st.sampled_from([
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "[x](javascript:alert(1))",
    "<iframe src='//evil'></iframe>", "<style>body{}</style>", "]]>", "$a < b & c$", "`]]>`",
    "\x01\x02", "$$", "\\$", "[[", "]]", "&amp;", "<![CDATA[", "<object data=x></object>",
    "<embed src=x>", "> > > > quote", "- - - - list", "$x_{i}^{2}$", "**bold**",
])
fragment = st.one_of(words, hostile)
text = st.lists(fragment, min_size=0, max_size=5).map(" ".join)


@st.composite
def question(draw, number: int) -> str:
    kind = draw(st.sampled_from(["single", "multiple", "truefalse", "numerical", "short",
                                 "essay", "matching", "cloze", "broken"]))
    lines = [f"{number}. {draw(text)}"]
    if draw(st.booleans()):
        lines += ["", "```" + draw(st.sampled_from(["", "python", "nonsense"])), draw(text), "```"]
    lines.append("")
    if kind in ("single", "multiple", "broken"):
        count = draw(st.integers(2, 5))
        marker = draw(st.sampled_from(["({})", "- ({})", "{})", "{}."]))
        for index in range(count):
            lines.append(marker.format(chr(ord("A") + index)) + " " + draw(text))
        letters = [chr(ord("A") + i) for i in range(count)]
        chosen = draw(st.lists(st.sampled_from(letters + ["Z"]), min_size=1, max_size=3))
        lines += ["", "Answer: " + ", ".join(f"({c})" for c in chosen)]
        if draw(st.booleans()):
            lines.append(f"Feedback ({draw(st.sampled_from(letters))}): {draw(text)}")
        if draw(st.booleans()):
            lines.append(f"Grade ({draw(st.sampled_from(letters + ['Z']))}): "
                         f"{draw(st.sampled_from(['50%', '-25%', '100%', '33.33333', 'x']))}")
    elif kind == "truefalse":
        lines.append("Answer: " + draw(st.sampled_from(["True", "False"])))
    elif kind == "numerical":
        lines.append("Answer: " + draw(st.sampled_from(["42", "3.14 ± 0.01", "1 +- 2", "[1, 2]",
                                                        "[2, 1]", "-1e300"])))
    elif kind == "short":
        lines.append("Answer: " + draw(words.filter(lambda w: w.strip() and "\n" not in w)))
    elif kind == "essay":
        lines += ["Type: essay", "Answer: " + draw(text)]
    elif kind == "matching":
        lines.append("Type: matching")
        for _ in range(draw(st.integers(0, 3))):
            lines.append(f"- {draw(words) or 'x'} -> {draw(words) or 'y'}")
    elif kind == "cloze":
        lines[0] += f" [[{draw(words)}]] and [[{draw(words)} | {draw(words)}]]"
        for _ in range(draw(st.integers(0, 2))):  # choice and numeric blanks, good and bad
            choices = [("~" if draw(st.booleans()) else "") + draw(words)
                       for _ in range(draw(st.integers(1, 4)))]
            number = draw(st.sampled_from(["42", "3.14 ± 0.01", "−2 +/- 0,5", "1e-05", "x",
                                           "[1, 2]", "1e999", ""]))
            lines[0] += f" [[{' | '.join(choices)}]] [[= {number}]]"
    if draw(st.booleans()):
        lines += [f"Points: {draw(st.sampled_from(['1', '2.5', '0', 'many']))}",
                  f"Tags: {draw(words)}", f"Feedback: {draw(text)}"]
    return "\n".join(lines)


@st.composite
def pool_line(draw) -> str:
    """A `::: pool` line, its attributes good or bad, in any order."""
    attributes = [f"pick={draw(st.sampled_from(['1', '2', '0', '9', 'x', '']))}"]
    for key, values in (("id", ["p1", "p1", "a/b", ""]), ("points", ["1", "2.5", "-1", "nan"]),
                        ("shuffle", ["false", "true", "maybe"])):
        if draw(st.booleans()):
            attributes.append(f"{key}={draw(st.sampled_from(values))}")
    if draw(st.booleans()):
        title = " ".join(draw(words).split()).replace("\\", "\\\\").replace('"', '\\"')
        attributes.append(f'title="{title}"')
    return "::: pool " + " ".join(draw(st.permutations(attributes)))


@st.composite
def source(draw) -> str:
    count = draw(st.integers(1, 5))
    head = draw(st.sampled_from(["", "# Title\n\n", "---\ntitle: T\npoints: 2\n---\n\n",
                                 "---\n[broken\n---\n"]))
    blocks = [draw(question(n)) for n in range(1, count + 1)]
    for _ in range(draw(st.integers(0, 2))):  # pools around runs of questions, closed or not
        start = draw(st.integers(0, len(blocks)))
        end = draw(st.integers(start, len(blocks)))
        blocks.insert(end, draw(st.sampled_from([":::", ":::", "::::", "", "## Inside"])))
        blocks.insert(start, draw(pool_line()))
    return head + "\n\n".join(blocks) + "\n"


@given(source())
def test_random_sources_never_raise_and_build_safe_packages(tmp_path_factory, text_source):
    path = tmp_path_factory.mktemp("quiz") / "quiz.md"
    path.write_text(text_source, encoding="utf-8")
    result = build_file(path, list(writers.WRITERS))
    assert all(d.line >= 1 and d.column >= 1 for d in result.diagnostics)
    assert not any(d.message.startswith("internal error") for d in result.diagnostics), \
        result.diagnostics
    assert_safe_outputs(result.files)


@st.composite
def pooled_source(draw) -> tuple[str, list[tuple[int, int]]]:
    """Sound questions with sound pools around some runs of them: the source, and each
    pool's (pick, size)."""
    count = draw(st.integers(1, 8))
    blocks = [f"{n}. Is {draw(st.text(alphabet='abcxyz', min_size=1, max_size=6))} question {n}?\n\nAnswer: "
              f"{draw(st.sampled_from(['True', 'False', '42']))}" for n in range(1, count + 1)]
    pools, position, out = [], 0, []
    while position < count:
        size = draw(st.integers(0, count - position))
        if size:
            pick = draw(st.integers(1, size))
            title = " ".join(draw(words).split()).replace("\\", "\\\\").replace('"', '\\"')
            out.append(f'::: pool pick={pick} title="{title}"' +
                       draw(st.sampled_from(["", " points=2", " shuffle=false"])))
            out += blocks[position:position + size] + [":::"]
            pools.append((pick, size))
            position += size
        else:
            out.append(blocks[position])
            position += 1
    return "\n\n".join(out) + "\n", pools


@given(pooled_source())
def test_pools_read_as_written_total_their_draws_and_come_back_from_every_format(
        tmp_path_factory, sourced):
    text_source, expected = sourced
    folder = tmp_path_factory.mktemp("pools")
    path = folder / "quiz.md"
    path.write_text(text_source, encoding="utf-8")
    result = read(path)
    assert not result.has_errors, result.diagnostics
    [quiz] = result.quizzes
    pools = quiz.pools()
    assert [(pool.pick, len(pool.questions)) for pool in pools] == expected
    assert len({pool.id for pool in pools}) == len(pools)
    assert quiz.total_points == pytest.approx(
        sum(q.points for q in quiz.questions if q.pool is None)
        + sum(pool.pick * pool.points for pool in pools))
    built = build_file(path, list(writers.WRITERS))
    assert not any(d.is_error for d in built.diagnostics), built.diagnostics
    for name in ("moodle", "gift", "markdown"):
        written = folder / writers.file_name(quiz, name)
        written.write_bytes(built.files[written.name])
        [back] = read(written).quizzes
        assert [(p.id, p.pick, [q.id for q in p.questions]) for p in back.pools()] == \
            [(p.id, p.pick, [q.id for q in p.questions]) for p in pools], name


@given(st.lists(st.tuples(st.integers(0, len(SEED) - 1), st.binary(max_size=8)), max_size=12))
def test_byte_mutations_of_the_seed_never_raise(tmp_path_factory, edits):
    data = bytearray(SEED)
    for position, insert in edits:
        data[position:position + 1] = insert
    path = tmp_path_factory.mktemp("seed") / "seed.md"
    path.write_bytes(bytes(data))
    result = build_file(path, list(writers.WRITERS))
    assert not any(d.message.startswith("internal error") for d in result.diagnostics), \
        result.diagnostics
    assert_safe_outputs(result.files)
