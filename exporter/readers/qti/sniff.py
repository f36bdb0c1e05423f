"""Whether a file is QTI 2.x / 3.0, from its opening bytes (the registry's cheap sniff).

A bare item or test is known by its root element (``assessmentItem``,
``qti-assessment-item`` and the tests'); a package is a zip, which the
Canvas reader's sniff already claims by its first member, and the manifest
then sends here (:mod:`exporter.readers.manifest`).
"""
from __future__ import annotations

from exporter.readers.prolog import root_name

ROOTS = {b"assessmentItem", b"qti-assessment-item", b"assessmentTest", b"qti-assessment-test"}


def sniff(head: bytes) -> bool:
    return root_name(head) in ROOTS
