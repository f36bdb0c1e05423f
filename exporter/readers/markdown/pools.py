"""Pools: a `::: pool ...` line, the questions up to its `:::`, and what they mean.

The line loop (scan.py) finds where a pool opens and closes and which
questions stand in it; here its attributes are read and checked against
its questions, all at the pool's line, because a pool that would draw
nothing, or more than it holds, or questions of different worth, is a
mistake in the pool, not in one question.
"""
from __future__ import annotations

from exporter.diagnostics import Reporter
from exporter.model import Question, Quiz, Section
from exporter.numbers import format_number
from exporter.readers.markdown import syntax
from exporter.readers.markdown.scan import PoolLine

# attribute -> (its value as written, the column where the attribute starts)
Attributes = dict[str, tuple[str, int]]


def attach_pools(quiz: Quiz, pools: list[PoolLine], members: dict[int, list[Question]],
                 report: Reporter) -> None:
    """Make each pool a section of its questions (``members``, by the pool line's
    identity), and list the quiz's sections in the order their questions come."""
    ids: dict[str, int] = {}
    for pool in pools:
        questions = members.get(id(pool), [])
        if not questions:
            continue  # a pool with no question is reported where it closes
        section, id_column = _section(pool, questions, report)
        if section.id in ids:
            report.error(pool.line, f"pool id `{section.id}` is already used by the pool at "
                                    f"line {ids[section.id]}", id_column)
        elif section.id:
            ids[section.id] = pool.line
        for question in questions:
            question.section = section


def _section(pool: PoolLine, questions: list[Question], report: Reporter) -> tuple[Section, int]:
    """The pool's section, and the column of its `id=`; each attribute that is wrong is an
    error at its column."""
    attributes = _attributes(pool, report)
    pick = _pick(pool, attributes, len(questions), report)
    points = _points(pool, attributes, questions, report)
    shuffle = True
    if "shuffle" in attributes:
        value, column = attributes["shuffle"]
        if value.lower() not in syntax.TRUTH:
            report.error(pool.line, f"shuffle={value}: must be true or false", column)
        else:
            shuffle = syntax.TRUTH[value.lower()]
    pool_id, id_column = "", pool.column
    if "id" in attributes:
        value, id_column = attributes["id"]
        if not syntax.QUESTION_ID.match(value):
            report.error(pool.line, f"id={value}: a pool id is letters, digits, `-`, `_`, `.` "
                                    "or `:`", id_column)
        else:
            pool_id = value
    title = attributes.get("title", ("", 0))[0].strip()
    return Section(title, pick, pool_id, points, shuffle, pool.line), id_column


def _attributes(pool: PoolLine, report: Reporter) -> Attributes:
    """`key=value` and `key="quoted value"` pairs; anything else is an error at its column."""
    found: Attributes = {}
    text, position = pool.attributes, 0
    while position < len(text):
        match = syntax.POOL_ATTRIBUTE.match(text, position)
        column = pool.column + position + (len(text[position:]) - len(text[position:].lstrip()))
        if match is None:
            report.error(pool.line, f"cannot read `{text[position:].strip()[:40]}`: a pool's "
                                    "line holds `key=value` pairs (`pick=2`, `title=\"...\"`)", column)
            break
        key = match.group(1).lower()
        value = match.group(3) if match.group(2) is None else _unquoted(match.group(2))
        if key not in syntax.POOL_KEYS:
            report.error(pool.line, f"`{match.group(1)}=` is not a pool attribute: a pool takes "
                                    f"{', '.join(syntax.POOL_KEYS)}", column)
        elif key in found:
            report.error(pool.line, f"`{key}=` is given twice", column)
        else:
            found[key] = (value, column)
        position = match.end()
    return found


def _unquoted(value: str) -> str:
    """A quoted value with its `\\"` and `\\\\` read back."""
    out, escaped = [], False
    for char in value:
        if char == "\\" and not escaped:
            escaped = True
            continue
        out.append(char)
        escaped = False
    return "".join(out)


def _pick(pool: PoolLine, attributes: Attributes, size: int, report: Reporter) -> int:
    """How many questions each student draws: 1 to the pool's size (the size when the
    value is wrong, so the questions still read as a pool)."""
    if "pick" not in attributes:
        report.error(pool.line, f"a pool needs `pick=N`: how many of its {size} questions "
                                "each student draws")
        return size
    value, column = attributes["pick"]
    if not value.isdigit():
        report.error(pool.line, f"pick={value}: must be a whole number of questions", column)
        return size
    pick = int(value)
    if pick < 1:
        report.error(pool.line, f"pick={value}: a pool draws at least 1 question", column)
        return size
    if pick > size:
        report.error(pool.line, f"pick={value}: this pool holds only {size} "
                                f"question{'s' * (size != 1)}", column)
        return size
    return pick


def _points(pool: PoolLine, attributes: Attributes, questions: list[Question],
            report: Reporter) -> float | None:
    """`points=P` makes every question of the pool worth P; without it, the questions
    must be worth the same already, or a drawn question's worth would depend on the draw."""
    if "points" not in attributes:
        worth = sorted({question.points for question in questions})
        if len(worth) > 1:
            report.error(pool.line, "the questions of this pool have different points "
                                    f"({', '.join(map(format_number, worth))}): give the pool "
                                    "`points=N`, what each drawn question is worth")
        return None
    value, column = attributes["points"]
    try:
        points = float(value)
    except ValueError:
        points = 0.0
    if not 0 < points < float("inf"):
        report.error(pool.line, f"points={value}: must be a positive number", column)
        return None
    for question in questions:
        own = question.parts.get("points")
        if own is not None and question.points != points:
            report.warning(own.line, f"`Points: {format_number(question.points)}` gives way to "
                                     f"the pool's points={value} (line {pool.line}): every "
                                     "question of a pool is worth the same")
        question.points = points
    return points
