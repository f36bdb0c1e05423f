"""IMS QTI 2.1 content package: CP 1.1 manifest with IMS MD 1.2 and QTI 2.1 metadata."""
from __future__ import annotations

from exporter.diagnostics import Reporter
from exporter.model import Quiz
from exporter.writers.qti.dialect import Dialect
from exporter.writers.qti.package import write_package

_QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
_CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
_MD = "http://www.imsglobal.org/xsd/imsmd_v1p2"
_QTI_MD = "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1"

DIALECT = Dialect(
    target="qti21",
    namespace=_QTI,
    schema_location=f"{_QTI} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
    kebab_names=False,
    content_body=False,
    rubric_attributes=(("view", "scorer"),),
    item_type="imsqti_item_xmlv2p1",
    test_type="imsqti_test_xmlv2p1",
    manifest_namespace=_CP,
    manifest_schema_location=(
        f"{_CP} http://www.imsglobal.org/xsd/imscp_v1p1.xsd "
        f"{_MD} http://www.imsglobal.org/xsd/imsmd_v1p2p4.xsd "
        f"{_QTI_MD} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_metadata_v2p1.xsd"),
    package_schema="QTIv2.1 Package",
    package_schema_version="1.0.0",
    metadata_namespace=_QTI_MD,
    lom_namespace=_MD,
    lom_string="langstring",
)


def write(quiz: Quiz, report: Reporter) -> dict[str, bytes]:
    return write_package(quiz, DIALECT)
