"""The two files that tell Canvas what a quiz package holds and how the quiz is set.

Both follow Canvas's own ``quiz_export_qti12_canvas`` (``reference/canvas/``),
because Canvas's importer finds the quiz and its settings the way its
exporter put them:

- ``imsmanifest.xml``: the ``metadata`` block (schema "IMS Content" 1.1.3,
  ``imsmd:lom`` title; the export date and rights are left out, a date would
  make rebuilds differ), an empty ``organizations``, one ``imsqti_xmlv1p2``
  resource whose file is ``ID/ID.xml`` and whose ``dependency`` names the
  ``associatedcontent/imscc_xmlv1p1/learning-application-resource`` holding
  ``ID/assessment_meta.xml`` (that is how Canvas finds the settings). Images
  are ``webcontent`` resources under ``web_resources/Uploaded Media/``, the
  folder Canvas's course exports put uploaded files in; HTML refers to them
  as ``$IMS-CC-FILEBASE$/Uploaded%20Media/<name>`` (the renderer's canvas
  target), which Canvas's importer unescapes and finds among the package's
  files.
- ``ID/assessment_meta.xml``: the quiz fields Canvas reads (title,
  description as escaped HTML, shuffle_answers, scoring_policy, quiz_type
  ``assignment``, points_possible, show_correct_answers,
  anonymous_submissions, allowed_attempts, one_question_at_a_time,
  cant_go_back); ``available`` is false so the imported quiz waits
  unpublished until the teacher checks it. The ``assignment`` block and its
  group reference are left out: Canvas creates the assignment for an
  ``assignment`` quiz_type itself.
"""
from __future__ import annotations

from lxml import etree

from exporter.model import Quiz
from exporter.render.renderer import Asset, Renderer
from exporter.render.targets import TARGETS
from exporter.writers.canvas.items import canvas_identifier, points_text
from exporter.writers.xml import SCHEMA_LOCATION, boolean, document, qualified, root, sub

CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_v1p2"
CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"
TARGET = TARGETS["canvas"]
META_RESOURCE_TYPE = "associatedcontent/imscc_xmlv1p1/learning-application-resource"
_CP, _IMSMD, _CANVAS = qualified(CP), qualified(IMSMD), qualified(CANVAS)


def assessment_href(ident: str) -> str:
    """The items' file: ``ID/ID.xml``."""
    return f"{ident}/{ident}.xml"


def meta_href(ident: str) -> str:
    """The settings' file: ``ID/assessment_meta.xml``."""
    return f"{ident}/assessment_meta.xml"


def manifest(quiz: Quiz, ident: str, assets: list[Asset]) -> bytes:
    """``imsmanifest.xml``: the quiz, its settings and its files as resources."""
    tree = root(_CP["manifest"], {
        "identifier": canvas_identifier("manifest", quiz.id),
        SCHEMA_LOCATION: " ".join((
            CP, "http://www.imsglobal.org/xsd/imscp_v1p1.xsd",
            LOM, "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lomresource_v1p0.xsd",
            IMSMD, "http://www.imsglobal.org/xsd/imsmd_v1p2p2.xsd"))}, CP, lom=LOM, imsmd=IMSMD)
    metadata = sub(tree, _CP["metadata"])
    sub(metadata, _CP["schema"], "IMS Content")
    sub(metadata, _CP["schemaversion"], "1.1.3")
    title = sub(sub(sub(metadata, _IMSMD["lom"]), _IMSMD["general"]), _IMSMD["title"])
    sub(title, _IMSMD["string"], quiz.title)
    sub(tree, _CP["organizations"])
    _resources(sub(tree, _CP["resources"]), quiz, ident, assets)
    return document(tree)


def _resources(resources: etree._Element, quiz: Quiz, ident: str, assets: list[Asset]) -> None:
    meta_ident = canvas_identifier("meta", quiz.id)
    quiz_resource = sub(resources, _CP["resource"], identifier=ident, type="imsqti_xmlv1p2")
    sub(quiz_resource, _CP["file"], href=assessment_href(ident))
    sub(quiz_resource, _CP["dependency"], identifierref=meta_ident)
    meta = sub(resources, _CP["resource"], identifier=meta_ident, type=META_RESOURCE_TYPE,
               href=meta_href(ident))
    sub(meta, _CP["file"], href=meta_href(ident))
    for asset in assets:
        href = TARGET.file_href(asset.name)
        resource = sub(resources, _CP["resource"],
                       identifier=canvas_identifier("file", quiz.id, asset.name),
                       type="webcontent", href=href)
        sub(resource, _CP["file"], href=href)


def assessment_meta(quiz: Quiz, ident: str, renderer: Renderer) -> bytes:
    """``ID/assessment_meta.xml``: the quiz's settings, as Canvas reads them."""
    tree = root(_CANVAS["quiz"], {
        "identifier": ident,
        SCHEMA_LOCATION: f"{CANVAS} http://canvas.instructure.com/xsd/cccv1p0.xsd"}, CANVAS)
    for name, value in (("title", quiz.title), ("description", renderer.html(quiz.description)),
                        ("shuffle_answers", boolean(quiz.shuffle)),
                        ("scoring_policy", "keep_highest"), ("quiz_type", "assignment"),
                        ("points_possible", points_text(quiz.total_points)),
                        ("show_correct_answers", "true"), ("anonymous_submissions", "false"),
                        ("allowed_attempts", "1"), ("one_question_at_a_time", "false"),
                        ("cant_go_back", "false"), ("available", "false")):
        sub(tree, _CANVAS[name], value)
    return document(tree)
