"""The front matter fast path reads plain `key: value` lines without PyYAML: wherever it
accepts a text, it must give exactly what PyYAML gives, and a build of such a quiz must not
import PyYAML at all. The PyYAML path parses once and must behave as parsing twice did."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from exporter.diagnostics import Reporter
from exporter.readers.markdown.frontmatter import _read_yaml, read_plain, split_front_matter

# What the resolver, scanner and reader treat specially, and characters Python's str.strip()
# or str.split() treat differently from YAML (\xa0, \u3000, \r, \x1c).
TRICKY = list("aAbyYnNoOtTfFzZ_09 :#'\"-?[]{},&*!|>%@`.~<=+/\\\t\r\x00\x01\x1c\x7f") + [
    "é", "ß", "Ü", "日", "\xa0", "\u1680", "\u2000", "\u200b", "\u205f", "\u3000", "\u2028",
    "\u2029", "\x85", "\x9f", "\ufeff", "\ufffe", "\ud800", "\U0001f600"]
# pairs that mean something to YAML only together, rarely drawn from TRICKY side by side,
# and the tab and line breaks again: drawn from TRICKY alone, they are too rare
PAIRS = [" #", ": ", ":\t", " - ", "- ", "? ", " &a", " *a", " !x", " |", " >", " '", ' "',
         "\t", "\r", "\x85", "\u2028", "\u2029"]
WORDS = ["yes", "Yes", "YES", "yEs", "no", "No", "NO", "y", "n", "Y", "N", "true", "True",
         "TRUE", "false", "False", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL",
         "nULL", "~", "", ".inf", "-.Inf", ".NaN", "inf", "nan", "1_000", "0x1F", "0o17", "017",
         "0b101", "2024-01-01", "2024-01-01 10:00:00", "1:30", "190:20:30", "1.5", "1e3",
         "1.0e+3", "+1", "-1", "0", "00", "7", "42", "12345678901234567890", "<<", "=",
         "title", "id", "points", "shuffle", "_x", "a-b", "Week 5 quiz", "It's", "C#"]

plain_key = st.one_of(st.sampled_from(["title", "id", "points", "shuffle"]),
                      st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,5}", fullmatch=True))
plain_value = st.one_of(st.from_regex(r"[A-Za-zé日][A-Za-z0-9 éß日]{0,10}", fullmatch=True),
                        st.from_regex(r"[0-9]{1,4}", fullmatch=True))


def joined(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds("".join, st.tuples(*parts))


def spiced(plain: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Plain text, an edge word, or plain text with one tricky character or word before,
    after or inside it: each a step from a text the fast path may accept."""
    spice = st.sampled_from(TRICKY + WORDS)
    return st.one_of(plain, st.sampled_from(WORDS), joined(spice, plain), joined(plain, spice),
                     joined(plain, spice, plain))


# a letter, digit or odd space, then anything: the fast path accepts many of these, tricky
# as they are
token = st.one_of(st.sampled_from(TRICKY), st.sampled_from(PAIRS), st.sampled_from(WORDS))
rich_value = st.one_of(joined(st.sampled_from(list("aZé日019\xa0\u3000")),
                              st.lists(token, min_size=1, max_size=5).map("".join)), plain_value)
# a `key: value`, a comment or spaces: lines the fast path mostly accepts
plain_line = st.one_of(joined(plain_key, st.sampled_from([": ", ":  "]), rich_value,
                              st.sampled_from(["", " "])),
                       rich_value.map("#".__add__), st.text(" ", max_size=2))
# a line near a plain one: indented, an odd colon, a tricky key or value, a comment, spaces
near_line = st.one_of(joined(st.sampled_from(["", " "]), spiced(plain_key),
                             st.sampled_from([": ", ":", " : ", ":\t"]), spiced(plain_value),
                             st.sampled_from(["", " ", "\t"])),
                      spiced(plain_value).map("#".__add__), spiced(plain_value))


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """Lines the fast path mostly accepts, and half the time one line near a plain one
    among them."""
    lines = draw(st.lists(plain_line, max_size=6))
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(near_line))
    return "\n".join(lines)


