"""Canvas quiz package: the "QTI .zip file" of Settings > Import Course Content.

Canvas imports best what Canvas exports, so the package is laid out as
Canvas's own "QTI quiz export"; the items are in :mod:`canvas_items`. Fields
taken from the reference exports (``reference/canvas/``):

- ``imsmanifest.xml`` from ``quiz_export_qti12_canvas``: the ``metadata``
  block (schema "IMS Content" 1.1.3, ``imsmd:lom`` title; the export date
  and rights are left out, a date would make rebuilds differ), an empty
  ``organizations``, one ``imsqti_xmlv1p2`` resource whose file is
  ``ID/ID.xml`` and whose ``dependency`` names the
  ``associatedcontent/imscc_xmlv1p1/learning-application-resource`` holding
  ``ID/assessment_meta.xml`` (that is how Canvas finds the settings). Images
  are ``webcontent`` resources under ``web_resources/Uploaded Media/``, the
  folder Canvas's course exports put uploaded files in; HTML refers to them
  as ``$IMS-CC-FILEBASE$/Uploaded%20Media/<name>`` (the renderer's canvas
  target), which Canvas's importer unescapes and finds among the package's
  files.
- ``ID/ID.xml`` from ``items_1.2/all_canvas_simple_1.2.xml``:
  ``questestinterop`` (default namespace, schemaLocation ``ims_qtiasiv1p2p1``)
  > ``assessment`` (``cc_maxattempts`` 1) > ``section ident="root_section"``
  > ``item``s, all in the default namespace as Canvas writes them.
- ``ID/assessment_meta.xml`` from ``quiz_export_qti12_canvas``: the quiz
  fields Canvas reads (title, description as escaped HTML, shuffle_answers,
  scoring_policy, quiz_type ``assignment``, points_possible,
  show_correct_answers, anonymous_submissions, allowed_attempts,
  one_question_at_a_time, cant_go_back); ``available`` is false so the
  imported quiz waits unpublished until the teacher checks it. The
  ``assignment`` block and its group reference are left out: Canvas creates
  the assignment for an ``assignment`` quiz_type itself.
- ID is ``g`` + a hash of the quiz id, so the same quiz keeps its identifiers.
"""
from __future__ import annotations

import io

from lxml import etree

from exporter.diagnostics import Reporter
from exporter.model import Quiz
from exporter.render.renderer import Asset, Renderer
from exporter.render.targets import TARGETS
from exporter.writers.canvas.items import (QTI, ItemWriter, canvas_identifier, metadata_field,
                                           points_text)
from exporter.writers import file_name
from exporter.writers.package import zip_bytes

CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_v1p2"
CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
TARGET = TARGETS["canvas"]
META_RESOURCE_TYPE = "associatedcontent/imscc_xmlv1p1/learning-application-resource"


def write(quiz: Quiz, report: Reporter) -> dict[str, bytes]:
    ident = canvas_identifier("quiz", quiz.id)
    renderer = Renderer(quiz, "canvas")
    assessment = _assessment(quiz, ident, renderer)
    meta = _meta(quiz, ident, renderer)
    assets = renderer.assets  # after every text, the description included, is rendered
    entries = [("imsmanifest.xml", _manifest(quiz, ident, assets)),
               (f"{ident}/{ident}.xml", assessment),
               (f"{ident}/assessment_meta.xml", meta)]
    entries += [(TARGET.file_href(asset.name), asset.data) for asset in assets]
    return {file_name(quiz, "canvas"): zip_bytes(entries)}


def _assessment(quiz: Quiz, ident: str, renderer: Renderer) -> bytes:
    """The questestinterop file, written item by item so a big bank never is one tree.

    Items are built without a namespace and written inside the root, whose
    default namespace (QTI 1.2) they take when read: every element is then
    unprefixed with one declaration on the root, as in Canvas's own files.
    An item built in the namespace would be written with its own ``xmlns`` or
    an ``ns0:`` prefix, which namespace-blind importers do not recognise.
    """
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="UTF-8") as out:
        out.write_declaration()
        root_attributes = {f"{{{XSI}}}schemaLocation":
                           f"{QTI} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"}
        with out.element(f"{{{QTI}}}questestinterop", root_attributes,
                         nsmap={None: QTI, "xsi": XSI}):
            with out.element("assessment", ident=ident, title=quiz.title):
                metadata = etree.Element("qtimetadata")
                metadata_field(metadata, "cc_maxattempts", "1")
                out.write(metadata, pretty_print=True)
                with out.element("section", ident="root_section"):
                    for number, question in enumerate(quiz.questions, start=1):
                        item = ItemWriter(quiz, question, number, renderer).element()
                        out.write(item, pretty_print=True)
    buffer.write(b"\n")
    return buffer.getvalue()


def _manifest(quiz: Quiz, ident: str, assets: list[Asset]) -> bytes:
    root = etree.Element(f"{{{CP}}}manifest", identifier=canvas_identifier("manifest", quiz.id),
                         nsmap={None: CP, "lom": LOM, "imsmd": IMSMD, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", " ".join((
        CP, "http://www.imsglobal.org/xsd/imscp_v1p1.xsd",
        LOM, "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lomresource_v1p0.xsd",
        IMSMD, "http://www.imsglobal.org/xsd/imsmd_v1p2p2.xsd")))

    def cp(parent: etree._Element, name: str, text: str | None = None, **attributes: str
           ) -> etree._Element:
        element = etree.SubElement(parent, f"{{{CP}}}{name}", attributes)
        element.text = text
        return element

    metadata = cp(root, "metadata")
    cp(metadata, "schema", "IMS Content")
    cp(metadata, "schemaversion", "1.1.3")
    title = etree.SubElement(etree.SubElement(etree.SubElement(
        metadata, f"{{{IMSMD}}}lom"), f"{{{IMSMD}}}general"), f"{{{IMSMD}}}title")
    etree.SubElement(title, f"{{{IMSMD}}}string").text = quiz.title
    cp(root, "organizations")
    resources = cp(root, "resources")
    meta_ident = canvas_identifier("meta", quiz.id)
    quiz_resource = cp(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
    cp(quiz_resource, "file", href=f"{ident}/{ident}.xml")
    cp(quiz_resource, "dependency", identifierref=meta_ident)
    meta = cp(resources, "resource", identifier=meta_ident, type=META_RESOURCE_TYPE,
              href=f"{ident}/assessment_meta.xml")
    cp(meta, "file", href=f"{ident}/assessment_meta.xml")
    for asset in assets:
        href = TARGET.file_href(asset.name)
        resource = cp(resources, "resource", identifier=canvas_identifier("file", quiz.id, asset.name),
                      type="webcontent", href=href)
        cp(resource, "file", href=href)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _meta(quiz: Quiz, ident: str, renderer: Renderer) -> bytes:
    root = etree.Element(f"{{{CANVAS}}}quiz", identifier=ident, nsmap={None: CANVAS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{CANVAS} http://canvas.instructure.com/xsd/cccv1p0.xsd")
    for name, value in (("title", quiz.title), ("description", renderer.html(quiz.description)),
                        ("shuffle_answers", str(quiz.shuffle).lower()),
                        ("scoring_policy", "keep_highest"), ("quiz_type", "assignment"),
                        ("points_possible", points_text(quiz.total_points)),
                        ("show_correct_answers", "true"), ("anonymous_submissions", "false"),
                        ("allowed_attempts", "1"), ("one_question_at_a_time", "false"),
                        ("cant_go_back", "false"), ("available", "false")):
        etree.SubElement(root, f"{{{CANVAS}}}{name}").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
