"""Steps shared by the commands: reading a file so that nothing escapes as a traceback."""
from __future__ import annotations

from pathlib import Path

from exporter.diagnostics import Reporter
from exporter.reader import SourceResult, read_file


def read_safely(path: Path) -> SourceResult:
    """Read one quiz; an unexpected failure becomes an error on that file, not a crash.

    A bank keeps going: the other files are still read and reported.
    """
    try:
        return read_file(path)
    except RecursionError:
        report = Reporter(path)
        report.error(1, "the file nests too deeply to read (thousands of levels of lists or quotes)")
        return SourceResult(path, None, report.sorted())
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        report = Reporter(path)
        report.error(1, f"internal error while reading this file ({type(exc).__name__}: {exc}); "
                        "please report it with the file")
        return SourceResult(path, None, report.sorted())
