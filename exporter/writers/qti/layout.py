"""Where each file sits in a QTI content package, for the items, the manifest and the zip.

``imsmanifest.xml``, ``assessment.xml`` (the test), one
``item-<identifier>.xml`` per question at the root (so the renderer's
``images/<name>`` references resolve), ``images/`` and, when code was
highlighted, ``styles/code.css``. The prefixes keep file names and manifest
identifiers apart whatever the question ids are.
"""
from __future__ import annotations

from exporter.render.renderer import Asset
from exporter.render.targets import TARGETS
from exporter.writers.qti.dialect import Dialect

MANIFEST_HREF = "imsmanifest.xml"
TEST_HREF = "assessment.xml"
STYLESHEET_HREF = "styles/code.css"


def item_href(identifier: str) -> str:
    return f"item-{identifier}.xml"


def asset_href(asset: Asset, dialect: Dialect) -> str:
    return TARGETS[dialect.target].file_href(asset.name)
