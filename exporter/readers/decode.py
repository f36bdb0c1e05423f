"""Bytes to text: the first gate every source passes, so later stages see clean lines.

Course staff hand over files from PDFs and word processors; a bad byte must
be pointed at (line and column), never turned into a traceback or silently
into U+FFFD.
"""
from __future__ import annotations

import re

from exporter.diagnostics import Reporter

BOM = "\ufeff"
# Characters XML 1.0 cannot hold (everything below U+0020 but tab, LF, CR).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based, in characters) of a byte offset."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def decode_source(data: bytes, report: Reporter, kind: str = "Markdown quiz",
                  needs: str = "at least one numbered question",
                  encoding: str | None = None) -> str | None:
    """The text of a source, LF line ends, no BOM; None when it cannot be read.

    A leading BOM and CRLF or CR line ends are accepted silently. NUL bytes
    mean a binary file; invalid UTF-8 is reported at its first bad byte.
    Every text format's reader starts here (``kind`` names its format in the
    messages, ``needs`` what an empty file lacks). ``encoding``: the user's
    `--encoding` for a file that is not UTF-8 (a cp1252 bank from Windows).
    """
    if not data.strip():
        report.error(1, f"the file is empty: a quiz needs {needs}")
        return None
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _position(data, nul)
        report.error(line, f"the file holds NUL bytes: it looks binary, not a {kind}", column)
        return None
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        if encoding:
            report.error(line, f"the file is not valid {encoding}: byte 0x{data[exc.start]:02x} "
                               "cannot be decoded", column)
        else:
            report.error(line, f"the file is not valid UTF-8: byte 0x{data[exc.start]:02x} cannot "
                               "be decoded (save the file as UTF-8, or name its encoding: "
                               "--encoding cp1252)", column)
        return None
    if text.startswith(BOM):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        bom = line.find(BOM)
        if bom >= 0:
            report.error(number, "a byte-order mark (U+FEFF) stands in the middle of the file: "
                                 "two files were probably pasted together; delete it", bom + 1)
        for bad in _XML_FORBIDDEN.finditer(line):
            report.warning(number, f"control character U+{ord(bad.group()):04X} removed: "
                                   "XML cannot carry it", bad.start() + 1)
    return _XML_FORBIDDEN.sub("", text.replace(BOM, ""))
