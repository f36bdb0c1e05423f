"""TeX to MathML that reads as the formula was written, for QTI items and the preview.

latex2mathml gives the structure; three things it leaves out are added here,
on the parsed tree:

- the function application operator (U+2061) after a function name (`\\log`,
  `\\sin`, `\\exp`, `\\operatorname{softmax}`, `\\max_x`), so that a screen
  reader says "log of n", and TeX's thin spaces around the name, so that
  ``n \\log n`` shows as n log n, not "nlogn"; an `\\operatorname` becomes an
  identifier, as `\\log` is, not an operator spaced like `+`;
- limits under and over `\\lim`, `\\max`, `\\min` ... in display math, as TeX
  sets them (a sum's limits latex2mathml already places);
- the TeX source itself, as ``<semantics>`` with an ``application/x-tex``
  annotation: a browser shows only the first child of ``semantics``, while
  screen readers and any later import read the exact formula.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

from lxml import etree

from exporter.render import cache

MATHML = "http://www.w3.org/1998/Math/MathML"
TEX_ENCODING = "application/x-tex"
FUNCTION_APPLICATION = "\u2061"
_M = f"{{{MATHML}}}"
# TeX's named functions (\log and its kin); latex2mathml leaves a few as "\arg"
_TEX_FUNCTIONS = frozenset(
    "arccos arcsin arctan arg cos cosh cot coth csc deg det dim exp gcd hom inf ker lg lim "
    "liminf limsup ln log max min Pr sec sin sinh sup tan tanh".split())
# those TeX sets with limits under them in display math
_LIMITS = frozenset("det gcd inf lim liminf limsup max min Pr sup".split())
_NAME = re.compile(r"\\?([A-Za-z]{2,}(?:\u2009[A-Za-z]+)*)\Z")  # `arg max` is one name
# the space commands inside an `\operatorname{...}`, which latex2mathml spells out letter
# by letter (`\operatorname{arg\,max}`): a thin space there keeps the name one operator
_OPERATOR_NAME = re.compile(r"(\\operatorname\*?\{)([^{}]*)\}")
_SPACE_COMMAND = re.compile(r"\\[,:; ]")
_SCRIPTS = {f"{_M}msub": f"{_M}munder", f"{_M}msubsup": f"{_M}munderover",
            f"{_M}msup": f"{_M}mover", f"{_M}munder": None, f"{_M}munderover": None,
            f"{_M}mover": None}
_OPENING = frozenset("([{|\u2016\u27e8\u2308\u230a")  # what may open a function's argument
_THIN = "0.1667em"  # TeX's thin space, between a function name and an ordinary neighbour
_BARE_AMPERSAND = re.compile(r"&(?!#?\w+;)")


def mathml(tex: str, display: bool) -> str:
    """``tex`` as a ``<math>`` element, or the TeX itself, escaped, where it cannot be read."""
    converted = _mathml(tex, display)
    cache.keep(("mathml", tex, display), converted)  # used by this build, whoever made it
    return converted


@lru_cache(maxsize=16384)
def _mathml(tex: str, display: bool) -> str:
    kept = cache.recall(("mathml", tex, display))
    return kept if kept is not None else _convert(tex, display)


def _convert(tex: str, display: bool) -> str:
    # imported on first use: a Moodle or Canvas build never needs it, and it is slow to load
    import latex2mathml.converter

    try:
        converted = latex2mathml.converter.convert(_spaced_operators(tex),
                                                   display="block" if display else "inline")
        math = etree.fromstring(_BARE_AMPERSAND.sub("&amp;", converted))  # it leaves `&` bare
    except Exception:  # latex2mathml raises many types; show the TeX rather than fail a build
        return html.escape(f"\\[{tex}\\]" if display else f"\\({tex}\\)", quote=False)
    for tilde in [element for element in math.iter(f"{_M}mi") if element.text == "~"]:
        tilde.tag, tilde.text = f"{_M}mo", "\u223c"  # \sim, which latex2mathml writes as "~"
    for name in [element for element in math.iter(f"{_M}mi", f"{_M}mo") if _function(element)]:
        _apply(name, display)
    _annotate(math, tex)
    return etree.tostring(math, encoding="unicode")


def _spaced_operators(tex: str) -> str:
    """``tex`` with the spaces inside each `\\operatorname` written as thin-space characters
    (`\\!`, a negative space, dropped); the annotation keeps the TeX as written."""
    return _OPERATOR_NAME.sub(lambda match: match.group(1) + _SPACE_COMMAND.sub(
        "\u2009", match.group(2)).replace("\\!", "") + "}", tex)


def _function(element: etree._Element) -> bool:
    """Whether ``element`` names a function: a TeX one, or an `\\operatorname` (an ``mo``)."""
    match = _NAME.match(element.text or "")
    if not match or len(element):
        return False
    name = match.group(1)
    if match.group(0).startswith("\\") and name not in _TEX_FUNCTIONS:
        return False  # an unknown command latex2mathml kept as text: not ours to judge
    return name in _TEX_FUNCTIONS or element.tag == f"{_M}mo"


def _apply(name: etree._Element, display: bool) -> None:
    """Make ``name`` an upright function name applied to what follows it, spaced as TeX
    spaces it: a thin space on each side, none before a bracket (``n log n``, ``log(x)``).

    The application operator alone does not space anything: MathML gives it no width, so
    Chromium still draws "nlogn"; the spaces are written out.
    """
    word = _NAME.match(name.text).group(1)
    limits = word in _LIMITS or name.get("movablelimits") == "true"  # `\operatorname*` too
    name.tag, name.text = f"{_M}mi", word  # an identifier, as `\log`: not spaced like `+`
    name.attrib.pop("movablelimits", None)
    applied = name
    parent = name.getparent()
    if parent is not None and parent.tag in _SCRIPTS and parent[0] is name:
        applied = parent  # `\log_2 n`, `\sin^2 x`, `\max_x f`: the function with its scripts
        if display and limits and _SCRIPTS[parent.tag]:
            parent.tag = _SCRIPTS[parent.tag]
    following = applied.getnext()
    if following is None or (following.tag == f"{_M}mo" and following.text not in _OPENING):
        return  # nothing it applies to: `\log = ...`, the formula's end, a closing bracket
    before = applied.getprevious()
    if before is not None and before.tag != f"{_M}mo":
        applied.addprevious(etree.Element(f"{_M}mspace", width=_THIN))
    application = etree.Element(f"{_M}mo")
    application.text = FUNCTION_APPLICATION
    if following.tag != f"{_M}mo":
        application.set("rspace", _THIN)
    applied.addnext(application)


def _annotate(math: etree._Element, tex: str) -> None:
    """Wrap the presentation in ``<semantics>`` with the TeX as its annotation."""
    children = list(math)
    if len(children) == 1:
        (presentation,) = children
    else:
        presentation = etree.Element(f"{_M}mrow")
        presentation.extend(children)
    semantics = etree.SubElement(math, f"{_M}semantics")
    semantics.append(presentation)
    annotation = etree.SubElement(semantics, f"{_M}annotation", encoding=TEX_ENCODING)
    annotation.text = tex
