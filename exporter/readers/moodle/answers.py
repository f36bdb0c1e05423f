"""One ``<answer>`` element as Moodle's ``import_answer()`` reads it.

Kept apart from the per-type code because every type with answers
(multichoice, shortanswer, numerical, truefalse) reads the same three
things: the text, the fraction (``fraction="50"`` is 50%) and the feedback.
A fraction Moodle's own importer would refuse is an error at its line.
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from exporter.readers.moodle.context import Context
from exporter.readers.moodle.parse import text
from exporter.numbers import fraction_of
from exporter.formats.moodle_grades import is_allowed


@dataclass
class MoodleAnswer:
    text: str  # Markdown for choice options, else the plain text as written
    fraction: float  # 1.0 is 100%
    feedback: str  # Markdown
    element: etree._Element

    @property
    def line(self) -> int:
        return self.element.sourceline or 1

    @property
    def full(self) -> bool:
        return abs(self.fraction - 1.0) < 1e-6


def read_answers(ctx: Context, html_text: bool) -> list[MoodleAnswer]:
    """Every ``<answer>`` of the question, in order; options' text as Markdown when
    ``html_text`` (multichoice), else the plain text (short answers, numbers)."""
    answers = []
    for number, element in enumerate(ctx.element.iterfind("answer"), start=1):
        raw = element.get("fraction")
        if raw is None and element.find("fraction") is not None:  # deprecated form
            raw = str(float(text(element, "fraction") or 0) * 100)
        fraction = _fraction(ctx, raw, element)
        if html_text:
            body = ctx.area(element, f"option {number}")
        else:
            body = text(element)
        feedback = ctx.area(element.find("feedback"), f"feedback of answer {number}")
        answers.append(MoodleAnswer(body, fraction, feedback, element))
    return answers


def _fraction(ctx: Context, raw: str | None, element: etree._Element) -> float:
    if raw is None or not raw.strip():
        return 0.0
    try:
        fraction = fraction_of(float(raw.strip()))
    except ValueError:
        ctx.error(f"answer grade `{raw}` is not a number", element)
        return 0.0
    if not is_allowed(fraction):
        ctx.error(f"answer grade {raw.strip()}% is not one of the grades Moodle accepts "
                  "(100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, "
                  "16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0 and their negatives): "
                  "Moodle's importer rejects this question", element)
    return fraction
