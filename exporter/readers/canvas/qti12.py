"""The parts of Canvas's QTI 1.2 that every question type reads the same way.

Canvas writes its items in one fixed dialect (``reference/canvas/``; our own
Canvas writer, ``exporter/writers/canvas/items.py``, follows it): metadata
fields, HTML escaped in ``mattext``, ``response_lid`` / ``response_str``
with ``response_label``s whose idents are arbitrary numbers, and
``resprocessing`` conditions that test those idents and set or add to
``SCORE``. This module reads those pieces into plain values; each type's
meaning is in :mod:`exporter.readers.canvas.items`. Namespaces are dropped
once per file (:func:`local_names`), as Canvas's importers ignore them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from exporter.numbers import parse_number

# feedback every item may name; the per-answer ones are `<ident>_fb`
GENERAL_FEEDBACK = "general_fb"
COMBINED_FEEDBACK = ("correct_fb", "general_incorrect_fb")


def local_names(root: etree._Element) -> etree._Element:
    """The tree with every element under its local name (``item``, not ``{ns}item``)."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = etree.QName(element).localname
    return root


def line(element: etree._Element | None, fallback: int = 1) -> int:
    return element.sourceline if element is not None and element.sourceline else fallback


def metadata(element: etree._Element) -> dict[str, str]:
    """The ``qtimetadatafield``s of an item or bank: label -> entry, the first of each label in
    document order (a bank's own fields come before its items')."""
    fields = {}
    for found in element.iterfind(".//qtimetadatafield"):
        label = (found.findtext("fieldlabel") or "").strip()
        if label and label not in fields:
            fields[label] = (found.findtext("fieldentry") or "").strip()
    return fields


@dataclass
class Text:
    """One ``mattext``: its text, and whether it is HTML (else plain text)."""

    text: str
    html: bool


def material_text(parent: etree._Element | None) -> Text:
    """The text of the ``material`` directly under ``parent`` (or of ``parent`` itself when it
    is a ``material`` or ``flow_mat``)."""
    if parent is None:
        return Text("", False)
    mattext = parent.find("mattext") if parent.tag == "material" else parent.find(".//mattext")
    if mattext is None:
        return Text("", False)
    kind = (mattext.get("texttype") or "text/plain").strip().lower()
    return Text(mattext.text or "", kind == "text/html")


@dataclass
class Label:
    ident: str
    text: Text
    line: int


@dataclass
class Response:
    """A ``response_lid`` or ``response_str``: its own prompt (a matching left side, a blank's
    name) and its labels, in the order written."""

    ident: str
    prompt: Text
    labels: list[Label]
    element: etree._Element


def responses(presentation: etree._Element | None) -> list[Response]:
    found = []
    if presentation is None:
        return found
    for element in presentation.iter("response_lid", "response_str"):
        labels = [Label(label.get("ident", ""), material_text(label.find("material")),
                        line(label)) for label in element.iter("response_label")]
        found.append(Response(element.get("ident", ""), material_text(element.find("material")),
                              labels, element))
    return found


@dataclass(frozen=True)
class Test:
    """One ``varequal`` (``vargte``, ...) test on a response, and whether a ``not`` holds it."""

    kind: str  # "varequal", "vargte", "vargt", "varlte", "varlt"
    respident: str
    value: str
    negated: bool


@dataclass
class Condition:
    tests: list[Test]
    action: str | None  # "Set", "Add" (SCORE), or None when the condition scores nothing
    score: float
    feedback: list[str] = field(default_factory=list)  # linkrefids
    line: int = 1

    def positive(self, kind: str = "varequal") -> list[Test]:
        return [t for t in self.tests if t.kind == kind and not t.negated]


def conditions(item: etree._Element) -> list[Condition]:
    found = []
    for condition in item.iterfind("resprocessing/respcondition"):
        tests: list[Test] = []
        _collect(condition.find("conditionvar"), False, tests)
        action, score = None, 0.0
        for setvar in condition.iterfind("setvar"):
            if (setvar.get("varname") or "SCORE") == "SCORE":
                action = (setvar.get("action") or "Set").strip()
                score = parse_number(setvar.text) or 0.0
        feedback = [d.get("linkrefid", "") for d in condition.iterfind("displayfeedback")]
        found.append(Condition(tests, action, score, feedback, line(condition)))
    return found


def _collect(element: etree._Element | None, negated: bool, into: list[Test]) -> None:
    if element is None:
        return
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "not":
            _collect(child, not negated, into)
        elif child.tag in ("and", "or"):
            _collect(child, negated, into)
        elif child.tag.startswith("var"):
            into.append(Test(child.tag, child.get("respident", ""), (child.text or "").strip(),
                             negated))


def feedback_texts(item: etree._Element) -> dict[str, tuple[Text, int]]:
    """Each ``itemfeedback`` by its ident: (text, line)."""
    return {element.get("ident", ""): (material_text(element), line(element))
            for element in item.iterfind("itemfeedback")}
