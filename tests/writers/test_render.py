"""The shared renderer: what every target's HTML holds, checked on the HTML itself."""
import re
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from exporter.model import Attachment, EssayAnswer, Question, QuestionType, Quiz
from exporter.render.renderer import Renderer, sanitise, simple_paragraph

FIXTURES = Path(__file__).parents[1] / "fixtures"
MATHML = "{http://www.w3.org/1998/Math/MathML}math"


def quiz(language=None, path=FIXTURES / "all-types.md") -> Quiz:
    """A quiz whose reader found the file `images/dot.png` (the renderer reads no disk)."""
    dot = Attachment("dot.png", (FIXTURES / "images" / "dot.png").read_bytes())
    return Quiz(title="T", id="t", path=path, language=language, assets={"images/dot.png": dot})


def question(language=None) -> Question:
    return Question(type=QuestionType.ESSAY, stem="", answer=EssayAnswer(), line=1, language=language)


def parse_xhtml(fragment: str) -> etree._Element:
    return etree.fromstring(f"<div>{fragment}</div>")


@pytest.mark.parametrize("target", ["moodle", "canvas"])
def test_math_is_protected_from_markdown_and_written_for_mathjax(target):
    out = Renderer(quiz(), target).html("Is $a_1 * b_2$ equal to $$x_{i}^{2}$$? It costs \\$5.")
    assert "\\(a_1 * b_2\\)" in out
    assert "\\[x_{i}^{2}\\]" in out
    assert "<em>" not in out
    assert "costs $5." in out


@pytest.mark.parametrize("target", ["qti21", "qti30", "preview"])
def test_math_becomes_mathml_for_targets_without_mathjax(target):
    out = Renderer(quiz(), target).html("Is $a_1 * b_2$ small?\n\n$$\\frac{a}{b}$$")
    root = parse_xhtml(out)
    maths = root.findall(f".//{MATHML}")
    assert [m.get("display") for m in maths] == ["inline", "block"]
    assert maths[0].find(".//{http://www.w3.org/1998/Math/MathML}msub") is not None
    assert "$" not in "".join(root.itertext())


def test_dollar_inside_code_is_not_math():
    out = Renderer(quiz(), "moodle").html("Run `echo $HOME $PATH` now.")
    assert "<code>echo $HOME $PATH</code>" in out
    assert "\\(" not in out


def test_code_is_highlighted_with_inline_styles_and_keeps_its_text():
    source = "Look:\n\n```python\nif a < b and c & d:\n    print(']]>')\n```\n"
    out = Renderer(quiz(), "qti21").html(source)
    pre = parse_xhtml(out).find("pre")
    assert "".join(pre.itertext()) == "if a < b and c & d:\n    print(']]>')"
    assert 'class="' not in out
    assert 'style="color' in out


def language_of_keyword(out: str) -> bool:
    """True when `def` was highlighted as a Python keyword."""
    return '<span style="color: #008000; font-weight: bold">def</span>' in out


def test_code_language_comes_from_fence_then_question_then_quiz():
    plain_fence = "```\ndef f(): pass\n```"
    assert not language_of_keyword(Renderer(quiz(), "moodle").html(plain_fence))
    assert language_of_keyword(Renderer(quiz(language="python"), "moodle").html(plain_fence))
    assert language_of_keyword(Renderer(quiz(), "moodle").html(plain_fence, question("python")))
    assert not language_of_keyword(
        Renderer(quiz(language="python"), "moodle").html("```text\ndef f(): pass\n```", question("python")))


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>ok",
    "<img src=x onerror=alert(1)>ok",
    "[ok](javascript:alert(1))",
    "<iframe src='http://evil'></iframe>ok",
    "<style>body{display:none}</style>ok",
    "<object data='x'></object><embed src='y'>ok",
])
def test_unsafe_html_is_removed(hostile):
    out = Renderer(quiz(), "moodle").html(hostile).lower()
    for forbidden in ("<script", "onerror", "javascript:", "<iframe", "<style", "<object", "<embed"):
        assert forbidden not in out
    assert "ok" in out


