"""The assessmentTest: the quiz as one test over its items.

All items in source order in one section of one nonlinear part, so a
player shows them as the source lists them and lets the candidate move
freely; the test's outcome processing totals the items' ``SCORE`` and
``MAXSCORE`` (see :mod:`~exporter.writers.qti.scoring`). A pool is a
section inside it, where its questions stand, whose ``selection`` draws
``pick`` of its items and whose ``ordering`` shuffles the drawn ones
(unless the pool keeps its order); ``testVariables`` sums only the items
a candidate was given, so the test's ``MAXSCORE`` counts each pool's draw.
"""
from __future__ import annotations

from lxml import etree

from exporter.model import Pool, Quiz
from exporter.writers.qti.dialect import TOOL_NAME, Dialect, Tree, qti_identifier
from exporter.writers.qti.item import ItemFile
from exporter.writers.xml import document


def assessment_test(quiz: Quiz, items: list[ItemFile], dialect: Dialect) -> bytes:
    """The test file, referring to every item by identifier and file."""
    t = Tree(dialect)
    test = t.root("assessmentTest", identifier=assessment_test_identifier(quiz), title=quiz.title,
                  toolName=TOOL_NAME)
    for identifier in ("SCORE", "MAXSCORE"):
        t.sub(test, "outcomeDeclaration", identifier=identifier, cardinality="single",
              baseType="float")
    part = t.sub(test, "testPart", identifier="part-1", navigationMode="nonlinear",
                 submissionMode="simultaneous")
    section = t.sub(part, "assessmentSection", identifier="section-1", title=quiz.title,
                    visible="true")
    by_question = {id(question): item for question, item in zip(quiz.questions, items)}
    taken = {"part-1", "section-1", *(item.identifier for item in items)}
    for block in quiz.blocks():
        if isinstance(block, Pool):
            _pool(t, section, block, [by_question[id(q)] for q in block.questions], taken)
        else:
            _item_ref(t, section, by_question[id(block)])
    processing = t.sub(test, "outcomeProcessing")
    for identifier in ("SCORE", "MAXSCORE"):
        total = t.sub(t.sub(processing, "setOutcomeValue", identifier=identifier), "sum")
        t.sub(total, "testVariables", variableIdentifier=identifier)
    return document(test)


def _item_ref(t: Tree, section: etree._Element, item: ItemFile) -> None:
    t.sub(section, "assessmentItemRef", identifier=item.identifier, href=item.href)


def _pool(t: Tree, parent: etree._Element, pool: Pool, items: list[ItemFile],
          taken: set[str]) -> None:
    """A pool's section: its id as the identifier where no item or part has it, its draw,
    its items."""
    identifier = qti_identifier(pool.id)
    if identifier in taken:
        identifier = qti_identifier(f"pool-{pool.id}")
    taken.add(identifier)
    section = t.sub(parent, "assessmentSection", identifier=identifier, title=pool.title,
                    visible="true")
    t.sub(section, "selection", select=str(pool.pick))
    if pool.shuffle:
        t.sub(section, "ordering", shuffle="true")
    for item in items:
        _item_ref(t, section, item)


def assessment_test_identifier(quiz: Quiz) -> str:
    """The test's identifier, also its resource's in the manifest."""
    return "test-" + qti_identifier(quiz.id or "quiz")
