"""An HTML fragment's nodes put into an lxml element.

A fragment (the renderer's HTML, a package's HTML text) is a run of text and
elements, not one element: lxml parses it into a list whose strings must
become the text or tail of the element they follow. The preview places the
renderer's output in its page so; the Canvas reader holds a text so while it
replaces the equation images.
"""
from __future__ import annotations

import lxml.html
from lxml import etree


def append_html(parent: etree._Element, fragment: str) -> None:
    """Append ``fragment``'s elements to ``parent``, and its loose text where it stands."""
    for node in lxml.html.fragments_fromstring(fragment):
        if isinstance(node, str):
            if len(parent):
                parent[-1].tail = (parent[-1].tail or "") + node
            else:
                parent.text = (parent.text or "") + node
        else:
            parent.append(node)