@pytest.mark.parametrize("target, reference", [
    ("moodle", "@@PLUGINFILE@@/dot.png"),
    ("canvas", "$IMS-CC-FILEBASE$/Uploaded%20Media/dot.png"),
    ("qti21", "images/dot.png"),
])
def test_images_are_referenced_per_target_and_collected_once(target, reference):
    renderer = Renderer(quiz(), target)
    first = renderer.html("![a dot](images/dot.png)")
    second = renderer.html("Again: ![the dot](images/dot.png)")
    assert f'src="{reference}"' in first
    assert [a.name for a in renderer.assets] == ["dot.png"]
    assert renderer.assets[0].media_type == "image/png"
    assert renderer.assets[0].data == (FIXTURES / "images" / "dot.png").read_bytes()
    assert [a.name for a in renderer.assets_in(second)] == ["dot.png"]
    assert renderer.assets_in("<p>no image</p>") == []


def test_preview_embeds_images_as_data_uris():
    out = Renderer(quiz(), "preview").html("![a dot](images/dot.png)")
    assert 'src="data:image/png;base64,iVBOR' in out


def test_qti_fragments_are_well_formed_xhtml():
    out = Renderer(quiz(), "qti30").html("a<br>b&nbsp;c\n\n---\n\n![dot](images/dot.png)\n\n| x | y |\n|---|---|\n| 1 | 2 |")
    root = parse_xhtml(out)
    assert root.find(".//img").get("src") == "images/dot.png"
    assert root.find(".//table/tbody/tr/td").text == "1"


def test_inline_unwraps_a_lone_paragraph_only():
    renderer = Renderer(quiz(), "moodle")
    assert renderer.inline("**yes**") == "<strong>yes</strong>"
    assert renderer.inline("one\n\ntwo").startswith("<p>one</p>")
    assert renderer.inline("> quoted") == "<blockquote>\n<p>quoted</p>\n</blockquote>"


# what inline() unwraps, as the pattern it once used said it
_LONE_PARAGRAPH = re.compile(r"\A<p>((?:(?!<p[ >]).)*)</p>\Z", re.DOTALL)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<p ", "<p", ">", "<", "p", "x", "\n", "<pre>",
                                 '<p class="a">', "/"]), max_size=10).map("".join))
def test_inline_unwraps_exactly_what_the_lone_paragraph_pattern_matches(fragment):
    renderer = Renderer(quiz(), "moodle")
    match = _LONE_PARAGRAPH.match(fragment)
    renderer.html = lambda text, question=None: fragment  # the fragment as if rendered
    assert renderer.inline("anything") == (match.group(1) if match else fragment)


def test_plain_text_for_names_keeps_math_and_collapses_whitespace():
    renderer = Renderer(quiz(), "moodle")
    assert renderer.plain("What is **$x^2$** when\n`x = 3`?") == "What is x^2 when x = 3?"


def test_cloze_blank_markers_survive_rendering():
    from exporter.model import blank_marker, split_blanks
    out = Renderer(quiz(), "qti21").html(f"A *VAE* has an {blank_marker(0)} and a {blank_marker(1)}.")
    assert [p for p in split_blanks(out) if isinstance(p, int)] == [0, 1]


def test_mathml_with_an_ampersand_stays_well_formed():
    out = Renderer(quiz(), "qti21").html("Is $a < b & c$ true?")
    operators = [m.text for m in parse_xhtml(out).iter("{http://www.w3.org/1998/Math/MathML}mi")]
    assert operators == ["a", "b", "&", "c"]


def test_a_text_too_deep_to_render_does_not_spoil_the_texts_after_it():
    renderer = Renderer(quiz(), "moodle")
    with pytest.raises(RecursionError):
        renderer.html("".join("  " * i + "- level\n" for i in range(600)))
    assert renderer.html("- item\n\nAfter **it**.") == (
        "<ul>\n<li>item</li>\n</ul>\n<p>After <strong>it</strong>.</p>")


@given(st.lists(st.one_of(st.sampled_from(["What is ", "a", " ", "x = 3", "?", "(1, 2)", ".", "é",
                                           "1. ", "- ", "# ", "\t", "\u00a0"]),
                          st.text(alphabet="ab <>&*_[]()\\|!~=+-#.1\t\u00a0", min_size=1, max_size=6)
                          .map(lambda code: f"`{code}`")), max_size=8))
@settings(max_examples=300, deadline=None)
def test_the_shortcut_for_simple_paragraphs_writes_what_the_markdown_engine_writes(pieces):
    text = "".join(pieces).rstrip()
    shortcut = simple_paragraph(text)
    if shortcut is not None:
        engine = markdown.markdown(text)
        assert shortcut == sanitise(engine), (text, engine)
