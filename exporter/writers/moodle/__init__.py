"""Moodle XML: the file of Question bank > Import > "Moodle XML format".

The shape follows what Moodle 4.x itself exports (see reference/moodle/),
because its importer (question/format/xml/format.php) is the reader:

- A category question comes first, so the questions land in
  ``$course$/top/<category>`` rather than in whatever category the
  importing teacher happens to have open.
- HTML goes in CDATA, like Moodle's export (sanitised HTML never holds
  ``]]>``: nh3 escapes every ``>`` outside a tag).
- Files travel with the text area that references them (base64 ``<file>``
  beside its ``<text>``), because Moodle stores files per area: an image in
  an option must sit in that ``<answer>``, not in the question text.
- Numbers use Moodle's own 7-decimal notation for grades and penalties.
- Cloze marks: Moodle computes a Cloze question's mark as the sum of its
  blanks' whole-number weights and ignores ``<defaultgrade>``; the points
  are shared out as whole numbers when they allow it (3 points, 2 blanks:
  2 + 1), else each blank weighs 1.
- Pools: Moodle XML holds questions, not a quiz, so a pool is a subcategory
  of the quiz's category (formats/moodle_pools.py) whose ``idnumber`` is the
  pool id and whose ``info`` says the draw; its questions are tagged with
  the pool id, and a category question after them leads the questions that
  follow back to the quiz's category. Adding the random questions to a
  Moodle quiz is left to the teacher: the build says so in a note.
- Cloze gaps: a text blank is a SHORTANSWER gap, a choice blank a
  MULTICHOICE gap (``MULTICHOICE_S``, shuffled, where the question
  shuffles: Moodle keeps a plain MULTICHOICE gap's choices in order), a
  numeric blank a NUMERICAL gap with its tolerance. Answers are escaped as
  entities, which Moodle decodes; a typed answer's ``*`` is escaped too,
  or it would be Moodle's wildcard.
"""
from __future__ import annotations

import base64
import html
from functools import lru_cache
from typing import Callable

from lxml import etree

from exporter.model import (Blank, ChoiceAnswer, ClozeAnswer, EssayAnswer, MatchingAnswer,
                            NumericAnswer, Pool, Question, QuestionType, Quiz, ShortAnswer,
                            TrueFalseAnswer, split_blanks)
from exporter.numbers import format_number
from exporter.render.renderer import Renderer
from exporter.diagnostics import Reporter
from exporter.writers import Unrepresentable, file_name, part_for
from exporter.formats.moodle_grades import (NoGradeSplit, choice_fractions, moved_grade,
                                            percent)
from exporter.formats.moodle_pools import (manual_step, order_lost, pool_categories, pool_info,
                                           quiz_category)
from exporter.writers.xml import boolean, clone, streamed, sub

# Moodle's defaults for a new question of each type (question/type/*/edit_*_form.php)
_DEFAULT_PENALTY = {"truefalse": 1.0, "essay": 0.0}
_CHOICE_PENALTY = 0.3333333
_MOODLE_TYPE = {
    QuestionType.SINGLE: "multichoice",
    QuestionType.MULTIPLE: "multichoice",
    QuestionType.TRUEFALSE: "truefalse",
    QuestionType.NUMERICAL: "numerical",
    QuestionType.SHORT: "shortanswer",
    QuestionType.ESSAY: "essay",
    QuestionType.MATCHING: "matching",  # what Moodle exports; its importer reads match too
    QuestionType.CLOZE: "multianswer",
}
# Characters that would end or split an answer of an embedded Cloze question, or
# (`=`, `%`) give a choice a grade; Moodle decodes HTML entities in answers, and its
# parser skips `#` after `&`.
_CLOZE_ESCAPES = {c: f"&#{ord(c)};" for c in "&<>\"{}~#\\=%"}


