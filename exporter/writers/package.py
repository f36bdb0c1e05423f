"""Deterministic zip packages: same entries in, byte-identical zip out."""
from __future__ import annotations

import io
import zipfile
from typing import BinaryIO, Callable, Iterable

# Zip timestamps cannot predate 1980; any fixed value makes rebuilds identical.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)

# An entry's data: its bytes, or a function writing them to the stream it is given
Data = bytes | Callable[[BinaryIO], None]

# What a streamed entry gathers before it is compressed: lxml hands its writes over in
# pieces of 4 KB, and zlib's state (256 KB) and the writer's working set evicted each other
# from the core's cache when they took turns at each piece
_CHUNK = 1 << 18


def zip_bytes(entries: Iterable[tuple[str, Data]]) -> bytes:
    """A zip of ``(name, data)`` entries, in the given order, with fixed metadata.

    Data written to a stream is compressed as it comes, into the same bytes: deflate's
    output does not depend on how its input is cut, and an entry's header is completed
    once its data is in, whichever way it came.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever system builds it
            if isinstance(data, bytes):
                archive.writestr(info, data)
            else:
                with archive.open(info, "w") as stream, \
                        io.BufferedWriter(stream, _CHUNK) as gathered:  # type: ignore[arg-type]
                    data(gathered)
    return buffer.getvalue()
