"""The registry of readers: one module per source format, like pandoc's readers.

A reader turns one open file into a list of quizzes plus diagnostics
(:class:`~exporter.diagnostics.ReadResult`): a Markdown file holds one quiz,
a Moodle export or a Canvas course may hold several. It never sees a target
(that is the writers' side) and never raises for any content; :func:`read`
adds the last guard, so one bad file never stops a bank.

A new format is one module with ``read(path, source, encoding) -> ReadResult``
(``source`` the file open for binary reading, so that a reader of a large
export can stream it rather than hold it whole; ``encoding`` the user's
``--encoding``, or None for the format's own rule) and one row below. Which reader reads a
file: ``--from`` if given; else the first reader whose ``sniff`` recognises
the file's opening bytes (so a GIFT bank saved as ``.md`` still goes to
GIFT); else the reader that claims the suffix; else Markdown, the default
for `.md`, `.txt` and anything unnamed.
"""
from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import NamedTuple

from exporter.diagnostics import ReadResult, Reporter

SNIFF_BYTES = 4096  # how much of a file sniffing looks at


class ReaderInfo(NamedTuple):
    name: str  # the --from name: "markdown"
    suffixes: tuple[str, ...]  # file names a folder contributes: ".md"
    module: str  # module holding `read(path, source: BinaryIO, encoding) -> ReadResult`
    sniffer: str | None = None  # module holding `sniff(head: bytes) -> bool`

    def sniffs(self, head: bytes) -> bool:
        """Whether the file opening with ``head`` is this format's. The sniffing module
        loads on first use: a `check` that `check` itself has seen (pipeline/findings.py)
        reads no file's head, and should load no reader."""
        return self.sniffer is not None and import_module(self.sniffer).sniff(head)


class Reading(NamedTuple):
    """How to read the files of a run: ``--from`` (a reader's name; None: by content, then
    by name) and ``--encoding`` (None: UTF-8, or what an XML file declares)."""

    format: str | None = None
    encoding: str | None = None


DEFAULT = "markdown"
READERS: dict[str, ReaderInfo] = {
    info.name: info
    for info in (
        ReaderInfo("markdown", (".md",), "exporter.readers.markdown.reader"),
        # Moodle's question-bank export; our own `*.moodle.xml` outputs are skipped by name
        ReaderInfo("moodle", (".xml",), "exporter.readers.moodle.reader",
                   "exporter.readers.moodle.prolog"),
        # before GIFT, whose sniff reads text: Canvas's quiz and course exports (a zip whose manifest says which), and bare QTI 1.2
        ReaderInfo("canvas", (".zip", ".imscc", ".xml.qti"), "exporter.readers.canvas.reader",
                   "exporter.readers.canvas.sniff"),
        # QTI 2.1 / 3.0 items; their packages come through the zip row above, by manifest
        ReaderInfo("qti", (), "exporter.readers.qti.reader",
                   "exporter.readers.qti.sniff"),
        # Moodle's plain-text format, written by hand; often saved as .txt (or .md)
        ReaderInfo("gift", (".gift", ".gift.txt"), "exporter.readers.gift.reader",
                   "exporter.readers.gift.sniff"),
        # gpoore's text2qti, usually saved as .txt; by content only (`--from text2qti` forces)
        ReaderInfo("text2qti", (), "exporter.readers.text2qti.reader",
                   "exporter.readers.text2qti.sniff"),
    )
}


def reader_for(path: Path, head: bytes, forced: str | None = None) -> ReaderInfo:
    """The reader of a file, from ``--from``, its opening bytes or its name."""
    if forced:
        return READERS[forced]
    for info in READERS.values():
        if info.sniffs(head):
            return info
    suffix = path.name.lower()
    for info in READERS.values():
        if suffix.endswith(info.suffixes):
            return info
    return READERS[DEFAULT]


def claims(path: Path) -> bool:
    """Whether a file found in a folder is a quiz source: a registered suffix, or
    content that a reader's sniff recognises."""
    name = path.name.lower()
    if any(name.endswith(info.suffixes) for info in READERS.values()):
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    return any(info.sniffs(head) for info in READERS.values())


def read(path: Path | str, reading: Reading = Reading()) -> ReadResult:
    """Read one file with its reader; never raises: an unexpected failure becomes an
    error on that file, so a bank keeps going and every other file is reported."""
    path = Path(path)
    report = Reporter(path)
    try:
        with path.open("rb") as source:
            info = reader_for(path, source.read(SNIFF_BYTES), reading.format)
            source.seek(0)
            return import_module(info.module).read(path, source, reading.encoding)
    except OSError as exc:
        report.error(1, f"cannot read the file: {exc.strerror or exc}")
    except RecursionError:
        report.error(1, "the file nests too deeply to read (thousands of levels of lists or quotes)")
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        report.error(1, f"internal error while reading this file ({type(exc).__name__}: {exc}); "
                        "please report it with the file")
    return ReadResult(path, [], report.sorted())
