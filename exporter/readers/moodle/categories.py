"""Moodle categories to quizzes: one quiz per category, in the order first met.

A ``<question type="category">`` sets the category of the questions after it,
as a path such as ``$course$/top/Week 1/Loops`` (``//`` is a literal slash in
a name). Our quiz keeps the path below ``top`` as its ``category``, so our
Moodle writer puts its questions back where they came from; its title is
the last name and its id a slug of the path. Questions before any category
go in a quiz named after the file.

A subcategory that our writers made of a pool (formats/moodle_pools.py: an
idnumber and a description saying the draw, or GIFT's `// pool:` comment)
is no quiz of its own: its questions are a pool of its parent's quiz, and
the tag naming the pool, which the writer added, is not one of theirs.
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from exporter.diagnostics import Reporter
from exporter.ids import slug
from exporter.formats.moodle_pools import pick_in_info
from exporter.model import Question, Quiz, Section
from exporter.readers.moodle.context import Context
from exporter.readers.moodle.files import QuizFiles
from exporter.readers.moodle.parse import text

_CONTEXTS = re.compile(r"^\$(?:course|cat|module|system|coursecategory)\$/?")
_SEPARATOR = re.compile(r"(?<!/)/(?!/)")


def category_path(raw: str) -> str:
    """The path below ``top`` as written (``//`` kept): ``$course$/top/A/B`` -> ``A/B``."""
    path = _CONTEXTS.sub("", raw.strip()).strip()
    if path == "top" or path.startswith("top/") and not path.startswith("top//"):
        path = path[4:]
    return path.strip()


def category_names(path: str) -> list[str]:
    """The category names of a path, each with ``//`` read back as ``/``."""
    return [name.replace("//", "/").strip() for name in _SEPARATOR.split(path) if name.strip()]


class Quizzes:
    """The quizzes of one export, one per category, and which one is current."""

    def __init__(self, path: Path, report: Reporter) -> None:
        self.path = path
        self.report = report
        self.by_category: dict[str, Quiz] = {}
        self.current = self._quiz("")
        self.files = {"": QuizFiles(self.current.assets)}
        self.pools: dict[str, Section] = {}  # each pool's category -> its section
        self.pool: Section | None = None  # the pool questions now go to

    def _quiz(self, category: str) -> Quiz:
        quiz = self.by_category.get(category)
        if quiz is None:
            names = category_names(category)
            title = names[-1] if names else self.path.stem
            quiz = Quiz(title=title, id=slug(category or self.path.stem), path=self.path,
                        category=category)
            self.by_category[category] = quiz
        return quiz

    def enter(self, element: etree._Element) -> None:
        """A category question: the questions after it go to its quiz."""
        holder = element.find("category")
        raw = text(holder) if holder is not None and holder.find("text") is not None \
            else (holder.text or "").strip() if holder is not None else ""
        info = element.find("info")
        idnumber = text(element, "idnumber")
        pick = pick_in_info(text(info)) if info is not None and idnumber else None
        if pick is not None and raw:
            self.enter_pool(raw, idnumber, pick, element.sourceline or 1)
            return
        if not self.enter_path(raw, element.sourceline or 1):
            return
        category = self.current.category
        if info is not None and text(info) and not self.current.description:
            ctx = Context(element, self.report, self.files[category])
            self.current.description = ctx.area(info, "category description",
                                                ctx.format_of(info, "moodle_auto_format"))
        if idnumber:
            self.report.warning(element.sourceline or 1, f"the category's idnumber `{idnumber}` "
                                "is not kept (a quiz has no idnumber)")

    def enter_path(self, raw: str, line: int) -> bool:
        """A category path (``$course$/top/A/B``, GIFT's ``$CATEGORY:`` too): the questions
        after it go to its quiz. False, with a warning, for an empty path."""
        if not raw:
            self.report.warning(line, "a category with no path: the questions after it stay in "
                                      "the current category")
            return False
        category = category_path(raw)
        self.current = self._quiz(category)
        self.files.setdefault(category, QuizFiles(self.current.assets))
        self.pool = None
        return True

    def enter_pool(self, raw: str, pool_id: str, pick: int, line: int) -> None:
        """A pool's category: the questions after it are drawn from, in its parent's quiz."""
        category = category_path(raw)
        *parents, name = _SEPARATOR.split(category) or [""]
        parent = "/".join(parents).strip()
        self.current = self._quiz(parent)
        self.files.setdefault(parent, QuizFiles(self.current.assets))
        if category not in self.pools:
            title = name.replace("//", "/").strip()
            self.pools[category] = Section(title, pick, pool_id, line=line)
        self.pool = self.pools[category]

    def add(self, question: Question) -> None:
        """A question read: into the current quiz, and into the current pool, if any."""
        if self.pool is not None:
            question.section = self.pool
            question.tags = [tag for tag in question.tags if tag != self.pool.id]
        self.current.questions.append(question)

    @property
    def current_files(self) -> QuizFiles:
        return self.files[self.current.category]

    def all(self) -> list[Quiz]:
        """The quizzes that hold questions, in the order their categories came."""
        return [quiz for quiz in self.by_category.values() if quiz.questions]
