"""Deterministic zip packages: same entries in, byte-identical zip out."""
from __future__ import annotations

import io
import zipfile
from typing import Iterable

# Zip timestamps cannot predate 1980; any fixed value makes rebuilds identical.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def zip_bytes(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of ``(name, data)`` entries, in the given order, with fixed metadata."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever system builds it
            archive.writestr(info, data)
    return buffer.getvalue()
