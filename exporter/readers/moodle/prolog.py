"""Whether a file is a Moodle XML export, from its opening bytes alone.

The registry's cheap ``sniff`` must not load lxml, so the root element is
found past the prolog (:mod:`exporter.readers.prolog`) with a regular
expression.
"""
from __future__ import annotations

import re

from exporter.readers.prolog import DOCTYPE, skip_prolog

_QUIZ = re.compile(rb"<quiz[\s>/]")


def sniff(head: bytes) -> bool:
    """Whether the opening bytes are a Moodle XML export: a ``<quiz`` root (a DTD
    naming ``quiz`` counts too, so that the reader can refuse it with a reason)."""
    pos = skip_prolog(head)
    if _QUIZ.match(head, pos):
        return True
    doctype = DOCTYPE.match(head, pos)
    return bool(doctype and doctype.group(1) == b"quiz")
