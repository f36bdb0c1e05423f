"""QTI 3.0's names in QTI 2.1's spelling, and no namespaces, so one reader reads both.

QTI 3.0 renamed every element and attribute the same way (``qti-choice-
interaction`` for ``choiceInteraction``, ``response-identifier`` for
``responseIdentifier``); the meaning did not change. MathML keeps its
namespace (``{http://www.w3.org/1998/Math/MathML}math``): its elements are
copied through to the text as they are, or read for their TeX annotation.
"""
from __future__ import annotations

from lxml import etree

MATHML = "http://www.w3.org/1998/Math/MathML"


def camel(name: str) -> str:
    """``qti-choice-interaction`` -> ``choiceInteraction``; ``max-choices`` -> ``maxChoices``."""
    head, *rest = name.removeprefix("qti-").split("-")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def normalise(root: etree._Element) -> etree._Element:
    """The tree in QTI 2.1's names, namespaces dropped (MathML's kept)."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        qname = etree.QName(element)
        if qname.namespace == MATHML:
            continue
        version3 = qname.localname.startswith("qti-")
        element.tag = camel(qname.localname) if version3 else qname.localname
        if version3:
            for name in [n for n in element.attrib if "-" in n and not n.startswith("data-")]:
                element.set(camel(name), element.attrib.pop(name))
    return root