def write(quiz: Quiz, report: Reporter) -> dict[str, bytes]:
    renderer = Renderer(quiz, "moodle")

    numbers = {id(question): number for number, question in enumerate(quiz.questions, start=1)}
    categories = pool_categories(quiz)

    def write_question(out: etree._IncrementalFileWriter, question: Question,
                       pool: Pool | None = None) -> None:
        out.write(_QuestionWriter(quiz, question, numbers[id(question)], renderer, report,
                                  pool).element(), pretty_print=True)

    def questions(out: etree._IncrementalFileWriter) -> None:
        with out.element("quiz"):
            out.write("\n")
            out.write(_category(quiz, renderer), pretty_print=True)
            in_pool = False
            for block in quiz.blocks():
                if isinstance(block, Pool):
                    out.write(_pool_category(block, categories[block.id], renderer),
                              pretty_print=True)
                    for question in block.questions:
                        write_question(out, question, block)
                    in_pool = True
                    continue
                if in_pool:  # back to the quiz's category
                    out.write(_category_question(quiz_category(quiz)), pretty_print=True)
                    in_pool = False
                write_question(out, block)

    for pool in quiz.pools():
        if not pool.shuffle:
            report.warning(pool.line, f"moodle: {order_lost(pool)}")
        report.note(pool.line, f"moodle: {manual_step(pool, categories[pool.id])}")
    return {file_name(quiz, "moodle"): streamed(questions)}


def _category_question(path: str) -> etree._Element:
    """A category question: the questions after it go to ``$course$/top/`` + ``path``."""
    question = sub(None, "question", type="category")
    sub(sub(question, "category"), "text", f"$course$/top/{path}")
    return question


def _category(quiz: Quiz, renderer: Renderer) -> etree._Element:
    """The quiz's category question: its category (or its title), described."""
    question = _category_question(quiz_category(quiz))
    _TextAreas(renderer).add(question, "info", renderer.html(quiz.description))
    return question


def _pool_category(pool: Pool, path: str, renderer: Renderer) -> etree._Element:
    """A pool's subcategory (``path``): described by its draw, numbered by the pool's id."""
    question = _category_question(path)
    _TextAreas(renderer).add(question, "info", pool_info(pool))
    sub(question, "idnumber", pool.id)
    return question


@lru_cache(maxsize=None)  # a few tags, all named in this module
def _empty_area(tag: str) -> etree._Element:
    """A text area with no text and no file."""
    area = sub(None, tag, format="html")
    sub(area, "text", "")
    return area


