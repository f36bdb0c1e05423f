"""The assessmentTest: the quiz as one test over its items.

All items in source order in one section of one nonlinear part, so a
player shows them as the source lists them and lets the candidate move
freely; the test's outcome processing totals the items' ``SCORE`` and
``MAXSCORE`` (see :mod:`~exporter.writers.qti.scoring`).
"""
from __future__ import annotations

from exporter.model import Quiz
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
    for item in items:
        t.sub(section, "assessmentItemRef", identifier=item.identifier, href=item.href)
    processing = t.sub(test, "outcomeProcessing")
    for identifier in ("SCORE", "MAXSCORE"):
        total = t.sub(t.sub(processing, "setOutcomeValue", identifier=identifier), "sum")
        t.sub(total, "testVariables", variableIdentifier=identifier)
    return document(test)


def assessment_test_identifier(quiz: Quiz) -> str:
    """The test's identifier, also its resource's in the manifest."""
    return "test-" + qti_identifier(quiz.id or "quiz")
