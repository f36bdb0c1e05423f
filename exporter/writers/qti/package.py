"""The content package of a quiz, written once for QTI 2.1 and 3.0.

Items go into the zip a batch at a time as they are built, so a bank of
thousands never holds them all in memory; the manifest and the test, which
list them, follow, then the files (see :mod:`~exporter.writers.qti.layout`).
"""
from __future__ import annotations

from typing import Iterator

from exporter.model import Quiz
from exporter.render.renderer import Asset, Renderer
from exporter.writers import file_name
from exporter.writers.package import Data, zip_bytes
from exporter.writers.qti.dialect import Dialect
from exporter.writers.qti.item import ItemBuilder, ItemFile
from exporter.writers.qti.layout import MANIFEST_HREF, STYLESHEET_HREF, TEST_HREF, asset_href
from exporter.writers.qti.manifest import manifest
from exporter.writers.qti.test import assessment_test
from exporter.writers.qti.xhtml import StyleSheet

# Items built before they are compressed: zlib's state (256 KB per entry) and the item
# builder's working set evict each other from the core's cache when they take turns item
# by item; in runs of this many, a 5,000-question package costs 12% less (about 0.15 s),
# for some 800 KB of items held at once
_BATCH = 256


def write_package(quiz: Quiz, dialect: Dialect) -> dict[str, bytes]:
    """The package, under its writer's file name (the dialect's target names the writer): one
    item per question, then the manifest, the test and the files, zipped."""
    renderer = Renderer(quiz, dialect.target)
    styles = StyleSheet()
    items: list[ItemFile] = []

    def entries() -> Iterator[tuple[str, Data]]:
        batch: list[tuple[str, Data]] = []
        for number, question in enumerate(quiz.questions, start=1):
            item, data = ItemBuilder(quiz, question, number, dialect, renderer, styles).build()
            items.append(item)
            batch.append((item.href, data))
            if len(batch) == _BATCH:
                yield from batch
                batch.clear()
        yield from batch
        assets = _unique_assets(items)
        yield MANIFEST_HREF, manifest(quiz, items, assets, dialect)
        yield TEST_HREF, assessment_test(quiz, items, dialect)
        for asset in assets:
            yield asset_href(asset, dialect), asset.data
        if any(item.styled for item in items):
            yield STYLESHEET_HREF, styles.css()

    return {file_name(quiz, dialect.target): zip_bytes(entries())}


def _unique_assets(items: list[ItemFile]) -> list[Asset]:
    """Each image once, in the order the items first show it."""
    by_name: dict[str, Asset] = {}
    for item in items:
        for asset in item.assets:
            by_name.setdefault(asset.name, asset)
    return list(by_name.values())
