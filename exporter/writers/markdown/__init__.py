"""Our own Markdown as a target: any quiz read (a Moodle bank, a quiz in another style)
written back as the source format, `ID.md` with its images in `ID.files/`.

What it writes must read back as the same quiz, or the conversion would
quietly change questions: each line a reader would misread is escaped with
the reader's own grammar (escape.py), each question is written in the
syntax that gives back its answer (questions.py), and the result is read
back once and compared (verify.py), so a question that still comes back
different is a warning at its line, never silence. Images are named by
their content, so a second conversion writes the same bytes.
"""
from __future__ import annotations

import hashlib
import html
import re
from pathlib import PurePosixPath

import yaml

from exporter.diagnostics import Reporter
from exporter.model import Attachment, Question, Quiz, Section
from exporter.numbers import format_number
from exporter.readers.markdown import syntax
from exporter.render.images import find_images
from exporter.writers import Unrepresentable, file_name
from exporter.writers.markdown import escape, verify
from exporter.writers.markdown.questions import Writing, question_lines

# The first line after the front matter: tells a file this writer made from one a person wrote.
MARKER = "<!-- written by lms-export: edit freely, this line only marks the file's origin -->"


def write(quiz: Quiz, report: Reporter) -> dict[str, bytes]:
    """``ID.md`` and ``ID.files/<sha1 prefix><suffix>`` for each file its texts reference."""
    names = _asset_names(quiz)
    renamed = _renamed(quiz, names)
    lines = _front_matter(quiz, report) + [MARKER, ""]
    section = None  # the heading written last: a pool's questions stand under it too
    pool = None  # the pool open
    for number, question in enumerate(renamed.questions, start=1):
        if pool is not None and question.pool != pool:
            lines += [":::", ""]
            pool = None
        if question.pool is None and question.section != section:
            lines += _heading(question, section, report)
            section = question.section
        if question.pool is not None and pool is None:
            pool = question.pool
            lines += [pool_line(pool), ""]
        lines += question_lines(Writing(renamed, question, report), number) + [""]
    if pool is not None:
        lines += [":::", ""]
    text = "\n".join(lines).rstrip("\n") + "\n"
    verify.read_back(text, quiz, renamed, report)
    files = {file_name(quiz, "markdown"): text.encode("utf-8")}
    for reference, name in names.items():
        files.setdefault(name, quiz.assets[reference].data)
    return files


def _asset_names(quiz: Quiz) -> dict[str, str]:
    """Each reference as written -> the file written for it, named by content."""
    names = {}
    for reference, attachment in quiz.assets.items():
        digest = hashlib.sha1(attachment.data).hexdigest()[:8]
        suffix = PurePosixPath(attachment.name).suffix
        names[reference] = f"{quiz.id}.files/{digest}{suffix}"
    return names


def _renamed(quiz: Quiz, names: dict[str, str]) -> Quiz:
    """A copy of the quiz whose texts reference the written files."""
    copy = verify.copy_quiz(quiz, lambda text: rename_references(text, names))
    copy.assets = {names[ref]: Attachment(PurePosixPath(names[ref]).name, att.data)
                   for ref, att in quiz.assets.items()}
    return copy


def rename_references(text: str, names: dict[str, str]) -> str:
    """``text`` with its image references (Markdown `![]()`, HTML `<img src>`) renamed."""
    if not names or ("![" not in text and "<img" not in text.lower()):
        return text
    for image in reversed(find_images(text)):
        if image.src in names:
            start = text.index(image.src, image.offset)
            text = text[:start] + names[image.src] + text[start + len(image.src):]
    for reference, name in names.items():
        for quoted in {reference, html.escape(reference)}:
            text = re.sub(r"""(<img\b[^>]*?\ssrc\s*=\s*["']?)""" + re.escape(quoted) + r"""(?=["'\s>])""",
                          lambda match: match.group(1) + name, text, flags=re.IGNORECASE)
    return text


def _front_matter(quiz: Quiz, report: Reporter) -> list[str]:
    values: dict = {"title": quiz.title, "id": quiz.id}
    if quiz.category:
        values["category"] = quiz.category
    if quiz.language:
        values["language"] = quiz.language
    if not quiz.points > 0:
        raise Unrepresentable(1, f"default points {quiz.points}: our Markdown takes a positive number")
    values["points"] = int(quiz.points) if quiz.points == int(quiz.points) else quiz.points
    if quiz.shuffle:
        values["shuffle"] = True
    if quiz.description.strip():
        values["description"] = quiz.description
    dumped = yaml.safe_dump(values, allow_unicode=True, sort_keys=False, default_flow_style=False,
                            width=1000)
    return ["---", *dumped.rstrip("\n").split("\n"), "---", ""]


def _heading(question: Question, before, report: Reporter) -> list[str]:
    """The `## Title` that starts the question's section; sections only start, so a question
    outside any section after one cannot be written so."""
    section = question.section
    if section is None:
        report.warning(question.line, "markdown: this question stands in no section, after "
                                      f"section `{before.title}`; it is written in that section")
        return []
    line = f"## {section.title}"
    heading = syntax.HEADING.match(line)
    if "\n" in section.title or not heading or heading.group(1) != section.title or \
            syntax.question_label(line):
        escaped = escape.escape_line(line, lambda text: not syntax.HEADING.match(text) or
                                     bool(syntax.question_label(text)), 3)
        report.warning(question.line, f"markdown: the section title `{section.title[:40]}` is "
                                      "written as it can be read back, not as it was")
        line = escaped or "## Section"
    return [line, ""]


def pool_line(pool: Section) -> str:
    """`::: pool id=... pick=N points=P title="..." shuffle=false`: what the pool says, only."""
    attributes = [f"id={pool.id}"] * bool(pool.id) + [f"pick={pool.pick}"]
    if pool.points is not None:
        attributes.append(f"points={format_number(pool.points)}")
    if pool.title:
        title = " ".join(pool.title.split()).replace("\\", "\\\\").replace('"', '\\"')
        attributes.append(f'title="{title}"')
    if not pool.shuffle:
        attributes.append("shuffle=false")
    return "::: pool " + " ".join(attributes)


def wrote(data: bytes) -> bool:
    """Whether an existing file, by its head, is one this writer wrote (its marker line is there): a
    build replaces those, never a Markdown file somebody wrote by hand."""
    return MARKER.encode("utf-8") in data
