"""The QTI 2.1 / 3.0 reader: items and content packages from any QTI platform.

``reader.read`` is what the registry calls; ``sniff.sniff`` recognises an
item or test from its root element. ``names`` brings QTI 3.0's spelling to
2.1's, so that ``items`` (one question per item) and ``body`` (the item's
HTML as our Markdown, math as TeX) read both; ``package`` reads a content
package's items in its test's order.
"""
