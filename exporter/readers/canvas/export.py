"""A Canvas export as quizzes: each assessment one quiz, each question bank one more.

Two kinds of package hold Canvas quizzes, both read here:

- The "QTI quiz export" (Quizzes > Export): ``imsmanifest.xml`` names
  ``ID/ID.xml`` (resource type ``imsqti_xmlv1p2``) and, through a
  dependency, ``ID/assessment_meta.xml``.
- The course export (``.imscc``): ``non_cc_assessments/ID.xml.qti`` holds each
  quiz whole and each question bank (an ``objectbank``). Its Common
  Cartridge copy ``ID/assessment_qti.xml`` is never read: it keeps only the
  first N questions of each group.

A quiz takes its title, description and shuffle from ``assessment_meta.xml``
(beside it, named by the assessment's ident). A question group (a nested
``section`` with ``selection_number``) becomes a section of the model that
draws ``pick`` of its questions, each question worth the group's
``points_per_item``; a group that draws from a bank takes that bank's
questions. A bank question a quiz already holds (its item names it in
``assessment_question_identifierref``) is read once, in the quiz; a bank
left with no question of its own is no quiz.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from exporter.diagnostics import Reporter
from exporter.ids import slug
from exporter.model import Quiz, Section
from exporter.numbers import parse_number
from exporter.readers.canvas.items import ItemReader
from exporter.readers.canvas.qti12 import line, local_names, metadata
from exporter.readers.canvas.texts import Texts
from exporter.readers.moodle.files import QuizFiles
from exporter.readers.package import Package, member_report

WHICH = "Canvas exports"  # what has no DTD, in the refusal of one


@dataclass
class Draw:
    """A question group that draws from a bank: filled once every file is read."""

    quiz: Quiz
    section: Section
    bank: str
    points: float | None
    line: int
    report: Reporter


@dataclass
class Export:
    """The quizzes and banks of one package (or one bare file) as they are read."""

    path: Path
    package: Package | None
    report: Reporter  # the package's own: its members' reporters are made from it
    quizzes: list[Quiz] = field(default_factory=list)
    banks: dict[str, Quiz] = field(default_factory=dict)
    in_quizzes: set[str] = field(default_factory=set)  # bank questions a quiz holds
    draws: list[Draw] = field(default_factory=list)
    places: list[tuple[int, Reporter]] = field(default_factory=list)  # of each quiz

    def read(self, files: list[tuple[etree._Element, Reporter]]) -> list[Quiz]:
        """The ``questestinterop`` roots of the export, each with its reporter: every
        assessment first, so that a bank reads only the questions no quiz holds."""
        for root, report in files:
            for assessment in local_names(root).iter("assessment"):
                self._assessment(assessment, report)
            if root.find("item") is not None:  # items on their own: one quiz, named by the file
                self._assessment(root, report, self.path.name.split(".")[0])
        for root, report in files:
            for bank in root.iter("objectbank"):
                self._bank(bank, report)
        return self._all()

    def _quiz(self, title: str) -> Quiz:
        return Quiz(title=title, id=slug(title), path=self.path)

    def _assessment(self, assessment: etree._Element, report: Reporter, title: str = "") -> None:
        ident = assessment.get("ident", "")
        quiz = self._quiz(assessment.get("title", "") or title or ident)
        self._settings(quiz, ident, report)
        texts = Texts(self.package, QuizFiles(quiz.assets))
        root_section = assessment.find("section")
        for child in (root_section if root_section is not None else assessment):
            if child.tag == "item":
                self._item(quiz, child, texts, report, None)
            elif child.tag == "section":
                self._group(quiz, child, texts, report)
        self.quizzes.append(quiz)
        self.places.append((line(assessment), report))

    def _settings(self, quiz: Quiz, ident: str, report: Reporter) -> None:
        """Title, description and shuffle from ``ID/assessment_meta.xml``, when it is there."""
        name = f"{ident}/assessment_meta.xml"
        if self.package is None or name not in self.package.members:
            return
        meta_report = member_report(self.report, name)
        root = self.package.xml(name, WHICH, meta_report)
        if root is None:
            return
        local_names(root)
        title = (root.findtext("title") or "").strip()
        if title:
            quiz.title, quiz.id = title, slug(title)
        quiz.shuffle = (root.findtext("shuffle_answers") or "").strip() == "true"
        description = root.findtext("description") or ""
        if description.strip():
            where = line(root.find("description"))
            quiz.description = Texts(self.package, QuizFiles(quiz.assets)).markdown(
                description, "quiz description", lambda message: meta_report.warning(where, message))

    def _group(self, quiz: Quiz, group: etree._Element, texts: Texts, report: Reporter) -> None:
        selection = group.find("selection_ordering/selection")
        found = selection is not None
        pick = parse_number(selection.findtext("selection_number")) if found else None
        points = parse_number(selection.findtext("selection_extension/points_per_item")) \
            if found else None
        section = Section(group.get("title", "") or "Group",
                          int(pick) if pick and pick > 0 else None)
        items = group.findall("item")
        for item in items:
            self._item(quiz, item, texts, report, section, points)
        bank = (selection.findtext("sourcebank_ref") or "").strip() if selection is not None else ""
        if not items and bank:
            self.draws.append(Draw(quiz, section, bank, points, line(group), report))

    def _item(self, quiz: Quiz, item: etree._Element, texts: Texts, report: Reporter,
              section: Section | None, points: float | None = None, bank: bool = False) -> None:
        if not bank:  # the bank question it copies, if any, is read here and only here
            bank_ref = metadata(item).get("assessment_question_identifierref", "")
            self.in_quizzes.update(filter(None, (bank_ref, item.get("ident", "").strip())))
        question = ItemReader(item, texts, report).question()
        if question is None:
            return
        question.section = section
        if points is not None and points > 0:
            question.points = points
        quiz.questions.append(question)

    def _bank(self, bank: etree._Element, report: Reporter) -> None:
        ident = bank.get("ident", "")
        title = metadata(bank).get("bank_title", "") or ident
        quiz = self._quiz(title)
        texts = Texts(self.package, QuizFiles(quiz.assets))
        for item in bank.iter("item"):
            if item.get("ident", "").strip() not in self.in_quizzes:
                self._item(quiz, item, texts, report, None, bank=True)
        self.banks[ident] = quiz

    def _all(self) -> list[Quiz]:
        """The quizzes, then the banks' questions no quiz holds; every id unique in the run."""
        for draw in self.draws:
            bank = self.banks.get(draw.bank)
            if bank is None:
                draw.report.warning(draw.line, f"question group `{draw.section.title}` draws "
                                    f"from question bank `{draw.bank}`, which the export does "
                                    "not hold: the group is left out")
                continue
            for question in bank.questions:
                points = draw.points if draw.points and draw.points > 0 else question.points
                draw.quiz.questions.append(replace(question, section=draw.section,
                                                   points=points))
                self.in_quizzes.add(question.id)
            draw.quiz.assets.update(bank.assets)
        quizzes = []
        for quiz, (where, report) in zip(self.quizzes, self.places):
            if quiz.questions:
                quizzes.append(quiz)
            else:
                report.warning(where, f"quiz `{quiz.title}` holds no question that can be read: "
                                      "left out")
        for bank in self.banks.values():
            bank.questions = [q for q in bank.questions if q.id not in self.in_quizzes]
            if bank.questions:
                quizzes.append(bank)
        taken: set[str] = set()
        for quiz in quizzes:
            base, count = quiz.id, 1
            while quiz.id in taken:
                count += 1
                quiz.id = f"{base}-{count}"
            taken.add(quiz.id)
        return quizzes

