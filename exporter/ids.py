"""Stable ids, one rule for every reader.

A quiz's id names its output files; a question's id is what an LMS keys a
re-import on (Moodle's idnumber, QTI identifiers, Canvas idents), so the same
source must give the same ids on every build and from every format.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re

from exporter.diagnostics import Reporter
from exporter.model import Quiz


def slug(name: str) -> str:
    """A file-name-safe id: lower case letters, digits and single dashes."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "quiz"


def assign_ids(quiz: Quiz, report: Reporter) -> None:
    """Give every question a stable id: its own, else a hash of quiz id and content.

    The hash reads only the question's own text, so adding or moving other
    questions leaves it alone; identical questions get `-2`, `-3`, ... in
    file order. An id given twice is an error at the second one.
    """
    _pool_ids(quiz)
    seen: dict[str, int] = {}
    for question in quiz.questions:
        if question.id:
            if question.id in seen:
                where = question.parts.get("id")
                report.error(where.line if where else question.line,
                             f"ID: `{question.id}` is already used by the question at line "
                             f"{seen[question.id]}")
            seen[question.id] = question.line
    for question in quiz.questions:
        if question.id:
            continue
        content = "\0".join([quiz.id, question.stem, *(o.text for o in question.options)])
        base = "q" + hashlib.sha1(content.encode("utf-8")).hexdigest()[:10]
        candidate, count = base, 1
        while candidate in seen:
            count += 1
            candidate = f"{base}-{count}"
        question.id = candidate
        seen[candidate] = question.line


def _pool_ids(quiz: Quiz) -> None:
    """Give every pool an id that names it in every target (a Moodle category's idnumber,
    a QTI section): its own, else its title slugged, else `pool-N` by position; a
    repeated one gets `-2`, `-3`... Readers check the ids authors wrote."""
    pools = quiz.pools()
    taken = {pool.section.id for pool in pools if pool.section.id}
    for pool in pools:
        if pool.section.id:
            continue
        base = slug(pool.section.title) if re.search(r"[A-Za-z0-9]", pool.section.title) \
            else f"pool-{pool.number}"
        candidate, count = base, 1
        while candidate in taken:
            count += 1
            candidate = f"{base}-{count}"
        taken.add(candidate)
        named = dataclasses.replace(pool.section, id=candidate)
        for question in pool.questions:
            question.section = named
