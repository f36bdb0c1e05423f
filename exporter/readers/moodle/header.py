"""The parts every Moodle question has, as Moodle's ``import_headers()`` reads them.

Question text (with Moodle 1.9's ``<image>`` appended, as Moodle does),
general feedback, ``defaultgrade`` as points, penalty, ``idnumber`` as the
question's id (so a re-import into Moodle updates rather than duplicates),
and tags. What the model cannot hold yet (hints, course tags, the combined
"correct / partially correct / incorrect" feedback) is named in a warning.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from exporter.model import Location
from exporter.readers.moodle.context import Context
from exporter.readers.moodle.files import old_image
from exporter.readers.moodle.parse import text

COMBINED = ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")


@dataclass
class Header:
    stem: str
    feedback: str
    points: float = 1.0
    penalty: float | None = None
    id: str = ""
    tags: list[str] = field(default_factory=list)
    parts: dict[str, Location] = field(default_factory=dict)


def read_header(ctx: Context, stem: str | None = None) -> Header:
    """The common parts; ``stem``: the question text when the type has read it already."""
    q = ctx.element
    if stem is None:
        stem = ctx.area(q.find("questiontext"), "question text", ctx.text_format)
    stem = _with_old_image(ctx, stem)
    header = Header(stem, ctx.area(q.find("generalfeedback"), "general feedback"))
    _points(ctx, header)
    _penalty(ctx, header)
    idnumber = q.find("idnumber")
    if idnumber is not None and (idnumber.text or "").strip():
        header.id = idnumber.text.strip()
        header.parts["id"] = Location(idnumber.sourceline or ctx.line)
    header.tags = [t for t in (text(tag) for tag in q.iterfind("tags/tag")) if t]
    _dropped(ctx)
    return header


def _with_old_image(ctx: Context, stem: str) -> str:
    found = old_image(ctx.element)
    if found is None:
        return stem
    name, data, line = found
    if data is None:
        ctx.warn(f"the old-style image `{name}` has no <image_base64> data: left out", line)
        return stem
    reference = ctx.attach(name, data, line, "question text")
    return f"{stem}\n\n![]({reference})" if reference else stem


def _number(ctx: Context, tag: str) -> tuple[float | None, etree._Element | None]:
    element = ctx.element.find(tag)
    raw = text(ctx.element, tag)
    if not raw:
        return None, element
    try:
        return float(raw), element
    except ValueError:
        ctx.warn(f"<{tag}> `{raw}` is not a number: ignored", element)
        return None, element


def _points(ctx: Context, header: Header) -> None:
    points, element = _number(ctx, "defaultgrade")
    if points is None:
        return
    if points <= 0:
        ctx.warn(f"a default mark of {raw_number(points)} cannot be held (points are positive): "
                 "1 point instead", element)
        return
    header.points = points
    header.parts["points"] = Location(element.sourceline or ctx.line)


def _penalty(ctx: Context, header: Header) -> None:
    penalty, _ = _number(ctx, "penalty")
    if penalty is None:
        return
    if abs(penalty - 0.3333333) < 0.005:  # Moodle's own fix for old files' rounding
        penalty = 0.3333333
    header.penalty = min(max(penalty, 0.0), 1.0)


def _dropped(ctx: Context) -> None:
    q = ctx.element
    hints = q.findall("hint")
    if hints:
        ctx.warn(f"{len(hints)} hint(s) dropped: the model has no hints yet", hints[0])
    combined = [tag for tag in COMBINED if text(q.find(tag))]
    if combined:
        ctx.warn("combined feedback dropped (" + ", ".join(f"<{t}>" for t in combined)
                 + "): the model has only general and per-option feedback", q.find(combined[0]))
    course_tags = [text(tag) for tag in q.iterfind("coursetags/tag")]
    if any(course_tags):
        ctx.warn("course tags dropped: " + ", ".join(t for t in course_tags if t),
                 q.find("coursetags"))
    if text(q, "hidden") == "1":
        ctx.warn("the question is hidden in Moodle: it is read as an ordinary question",
                 q.find("hidden"))


def raw_number(number: float) -> str:
    return f"{number:g}"
