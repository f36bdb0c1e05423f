"""A package's ``imsmanifest.xml``: what it holds, and so which reader reads it.

Canvas exports and QTI content packages are both IMS content packages, told
apart by their manifest's resource types: Canvas's quiz export lists
``imsqti_xmlv1p2`` (and a course export holds ``non_cc_assessments/``);
a QTI package lists ``imsqti_item_xmlv2p1`` (``v2p2``, ``v3p0``) items and
``imsqti_test_xmlv...`` tests. Every reference the manifest makes (a
resource's ``href``, a ``file``'s) is checked to stay inside the package,
and one that leaves it is an error at its line. A zip that is neither is an
error that says what it holds, so a stray zip in a bank is easy to find.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

from lxml import etree

from exporter.diagnostics import ReadResult, Reporter
from exporter.ids import assign_ids
from exporter.model import Quiz
from exporter.readers.package import MANIFEST, Package, Unsafe, member_report
from exporter.readers.prolog import ZIP_MAGIC

CANVAS_COURSE = "non_cc_assessments/"
CANVAS_ASSESSMENT = "imsqti_xmlv1p2"  # the resource type of a Canvas quiz export's quiz
_QTI2 = re.compile(r"^imsqti_(item|test)_xmlv(2p1|2p2|3p0)")


@dataclass
class Resource:
    type: str
    files: list[str]  # members, in the order listed: the resource's href first


@dataclass
class Manifest:
    resources: list[Resource]


def read_manifest(package: Package, report: Reporter) -> Manifest | None:
    """The manifest's resources, every reference checked (errors at their lines); None when
    the package has no manifest or it cannot be read (reported)."""
    if MANIFEST not in package.members:
        return None
    inner = member_report(report, MANIFEST)
    root = package.xml(MANIFEST, "content packages", inner)
    if root is None:
        return None
    resources = []
    for element in root.iter():
        if not isinstance(element.tag, str) or etree.QName(element).localname != "resource":
            continue
        files = []
        for holder in [element, *element]:
            if not isinstance(holder.tag, str):
                continue
            name = etree.QName(holder).localname
            href = holder.get("href")
            if href is None or name not in ("resource", "file"):
                continue
            member = package.resolve(MANIFEST, href)
            if member is None:
                inner.error(holder.sourceline or 1, f"the manifest points outside the package: "
                            f"`{href}` is refused")
            elif member not in files:
                files.append(member)
        resources.append(Resource(element.get("type", ""), files))
    return Manifest(resources)


def kind_of(package: Package, manifest: Manifest | None) -> str | None:
    """``canvas`` or ``qti`` by what the package holds, else None."""
    if any(name.startswith(CANVAS_COURSE) for name in package.members):
        return "canvas"
    if manifest is None:
        return None
    types = [resource.type for resource in manifest.resources]
    if any(kind == CANVAS_ASSESSMENT for kind in types):
        return "canvas"
    if any(_QTI2.match(kind) for kind in types):
        return "qti"
    return None


ReadFile = Callable[[Path, bytes, Reporter, "str | None"], list[Quiz]]


def read_zip_or_file(path: Path, source: BinaryIO, encoding: str | None, read_file: ReadFile,
                     nothing: str) -> ReadResult:
    """A reader of packages' entry point: a zip goes by its manifest (whichever reader the
    registry chose), any other file to ``read_file``; ``nothing``: the error when no quiz
    came of it. Every quiz gets its ids."""
    report = Reporter(path)
    is_zip = source.read(len(ZIP_MAGIC)) == ZIP_MAGIC
    source.seek(0)
    if is_zip:
        quizzes = read_zip(path, source, report, encoding)
    else:
        quizzes = read_file(path, source.read(), report, encoding)
    if not quizzes and not report.items:
        report.error(1, nothing)
    for quiz in quizzes:
        assign_ids(quiz, report)
    return ReadResult(path, quizzes, report.sorted())


def read_zip(path: Path, source: BinaryIO, report: Reporter,
             encoding: str | None) -> list[Quiz]:
    """The quizzes of a zip, by the reader its manifest calls for; errors say why not."""
    try:
        package = Package(source)
        manifest = read_manifest(package, report)
        if any(d.is_error for d in report.items):
            return []
        kind = kind_of(package, manifest)
        if kind == "canvas":
            from exporter.readers.canvas.reader import read_package  # the registry stays cheap
            return read_package(path, package, manifest, report, encoding)
        if kind == "qti" and manifest is not None:
            from exporter.readers.qti.content import read_package as read_qti
            return read_qti(path, package, manifest, report, encoding)
    except Unsafe as exc:
        report.error(1, str(exc))
        return []
    report.error(1, f"this zip is neither a Canvas export nor a QTI content package: "
                    f"{_holds(package, manifest)}")
    return []


def _holds(package: Package, manifest: Manifest | None) -> str:
    if manifest is not None:
        types = sorted({r.type for r in manifest.resources if r.type})
        return ("its manifest lists " + (", ".join(types) if types else "no resources")
                + " and no quiz (Canvas: imsqti_xmlv1p2; QTI: imsqti_item_xmlv2p1, v2p2, v3p0)")
    names = sorted(package.members)
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return f"it has no {MANIFEST} (it holds {shown or 'nothing'})"
