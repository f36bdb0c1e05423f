"""The Canvas reader's entry point: a Canvas export (zip) or a bare QTI 1.2 file in.

Canvas is retiring Classic Quizzes, and its exports are how teachers get
their quizzes out. A zip is opened safely (:mod:`exporter.readers.package`)
and dispatched by its manifest (:mod:`exporter.readers.manifest`); a bare
``questestinterop`` file (a course export's ``non_cc_assessments/ID.xml.qti``,
or an assessment file on its own) is read directly. Never raises for any
content: an item that cannot be read is an error or a warning at its line,
in the member that holds it (``export.zip/ID/ID.xml:12:1``).
"""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from exporter.diagnostics import ReadResult, Reporter
from exporter.model import Quiz
from exporter.readers.canvas.export import WHICH, Export
from exporter.readers.manifest import (CANVAS_ASSESSMENT, CANVAS_COURSE, Manifest,
                                       read_zip_or_file)
from exporter.readers.package import Package, member_report
from exporter.readers.safexml import parse


def read(path: Path, source: BinaryIO, encoding: str | None = None) -> ReadResult:
    """Read one Canvas export or QTI 1.2 file; never raises for any content."""
    return read_zip_or_file(path, source, encoding, _read_file, "no quiz found: a Canvas "
                            "export holds assessments or question banks")


def _read_file(path: Path, data: bytes, report: Reporter, encoding: str | None) -> list[Quiz]:
    root = parse(data, WHICH, report, encoding)
    if root is None:
        return []
    export = Export(path, None, report)
    if root.tag.rpartition("}")[2] != "questestinterop":
        report.error(root.sourceline or 1, f"not a Canvas QTI file: the root element is "
                                           f"<{root.tag.rpartition('}')[2]}>, not "
                                           "<questestinterop>")
        return []
    return export.read([(root, report)])


def read_package(path: Path, package: Package, manifest: Manifest | None, report: Reporter,
                 encoding: str | None) -> list[Quiz]:
    """The quizzes and banks of a Canvas package (quiz export or course export)."""
    export = Export(path, package, report)
    files = []
    for member in _assessment_files(package, manifest):
        inner = member_report(report, member)
        root = package.xml(member, WHICH, inner, encoding)
        if root is not None:
            files.append((root, inner))
    return export.read(files)


def _assessment_files(package: Package, manifest: Manifest | None) -> list[str]:
    """A course export's ``non_cc_assessments/*.xml.qti`` (never the CC copies), else the
    quiz export's ``imsqti_xmlv1p2`` resources, in the manifest's order."""
    course = sorted(name for name in package.members
                    if name.startswith(CANVAS_COURSE) and name.endswith(".qti"))
    if course:
        listed = [f for r in (manifest.resources if manifest else []) for f in r.files
                  if f in course]
        return list(dict.fromkeys(listed + course))
    return [f for r in (manifest.resources if manifest else []) if r.type == CANVAS_ASSESSMENT
            for f in r.files if f in package.members and not f.endswith("assessment_meta.xml")]
