"""Canvas quiz package: the "QTI .zip file" of Settings > Import Course Content.

Canvas imports best what Canvas exports, so the package is laid out as
Canvas's own "QTI quiz export" (``reference/canvas/``): the manifest and the
quiz settings are in :mod:`exporter.writers.canvas.manifest`, the items in
:mod:`exporter.writers.canvas.items`, and the file holding them is written
here:

- ``ID/ID.xml`` from ``items_1.2/all_canvas_simple_1.2.xml``:
  ``questestinterop`` (default namespace, schemaLocation ``ims_qtiasiv1p2p1``)
  > ``assessment`` (``cc_maxattempts`` 1) > ``section ident="root_section"``
  > ``item``s, all in the default namespace as Canvas writes them.
- A pool is a question group, as in ``items_1.2/question_group.xml``: a
  ``section`` among the items, its ``selection_ordering`` holding the pick
  (``selection_number``) and the points of each drawn question
  (``selection_extension/points_per_item``), then its items. Canvas puts a
  ``sourcebank_ref`` after the number; the QTI 1.2 schema wants it first,
  and a group of its own items names no bank, so there is none.
- ID is ``g`` + a hash of the quiz id, so the same quiz keeps its identifiers.
"""
from __future__ import annotations

from lxml import etree

from exporter.diagnostics import Reporter
from exporter.model import ClozeAnswer, Pool, Question, Quiz, ShortAnswer
from exporter.numbers import format_number
from exporter.render.renderer import Renderer
from exporter.writers import file_name
from exporter.writers.canvas.items import (QTI, ItemWriter, all_dropdowns, canvas_identifier,
                                           metadata_field, points_text, typed)
from exporter.writers.canvas.manifest import (CANVAS, CP, TARGET, assessment_href, assessment_meta,
                                              manifest, meta_href)
from exporter.writers.package import Data, zip_bytes
from exporter.writers.xml import SCHEMA_LOCATION, StreamedContent, namespaces, streamed, sub, written

__all__ = ["CANVAS", "CP", "write"]  # the namespaces, for whoever reads the package


def write(quiz: Quiz, report: Reporter) -> dict[str, bytes]:
    for question in quiz.questions:
        if isinstance(question.answer, ShortAnswer) and question.answer.case_sensitive:
            report.warning(question.line, "canvas: Canvas compares short answers ignoring case; "
                                          "`Case sensitive: yes` is not kept there")
        if question.graded:
            report.warning(question.line, "canvas: Canvas grades a choice question by its key "
                                          "alone (multiple answers: by its own partial credit); "
                                          "the `Grade (X):` grades are not kept there")
        if isinstance(question.answer, ClozeAnswer) and not all_dropdowns(question.answer):
            _typed_blanks(question, question.answer, report)
    for pool in quiz.pools():
        if not pool.shuffle:
            report.warning(pool.line, f"canvas: Canvas shows the questions drawn from a question "
                                      f"group in its own order; shuffle=false of pool "
                                      f"`{pool.id}` is not kept there")
    ident = canvas_identifier("quiz", quiz.id)
    renderer = Renderer(quiz, "canvas")
    content = _assessment(quiz, ident, renderer)
    # The manifest, first in the zip, lists the files the texts show, known once every text
    # is rendered: the items are written out before it. A quiz with no file has none to wait
    # for, and its items (12 MB of XML for 5,000 questions) go to the zip as they are written.
    assessment: Data = streamed(content) if quiz.assets else written(content)
    meta = assessment_meta(quiz, ident, renderer)
    assets = renderer.assets  # after every text, the description included, is rendered
    entries: list[tuple[str, Data]] = [("imsmanifest.xml", manifest(quiz, ident, assets)),
               (assessment_href(ident), assessment),
               (meta_href(ident), meta)]
    entries += [(TARGET.file_href(asset.name), asset.data) for asset in assets]
    return {file_name(quiz, "canvas"): zip_bytes(entries)}


def _typed_blanks(question: Question, answer: ClozeAnswer, report: Reporter) -> None:
    """A fill-in-multiple-blanks question takes typed text only: say what its choice and
    numeric blanks become."""
    for number, blank in enumerate(answer.blanks, start=1):
        if blank.choices:
            report.warning(blank.line, f"canvas: blank {number} offers choices, which a Canvas "
                           "question with typed blanks cannot (a question of drop-downs only "
                           f"can): it accepts `{typed(blank)[0]}` typed", blank.column)
        elif blank.number is not None:
            tolerance = (f", without the tolerance ± {format_number(blank.number.tolerance)}"
                         if blank.number.tolerance else "")
            report.warning(blank.line, f"canvas: blank {number} is a number, which Canvas "
                           f"blanks cannot hold: it accepts `{typed(blank)[0]}` typed "
                           f"exactly{tolerance}", blank.column)


def _assessment(quiz: Quiz, ident: str, renderer: Renderer) -> StreamedContent:
    """The questestinterop file, written item by item so a big bank never is one tree.

    Items are built without a namespace and written inside the root, whose
    default namespace (QTI 1.2) they take when read: every element is then
    unprefixed with one declaration on the root, as in Canvas's own files.
    An item built in the namespace would be written with its own ``xmlns`` or
    an ``ns0:`` prefix, which namespace-blind importers do not recognise.
    """
    def content(out: etree._IncrementalFileWriter) -> None:
        location = {SCHEMA_LOCATION: f"{QTI} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"}
        with out.element(f"{{{QTI}}}questestinterop", location, nsmap=namespaces(QTI)):
            with out.element("assessment", ident=ident, title=quiz.title):
                metadata = sub(None, "qtimetadata")
                metadata_field(metadata, "cc_maxattempts", "1")
                out.write(metadata, pretty_print=True)
                with out.element("section", ident="root_section"):
                    numbers = {id(question): number
                               for number, question in enumerate(quiz.questions, start=1)}

                    def items(questions: list[Question]) -> None:
                        for question in questions:
                            item = ItemWriter(quiz, question, numbers[id(question)],
                                              renderer).element()
                            out.write(item, pretty_print=True)

                    for block in quiz.blocks():
                        if isinstance(block, Pool):
                            with out.element("section", ident=canvas_identifier(
                                    "pool", quiz.id, block.id), title=block.title):
                                out.write("\n")
                                out.write(_selection(block), pretty_print=True)
                                items(block.questions)
                            out.write("\n")
                        else:
                            items([block])

    return content


def _selection(pool: Pool) -> etree._Element:
    """A question group's draw: how many questions, and the points each is worth."""
    ordering = sub(None, "selection_ordering")
    selection = sub(ordering, "selection")
    sub(selection, "selection_number", str(pool.pick))
    sub(sub(selection, "selection_extension"), "points_per_item", points_text(pool.points))
    return ordering