class _TextAreas:
    """HTML text areas, each with the files its HTML references."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer

    def add(self, parent: etree._Element, tag: str, fragment: str) -> etree._Element:
        if not fragment:  # most feedback areas, copied: a question has eight, all alike
            area = clone(_empty_area(tag))
            parent.append(area)
            return area
        area = sub(parent, tag, format="html")
        self.fill(area, fragment)
        return area

    def fill(self, area: etree._Element, fragment: str) -> None:
        if not fragment:  # most feedback areas: no text, no files
            sub(area, "text", "")
            return
        # nh3 escapes every ">" of text and attributes, so no fragment holds "]]>"
        sub(area, "text", etree.CDATA(fragment))
        for asset in self.renderer.assets_in(fragment):
            sub(area, "file", base64.b64encode(asset.data).decode("ascii"),
                name=asset.name, path="/", encoding="base64")


class _QuestionWriter:
    """One ``<question>``: the common header, the type's own part, then tags."""

    def __init__(self, quiz: Quiz, question: Question, number: int, renderer: Renderer,
                 report: Reporter, pool: Pool | None = None) -> None:
        self.quiz = quiz
        self.pool = pool
        self.report = report
        self.question = question
        self.number = number
        self.renderer = renderer
        self.areas = _TextAreas(renderer)
        self.kind = _MOODLE_TYPE[question.type]

    def element(self) -> etree._Element:
        q = self.question
        self.root = sub(None, "question", type=self.kind)
        name = self.renderer.title(q, self.number)
        sub(sub(self.root, "name"), "text", html.escape(name, quote=False))
        if q.type is QuestionType.CLOZE:
            self.areas.add(self.root, "questiontext", self._cloze_text())
        else:
            self.areas.add(self.root, "questiontext", self.html(q.stem))
        self.areas.add(self.root, "generalfeedback", self.html(q.feedback))
        sub(self.root, "defaultgrade", _decimal(q.points))
        sub(self.root, "penalty", _decimal(self._penalty()))
        sub(self.root, "hidden", "0")
        sub(self.root, "idnumber", q.id)
        part_for(self._PARTS, q)(self)
        names = q.tags if self.pool is None or self.pool.id in q.tags else q.tags + [self.pool.id]
        if names:
            tags = sub(self.root, "tags")
            for tag in names:
                sub(sub(tags, "tag"), "text", tag)
        return self.root

    def html(self, text: str) -> str:
        return self.renderer.html(text, self.question) if text else ""  # most feedback is empty

    def _penalty(self) -> float:
        if self.question.penalty is not None:
            return self.question.penalty
        return _DEFAULT_PENALTY.get(self.kind, _CHOICE_PENALTY)

    def _shuffle(self) -> str:
        return boolean(self.quiz.effective_shuffle(self.question))

    def _combined_feedback(self) -> None:
        for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            self.areas.add(self.root, tag, "")

    def _answer(self, fraction: float, fragment: str, feedback: str = "",
                html_text: bool = True) -> etree._Element:
        answer = sub(self.root, "answer", fraction=percent(fraction),
                     format="html" if html_text else "moodle_auto_format")
        if html_text:
            self.areas.fill(answer, fragment)
        else:
            sub(answer, "text", fragment)
        self.areas.add(answer, "feedback", self.html(feedback))
        return answer

    def _multichoice(self) -> None:
        q = self.question
        assert isinstance(q.answer, ChoiceAnswer)
        single = q.type is QuestionType.SINGLE
        sub(self.root, "single", boolean(single))
        sub(self.root, "shuffleanswers", self._shuffle())
        sub(self.root, "answernumbering", "ABCD")
        sub(self.root, "showstandardinstruction", "0")
        self._combined_feedback()
        if not single:
            sub(self.root, "shownumcorrect")
        try:
            fractions, moved = choice_fractions(q)
        except NoGradeSplit as exc:
            raise Unrepresentable(q.key_line, str(exc)) from None
        for letter, grade, written in moved:
            self.report.warning(q.option(letter).line, f"moodle: {moved_grade(letter, grade, written)}")
        for option in q.options:
            self._answer(fractions[option.letter], self.renderer.inline(option.text, q),
                         option.feedback)

    def _truefalse(self) -> None:
        q = self.question
        assert isinstance(q.answer, TrueFalseAnswer)
        for value, feedback in ((True, q.answer.true_feedback), (False, q.answer.false_feedback)):
            self._answer(1.0 if value == q.answer.value else 0.0, boolean(value), feedback,
                         html_text=False)

    def _numerical(self) -> None:
        answer = self.question.answer
        assert isinstance(answer, NumericAnswer)
        element = self._answer(1.0, format_number(answer.value), html_text=False)
        sub(element, "tolerance", format_number(answer.tolerance))
        sub(self.root, "unitgradingtype", "0")
        sub(self.root, "unitpenalty", "0.1000000")
        sub(self.root, "showunits", "3")  # qtype_numerical::UNITNONE: no unit field at all
        sub(self.root, "unitsleft", "0")

    def _shortanswer(self) -> None:
        answer = self.question.answer
        assert isinstance(answer, ShortAnswer)
        sub(self.root, "usecase", "1" if answer.case_sensitive else "0")
        for accepted in answer.accepted:
            # `*` is Moodle's wildcard; the author meant a literal star
            self._answer(1.0, accepted.replace("*", "\\*"), html_text=False)

    def _essay(self) -> None:
        answer = self.question.answer
        assert isinstance(answer, EssayAnswer)
        for tag, value in (("responseformat", "editor"), ("responserequired", "1"),
                           ("responsefieldlines", "15"), ("minwordlimit", ""),
                           ("maxwordlimit", ""), ("attachments", "0"),
                           ("attachmentsrequired", "0"), ("maxbytes", "0"),
                           ("filetypeslist", "")):
            sub(self.root, tag, value)
        self.areas.add(self.root, "graderinfo", self.html(answer.model_answer))
        self.areas.add(self.root, "responsetemplate", "")

    def _match(self) -> None:
        answer = self.question.answer
        assert isinstance(answer, MatchingAnswer)
        sub(self.root, "shuffleanswers", self._shuffle())
        self._combined_feedback()
        for pair in answer.pairs:
            left = self.areas.add(self.root, "subquestion",
                                  self.renderer.inline(pair.left, self.question))
            sub(sub(left, "answer"), "text", pair.right)
        for right in answer.distractors:  # Moodle's distractor: a subquestion with no text
            sub(sub(self.areas.add(self.root, "subquestion", ""), "answer"), "text", right)

    def _cloze_text(self) -> str:
        q = self.question
        assert isinstance(q.answer, ClozeAnswer)
        weights = _blank_weights(q.points, len(q.answer.blanks))
        pieces = []
        for part in split_blanks(self.html(q.stem)):
            if isinstance(part, str):
                pieces.append(part.replace("{", "&#123;"))  # no author text may open a blank
                continue
            pieces.append(self._gap(q.answer.blanks[part], weights[part]))
        return "".join(pieces)

    def _gap(self, blank: Blank, weight: int) -> str:
        """One blank as Moodle's gap: ``{1:SHORTANSWER:=a~=b}``, ``{1:MULTICHOICE:=right~wrong}``
        (``MULTICHOICE_S`` where the question shuffles) or ``{1:NUMERICAL:=3.14:0.01}``."""
        if blank.number is not None:
            tolerance = f":{format_number(blank.number.tolerance)}" if blank.number.tolerance else ""
            return f"{{{weight}:NUMERICAL:={format_number(blank.number.value)}{tolerance}}}"
        if blank.choices:
            kind = "MULTICHOICE_S" if self.quiz.effective_shuffle(self.question) else "MULTICHOICE"
            choices = "~".join(("=" if choice in blank.accepted else "") + _cloze_escape(choice)
                               for choice in blank.choices)
            return f"{{{weight}:{kind}:{choices}}}"
        accepted = "~".join("=" + _cloze_escape(a.replace("*", "\\*")) for a in blank.accepted)
        return f"{{{weight}:SHORTANSWER:{accepted}}}"

    def _multianswer(self) -> None:
        """A Cloze question is all in its text (see _cloze_text)."""

    _PARTS: dict[QuestionType, Callable[["_QuestionWriter"], None]] = {
        QuestionType.SINGLE: _multichoice,
        QuestionType.MULTIPLE: _multichoice,
        QuestionType.TRUEFALSE: _truefalse,
        QuestionType.NUMERICAL: _numerical,
        QuestionType.SHORT: _shortanswer,
        QuestionType.ESSAY: _essay,
        QuestionType.MATCHING: _match,
        QuestionType.CLOZE: _multianswer,
    }


def _cloze_escape(text: str) -> str:
    return "".join(_CLOZE_ESCAPES.get(c, c) for c in text)


def _blank_weights(points: float, blanks: int) -> list[int]:
    """Whole-number weights adding up to the points where possible, else 1 each."""
    if points != int(points) or points < blanks:
        return [1] * blanks
    base, extra = divmod(int(points), blanks)
    return [base + (i < extra) for i in range(blanks)]


def _decimal(value: float) -> str:
    return f"{value:.7f}"