def pyyaml(text: str) -> tuple[object, dict[str, int]]:
    """What the PyYAML path gave before it parsed once: `safe_load` for the values, and
    each key's line from `compose` as split_front_matter computed them."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    values = yaml.safe_load(text)
    lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value} \
        if isinstance(values, dict) else {}
    return values, lines


def shape(parsed: tuple[object, dict[str, int]]) -> object:
    """Values with their order and types (True == 1 and dict equality ignore both)."""
    values, lines = parsed
    if isinstance(values, dict):
        return [(k, type(v), repr(v)) for k, v in values.items()], lines
    return type(values), repr(values), lines


@settings(max_examples=3000, deadline=None)
@given(front_matter())
@example("title: yes")
@example("title: a\xa0\ntitle: b \n\n# c: d\ne: \u3000x")
def test_the_fast_path_gives_what_pyyaml_gives_whenever_it_accepts(text):
    fast = read_plain(text)
    if fast is not None:
        assert shape(fast) == shape(pyyaml(text))


@pytest.mark.parametrize("text", [
    "title: Week 5 quiz", "title:   Week  5  quiz   ", "title: It's [a] {test}, & *more*!",
    "title: a - b ? c | d > e % f @ g `h` 'i' \"j\" ~ = <<", "title: Ünterricht",
    "title: 日本語", "title: \U0001f600", "title: tail\xa0", "title: \u3000wide", "_x: a",
    "a-b: c", "points: 2", "points: 0", "points: 123456789012345678", "title: a\ntitle: b",
    "# a comment: with # signs\n\ntitle: x\n   \n#\npoints: 3", "", "# only a comment\n",
    "title: true0", "title: nulls", "title: Yess", "title: yEs", "ye: y", "n: N", "x" * 128 + ": a",
])
def test_plain_lines_are_read_fast_and_as_pyyaml_reads_them(text):
    assert shape(read_plain(text)) == shape(pyyaml(text))


@pytest.mark.parametrize("value", [
    "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
    "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~", "", " ", ".inf", ".NaN",
    "1_000", "0x1F", "0o17", "017", "00", "0b101", "2024-01-01", "1:30", "1.5", "1e3", "+1",
    "-1", "1234567890123456789", "2nd try", "a: b", "a #b", "C#", "'q'", '"q"', "[a]", "{a: 1}",
    "- a", "&a x", "*a", "!!str x", "|", ">", "%x", "@x", "`x`", "?x", "\tx", "a\tb", "a\x85b",
    "a\u2028b", "a\u2029b", "\ufeffa", "a\ufeff", "a\rb", "a\x00", "a\x7f", "a\ud800", "a\ufffe",
])
def test_values_pyyaml_may_read_otherwise_are_left_to_it(value):
    assert read_plain(f"title: {value}") is None


@pytest.mark.parametrize("text", [
    "yes: a", "No: a", "on: a", "OFF: a", "null: a", "Null: a", "1: a", "-a: a", "a b: c",
    "a : b", "a:b", "a:\tb", " a: b", "a:", "title: x\n  more", "title: x\n\tb: c",
    "x" * 129 + ": a", "\ufeff# c\ntitle: x", "title: x\n---", "title: x\n...",
])
def test_lines_pyyaml_may_read_otherwise_are_left_to_it(text):
    assert read_plain(text) is None


def test_a_duplicate_key_keeps_its_first_place_and_its_last_value_and_line():
    assert read_plain("title: a\npoints: 2\ntitle: b") == ({"title": "b", "points": 2},
                                                           {"title": 4, "points": 3})


# Texts only PyYAML reads, errors among them: merge keys rewrite the composed pairs.
YAML = ["base: &b {x: 1}\n<<: *b\nz: 2", "a: 1\n<<: [{b: 2}, {c: 3}]\n\n<<: {d: 4}",
        "a: &x\n  - 1\nb: *x", "!!set {a, b}", "- a\n- b", "a: 'x: y'", "a: b: c", "a: [1,",
        "a: *nope", "? [a]\n: b", "a: !!python/name:os.system", "a: 1\na: 2", "--- a\n--- b",
        "a: !!int x", "a: !!binary AAA=", "a: .nan", "\x00", "a: \ufeff", ""]
yaml_text = st.lists(st.one_of(st.sampled_from(YAML), near_line, plain_line),
                     max_size=4).map("\n".join)


@settings(max_examples=1000, deadline=None)
@given(yaml_text)
def test_the_yaml_path_parses_once_to_what_two_parses_gave(text):
    lines = ["---", *text.split("\n"), "---"]
    report = Reporter("q.md")
    try:
        expected = pyyaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        assert _read_yaml(text, lines, report) is None
        assert [(d.line, d.column) for d in report.items] == [
            (mark.line + 2, mark.column + 1) if mark else (1, 1)]
        assert report.items[0].message.startswith(f"invalid front matter: {problem}")
    except Exception as exc:  # PyYAML lets some constructor errors through (`!!int x`)
        with pytest.raises(type(exc), match=re.escape(str(exc))):
            _read_yaml(text, lines, report)
    else:
        values, key_lines = _read_yaml(text, lines, report)
        assert shape((values, key_lines if isinstance(values, dict) else {})) == shape(expected)


@pytest.mark.parametrize("front, values, key_lines, messages", [
    ('title: "Quoted: yes"\nshuffle: false', {"title": "Quoted: yes", "shuffle": False},
     {"title": 2, "shuffle": 3}, []),
    ("title: Lists\ncategory: [a, b]\npoints: 1.5", {"title": "Lists", "points": 1.5},
     {"title": 2, "points": 4},
     ["invalid front matter: `category` must be a text, not ['a', 'b']"]),
])
def test_front_matter_needing_yaml_still_reads_right(front, values, key_lines, messages):
    report = Reporter("q.md")
    read = split_front_matter(["---", *front.split("\n"), "---"], report)
    assert (read.values, read.lines) == (values, key_lines)
    assert [d.message for d in report.items] == messages


PROBE = """import runpy, sys
sys.argv = ["exporter", "check", sys.argv[1]]
try:
    runpy.run_module("exporter", run_name="__main__", alter_sys=True)
except SystemExit as exit:
    assert not exit.code, exit.code
print("yaml" in sys.modules)
"""


@pytest.mark.parametrize("front, imported", [
    ("title: Week 5 (graphs)\nid: week-5\npoints: 2\ncategory: Graphs/BFS\n", "False"),
    ("title: Week 5\nshuffle: false\n", "True"),
])
def test_checking_a_plain_front_matter_does_not_import_pyyaml(tmp_path, front, imported):
    source = tmp_path / "quiz.md"
    source.write_text(f"---\n{front}---\n\n1. What is 2 + 3?\n\n(A) 4\n(B) 5\n\nAnswer: B\n")
    run = subprocess.run([sys.executable, "-c", PROBE, str(source)], capture_output=True,
                         text=True, check=True)
    assert run.stdout.splitlines()[-1] == imported, run.stdout + run.stderr
