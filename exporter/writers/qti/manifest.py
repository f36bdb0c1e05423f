"""``imsmanifest.xml``: the content package's resources and their metadata.

The test is one resource depending on every item; each item is a resource
carrying its QTI metadata (interaction types, feedback, whether a
solution is given, the tool) and a LOM title, with its images and the
stylesheet as its files and as dependencies on shared ``webcontent``
resources, so an importer that follows dependencies finds everything an
item shows. The manifest is written resource by resource: for a bank of
thousands, the tree would take tens of MB. Each namespace is declared once, at
the root, and every element takes its prefix from there.
"""
from __future__ import annotations

from typing import BinaryIO, Callable

from lxml import etree

from exporter.model import Quiz
from exporter.render.renderer import Asset
from exporter.writers.qti.dialect import TOOL_NAME, Dialect, qti_identifier
from exporter.writers.qti.item import ItemFile
from exporter.writers.qti.layout import STYLESHEET_HREF, TEST_HREF, asset_href
from exporter.writers.qti.test import assessment_test_identifier
from exporter.writers.xml import SCHEMA_LOCATION, Indented, boolean, namespaces, qualified, written

_STYLESHEET_RESOURCE = "stylesheet"


class _Namespaces:
    """A dialect's three manifest namespaces, each a table of names: ``n.cp["file"]``."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.cp = qualified(dialect.manifest_namespace)
        self.lom = qualified(dialect.lom_namespace)
        self.qti = qualified(dialect.metadata_namespace)


def manifest(quiz: Quiz, items: list[ItemFile], assets: list[Asset], dialect: Dialect
             ) -> Callable[[BinaryIO], None]:
    """The manifest of a package holding ``items`` and the images ``assets``, written to
    the stream it is given (its zip entry: 4.6 MB of XML for 5,000 items, never held)."""
    n = _Namespaces(dialect)

    def content(out: etree._IncrementalFileWriter) -> None:
        write = Indented(out)
        attributes = {"identifier": "manifest-" + qti_identifier(quiz.id or "quiz"),
                      SCHEMA_LOCATION: dialect.manifest_schema_location}
        with write.element(n.cp["manifest"], attributes, nsmap=namespaces(
                dialect.manifest_namespace, imsmd=dialect.lom_namespace,
                imsqti=dialect.metadata_namespace)):
            with write.element(n.cp["metadata"]):
                write.leaf(n.cp["schema"], dialect.package_schema)
                write.leaf(n.cp["schemaversion"], dialect.package_schema_version)
                _lom_title(write, n, quiz.title)
            write.leaf(n.cp["organizations"])
            with write.element(n.cp["resources"]):
                _write_resources(write, n, quiz, items, assets)

    return written(content)


def _write_resources(write: Indented, n: _Namespaces, quiz: Quiz,
                     items: list[ItemFile], assets: list[Asset]) -> None:
    """The test, then each item, then the images and the stylesheet they share."""
    with write.element(n.cp["resource"], {"identifier": assessment_test_identifier(quiz),
                                          "type": n.dialect.test_type, "href": TEST_HREF}):
        write.leaf(n.cp["file"], href=TEST_HREF)
        for item in items:
            write.leaf(n.cp["dependency"], identifierref=_item_resource(item))
    image_resources = {asset.name: f"image-{number}"
                       for number, asset in enumerate(assets, start=1)}
    for item in items:
        _item_resource_element(write, n, item, image_resources)
    shared = [(image_resources[asset.name], asset_href(asset, n.dialect)) for asset in assets]
    if any(item.styled for item in items):
        shared.append((_STYLESHEET_RESOURCE, STYLESHEET_HREF))
    for identifier, href in shared:
        with write.element(n.cp["resource"],
                           {"identifier": identifier, "type": "webcontent", "href": href}):
            write.leaf(n.cp["file"], href=href)


def _item_resource_element(write: Indented, n: _Namespaces, item: ItemFile,
                           image_resources: dict[str, str]) -> None:
    with write.element(n.cp["resource"], {"identifier": _item_resource(item),
                                          "type": n.dialect.item_type, "href": item.href}):
        with write.element(n.cp["metadata"]):
            _qti_metadata(write, n, item)
            _lom_title(write, n, item.title)
        files = [item.href] + [asset_href(asset, n.dialect) for asset in item.assets]
        dependencies = [image_resources[asset.name] for asset in item.assets]
        if item.styled:
            files.append(STYLESHEET_HREF)
            dependencies.append(_STYLESHEET_RESOURCE)
        for href in files:
            write.leaf(n.cp["file"], href=href)
        for identifier in dependencies:
            write.leaf(n.cp["dependency"], identifierref=identifier)


def _lom_title(write: Indented, n: _Namespaces, title: str) -> None:
    with write.element(n.lom["lom"]), write.element(n.lom["general"]), \
            write.element(n.lom["title"]):
        write.leaf(n.lom[n.dialect.lom_string], title)


def _qti_metadata(write: Indented, n: _Namespaces, item: ItemFile) -> None:
    with write.element(n.qti["qtiMetadata"]):
        write.leaf(n.qti["timeDependent"], "false")
        for interaction in dict.fromkeys(item.interactions):
            write.leaf(n.qti["interactionType"], interaction)
        write.leaf(n.qti["feedbackType"], "nonadaptive" if item.has_feedback else "none")
        write.leaf(n.qti["solutionAvailable"], boolean(item.has_solution))
        write.leaf(n.qti["toolName"], TOOL_NAME)


def _item_resource(item: ItemFile) -> str:
    return "item-" + item.identifier
