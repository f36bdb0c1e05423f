"""A QTI content package as one quiz: its items in its test's order, its pools kept.

The manifest lists item resources (``imsqti_item_xmlv2p1``, ``v2p2``,
``v3p0``) and, usually, one test (``imsqti_test_xmlv...``). The test's
``assessmentItemRef``s give the order; an ``assessmentSection`` with a
``selection select="N"`` is a pool that draws N of its items (a section of
the model with ``pick``). Items the test does not name follow, in the
manifest's order. The quiz takes the test's title.
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from exporter.diagnostics import Reporter
from exporter.ids import slug
from exporter.readers.markdown.syntax import QUESTION_ID
from exporter.model import Question, Quiz, Section
from exporter.readers.manifest import Manifest
from exporter.readers.moodle.files import QuizFiles
from exporter.readers.package import Package, member_report
from exporter.readers.qti.body import Body
from exporter.readers.qti.items import ItemReader
from exporter.readers.qti.names import normalise

WHICH = "QTI packages"
_ITEM = re.compile(r"^imsqti_item_xmlv(2p1|2p2|3p0)")
_TEST = re.compile(r"^imsqti_test_xmlv(2p1|2p2|3p0)")


def read_package(path: Path, package: Package, manifest: Manifest, report: Reporter,
                 encoding: str | None) -> list[Quiz]:
    """The package's items as one quiz."""
    items = [r.files[0] for r in manifest.resources if _ITEM.match(r.type) and r.files]
    tests = [r.files[0] for r in manifest.resources if _TEST.match(r.type) and r.files]
    quiz = Quiz(title=path.name.split(".")[0], id=slug(path.name.split(".")[0]), path=path)
    order: list[tuple[str, Section | None]] = []
    if tests:
        order = _test_order(package, tests[0], report, quiz, encoding)
    named = {member for member, _ in order}
    order += [(member, None) for member in items if member not in named]
    files = QuizFiles(quiz.assets)
    for member, section in order:
        if member not in package.members:
            report.error(1, f"the package names `{member}`, which it does not hold")
            continue
        inner = member_report(report, member)
        root = package.xml(member, WHICH, inner, encoding)
        if root is None:
            continue
        question = read_item(normalise(root), Body(package, member, files), inner)
        if question is not None:
            question.section = section
            quiz.questions.append(question)
    return [quiz] if quiz.questions else []


def read_item(root: etree._Element, body: Body, report: Reporter) -> Question | None:
    if root.tag != "assessmentItem":
        report.error(root.sourceline or 1, f"not a QTI item: the root element is <{root.tag}>")
        return None
    return ItemReader(root, body, report).question()


def _test_order(package: Package, member: str, report: Reporter, quiz: Quiz,
                encoding: str | None) -> list[tuple[str, Section | None]]:
    inner = member_report(report, member)
    root = package.xml(member, WHICH, inner, encoding)
    if root is None:
        return []
    root = normalise(root)
    if root.get("title", "").strip():
        quiz.title = root.get("title").strip()
        quiz.id = slug(quiz.title)
    order = []
    pools: dict[etree._Element, Section | None] = {}  # one pool per drawing section
    for ref in root.iter("assessmentItemRef"):
        href = package.resolve(member, ref.get("href", ""))
        if href is None:
            inner.error(ref.sourceline or 1, f"the test points outside the package: "
                                             f"`{ref.get('href', '')}` is refused")
            continue
        order.append((href, _pool(ref, pools)))
    return order


def _pool(ref: etree._Element, pools: dict[etree._Element, Section | None]) -> Section | None:
    """The nearest enclosing section that draws some of its items, as a model pool (one for
    all its items, kept in ``pools``): its identifier is the pool's id (our writers put it
    there) where it is one our Markdown can say, and it shuffles what it draws only if its
    ``ordering`` says so."""
    for section in ref.iterancestors("assessmentSection"):
        selection = section.find("selection")
        if selection is not None and (selection.get("select") or "").isdigit():
            if section not in pools:
                identifier = section.get("identifier", "")
                ordering = section.find("ordering")
                pools[section] = Section(
                    section.get("title", "") or identifier or "Pool", int(selection.get("select")),
                    id=identifier if QUESTION_ID.match(identifier) else "",
                    shuffle=ordering is not None and ordering.get("shuffle") == "true",
                    line=section.sourceline or 0)
            return pools[section]
    return None
