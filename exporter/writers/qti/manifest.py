"""``imsmanifest.xml``: the content package's resources and their metadata.

The test is one resource depending on every item; each item is a resource
carrying its QTI metadata (interaction types, feedback, whether a
solution is given, the tool) and a LOM title, with its images and the
stylesheet as its files and as dependencies on shared ``webcontent``
resources, so an importer that follows dependencies finds everything an
item shows. The manifest is written resource by resource: for a bank of
thousands, the tree would take tens of MB.
"""
from __future__ import annotations

from lxml import etree

from exporter.model import Quiz
from exporter.render.renderer import Asset
from exporter.writers.qti.dialect import TOOL_NAME, Dialect, qti_identifier
from exporter.writers.qti.item import ItemFile
from exporter.writers.qti.layout import STYLESHEET_HREF, TEST_HREF, asset_href
from exporter.writers.qti.test import assessment_test_identifier
from exporter.writers.xml import SCHEMA_LOCATION, boolean, namespaces, qualified, streamed, sub

_STYLESHEET_RESOURCE = "stylesheet"


class _Namespaces:
    """A dialect's three manifest namespaces, each a table of names: ``n.cp["file"]``."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.cp = qualified(dialect.manifest_namespace)
        self.lom = qualified(dialect.lom_namespace)
        self.qti = qualified(dialect.metadata_namespace)


def manifest(quiz: Quiz, items: list[ItemFile], assets: list[Asset], dialect: Dialect) -> bytes:
    """The manifest of a package holding ``items`` and the images ``assets``."""
    n = _Namespaces(dialect)

    def content(out: etree._IncrementalFileWriter) -> None:
        attributes = {"identifier": "manifest-" + qti_identifier(quiz.id or "quiz"),
                      SCHEMA_LOCATION: dialect.manifest_schema_location}
        with out.element(n.cp["manifest"], attributes, nsmap=namespaces(
                dialect.manifest_namespace, imsmd=dialect.lom_namespace,
                imsqti=dialect.metadata_namespace)):
            metadata = sub(None, n.cp["metadata"])
            sub(metadata, n.cp["schema"], dialect.package_schema)
            sub(metadata, n.cp["schemaversion"], dialect.package_schema_version)
            _lom_title(n, metadata, quiz.title)
            out.write("\n", metadata, sub(None, n.cp["organizations"]), "\n", pretty_print=True)
            with out.element(n.cp["resources"]):
                _write_resources(out, n, quiz, items, assets)
            out.write("\n")

    return streamed(content)


def _write_resources(out: etree._IncrementalFileWriter, n: _Namespaces, quiz: Quiz,
                     items: list[ItemFile], assets: list[Asset]) -> None:
    """The test, then each item, then the images and the stylesheet they share."""
    test = sub(None, n.cp["resource"], identifier=assessment_test_identifier(quiz),
               type=n.dialect.test_type, href=TEST_HREF)
    sub(test, n.cp["file"], href=TEST_HREF)
    for item in items:
        sub(test, n.cp["dependency"], identifierref=_item_resource(item))
    out.write("\n", test, pretty_print=True)
    image_resources = {asset.name: f"image-{number}"
                       for number, asset in enumerate(assets, start=1)}
    for item in items:
        out.write(_item_resource_element(n, item, image_resources), pretty_print=True)
    shared = [(image_resources[asset.name], asset_href(asset, n.dialect)) for asset in assets]
    if any(item.styled for item in items):
        shared.append((_STYLESHEET_RESOURCE, STYLESHEET_HREF))
    for identifier, href in shared:
        resource = sub(None, n.cp["resource"], identifier=identifier, type="webcontent", href=href)
        sub(resource, n.cp["file"], href=href)
        out.write(resource, pretty_print=True)


def _item_resource_element(n: _Namespaces, item: ItemFile,
                           image_resources: dict[str, str]) -> etree._Element:
    resource = sub(None, n.cp["resource"], identifier=_item_resource(item),
                   type=n.dialect.item_type, href=item.href)
    item_metadata = sub(resource, n.cp["metadata"])
    _qti_metadata(n, item_metadata, item)
    _lom_title(n, item_metadata, item.title)
    files = [item.href] + [asset_href(asset, n.dialect) for asset in item.assets]
    dependencies = [image_resources[asset.name] for asset in item.assets]
    if item.styled:
        files.append(STYLESHEET_HREF)
        dependencies.append(_STYLESHEET_RESOURCE)
    for href in files:
        sub(resource, n.cp["file"], href=href)
    for identifier in dependencies:
        sub(resource, n.cp["dependency"], identifierref=identifier)
    return resource


def _lom_title(n: _Namespaces, parent: etree._Element, title: str) -> None:
    general = sub(sub(parent, n.lom["lom"]), n.lom["general"])
    sub(sub(general, n.lom["title"]), n.lom[n.dialect.lom_string], title)


def _qti_metadata(n: _Namespaces, parent: etree._Element, item: ItemFile) -> None:
    metadata = sub(parent, n.qti["qtiMetadata"])
    sub(metadata, n.qti["timeDependent"], "false")
    for interaction in dict.fromkeys(item.interactions):
        sub(metadata, n.qti["interactionType"], interaction)
    sub(metadata, n.qti["feedbackType"], "nonadaptive" if item.has_feedback else "none")
    sub(metadata, n.qti["solutionAvailable"], boolean(item.has_solution))
    sub(metadata, n.qti["toolName"], TOOL_NAME)


def _item_resource(item: ItemFile) -> str:
    return "item-" + item.identifier
