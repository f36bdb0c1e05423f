"""Whether a file is a Canvas export, from its opening bytes (the registry's cheap sniff).

A zip's opening bytes hold its first member's local header, so its first
name is known without opening the zip: Canvas's quiz export and our own
Canvas packages start with ``imsmanifest.xml`` (as every IMS package may),
Canvas's own zips often with the quiz's folder (``g`` or ``i`` and 32 hex
digits), a course export with ``course_settings/``, ``non_cc_assessments/``
or ``web_resources/``. Any of those claims the zip; the reader then reads
its manifest and says what it is if it holds no quiz. A bare QTI 1.2 file
(a course export's ``non_cc_assessments/*.xml.qti``) is claimed by its root,
``questestinterop``.
"""
from __future__ import annotations

import re

from exporter.readers.prolog import first_name, root_name

_CANVAS_FIRST = re.compile(r"^(?:imsmanifest\.xml$|[gi][0-9a-f]{32}/|course_settings/|"
                           r"non_cc_assessments/|web_resources/)")


def sniff(head: bytes) -> bool:
    name = first_name(head)
    if name is not None:
        return bool(_CANVAS_FIRST.match(name))
    return root_name(head) == b"questestinterop"
