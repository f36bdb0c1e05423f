"""IMS QTI 3.0 content package: the QTI 3.0 CP 1.2 profile with LOM and QTI 3.0 metadata."""
from __future__ import annotations

from exporter.diagnostics import Reporter
from exporter.model import Quiz
from exporter.writers.qti.dialect import Dialect
from exporter.writers.qti.package import write_package

_QTI = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
_CP = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
_LOM = "http://ltsc.ieee.org/xsd/LOM"
_QTI_MD = "http://www.imsglobal.org/xsd/imsqti_metadata_v3p0"
_XSD = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd"

DIALECT = Dialect(
    target="qti30",
    namespace=_QTI,
    schema_location=f"{_QTI} {_XSD}/imsqti_asiv3p0_v1p0.xsd",
    kebab_names=True,
    content_body=True,
    rubric_attributes=(("use", "scoring"), ("view", "scorer")),
    item_type="imsqti_item_xmlv3p0",
    test_type="imsqti_test_xmlv3p0",
    manifest_namespace=_CP,
    manifest_schema_location=(
        f"{_CP} {_XSD}/imsqtiv3p0_imscpv1p2_v1p0.xsd "
        f"{_LOM} https://purl.imsglobal.org/spec/md/v1p3/schema/xsd/imsmd_loose_v1p3p2.xsd "
        f"{_QTI_MD} {_XSD}/imsqti_metadatav3p0_v1p0.xsd"),
    package_schema="QTI Package",
    package_schema_version="3.0.0",
    metadata_namespace=_QTI_MD,
    lom_namespace=_LOM,
    lom_string="string",
)


def write(quiz: Quiz, report: Reporter) -> dict[str, bytes]:
    return write_package(quiz, DIALECT)
