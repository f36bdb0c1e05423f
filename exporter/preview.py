"""The HTML preview: each quiz as a student sees it, with the key for its author.

One self-contained page per quiz (inline CSS, MathML, images as data URIs,
no script and no network), so it opens from a CI artifact or an e-mail as
well as from disk. A pool is a frame around all its questions, saying how
many of them each student draws: the author checks every one, and sees
which stand together. Diagnostics sit beside the question they concern, which
is what an author fixing a file wants to look at. Without the key, nothing
of the answers is in the page at all, so it can be handed to students.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import lxml.html
from lxml import etree
from lxml.html import builder as E

from exporter.diagnostics import Diagnostic
from exporter.keys import blank_in_words, key_in_words, right_sides
from exporter.model import (Blank, ClozeAnswer, EssayAnswer, MatchingAnswer, NumericAnswer, Pool,
                            Question, QuestionType, Quiz, ShortAnswer, TrueFalseAnswer, split_blanks)
from exporter.numbers import format_number, format_percent
from exporter.pipeline.summary import plural
from exporter.render.fragments import append_html
from exporter.render.renderer import Renderer

_TYPE_NAMES = {
    QuestionType.SINGLE: "single answer",
    QuestionType.MULTIPLE: "select all that apply",
    QuestionType.TRUEFALSE: "true or false",
    QuestionType.NUMERICAL: "number",
    QuestionType.SHORT: "short answer",
    QuestionType.ESSAY: "essay",
    QuestionType.MATCHING: "matching",
    QuestionType.CLOZE: "fill in the blanks",
}


@dataclass(frozen=True)
class PageEntry:
    """What the index lists about one previewed file."""

    page: str  # file name of the page
    title: str
    source: str
    questions: int
    points: float
    errors: int
    warnings: int


def page_name(path: Path, quiz: Quiz | None, taken: set[str]) -> str:
    """The quiz id as a file name; two files of one id (a copy beside its original) both get a page."""
    stem = quiz.id if quiz else path.stem
    name, number = f"{stem}.html", 1
    while name in taken:
        number += 1
        name = f"{stem}-{number}.html"
    return name


def quiz_page(path: Path, quiz: Quiz | None, diagnostics: list[Diagnostic], key: bool,
              taken: set[str]) -> tuple[bytes, PageEntry]:
    """One quiz as a page (``quiz`` None: a file that could not be read, with its
    diagnostics), and its line in the index; ``taken``: page names already used."""
    title = quiz.title if quiz else path.name
    body = E.BODY(E.CLASS("with-key" if key else "student"))
    header = E.HEADER(E.CLASS("quiz"), E.H1(title))
    body.append(header)
    placed = _by_question(quiz, diagnostics)
    if quiz:
        renderer = Renderer(quiz, "preview")
        append_html(header, renderer.html(quiz.description))
        header.append(E.P(E.CLASS("meta"), f"{len(quiz.questions)} questions · "
                          f"{format_number(quiz.total_points)} points · {path}"))
        header.extend(_diagnostics(placed.get(None, [])))
        main = E.MAIN()
        body.append(main)
        numbers = {id(question): number for number, question in enumerate(quiz.questions, start=1)}

        def card(question: Question) -> etree._Element:
            number = numbers[id(question)]
            return _QuestionView(quiz, question, number, renderer, key).element(
                placed.get(number - 1, []))

        for block in quiz.blocks():
            if isinstance(block, Pool):
                main.append(_pool_frame(block, [card(q) for q in block.questions]))
            else:
                main.append(card(block))
    else:
        header.extend(_diagnostics(diagnostics))
    entry = PageEntry(page_name(path, quiz, taken), title, str(path),
                      len(quiz.questions) if quiz else 0, quiz.total_points if quiz else 0,
                      sum(d.is_error for d in diagnostics), sum(d.is_warning for d in diagnostics))
    return _document(title, body), entry


def _pool_frame(pool: Pool, cards: list[etree._Element]) -> etree._Element:
    """A pool's questions in one frame, under what a student gets of them."""
    head = E.P(E.CLASS("pool-head"), E.SPAN(E.CLASS("pool-title"), pool.title), " · ",
               E.SPAN(E.CLASS("pool-draw"), f"{pool.pick} of these {len(pool.questions)} are drawn"),
               f" · {plural(pool.points, 'point')} each"
               + ("" if pool.shuffle else " · in this order"))
    return E.DIV(E.CLASS("pool"), head, *cards, **{"data-pool": pool.id})


def index_page(entries: list[PageEntry]) -> bytes:
    """The bank at a glance: every quiz, its size and how many problems it has."""
    # the counts again as data, so that a later preview of one file can keep the other rows
    rows = [E.TR(E.TD(E.A(e.title, href=e.page)), E.TD(e.source), E.TD(str(e.questions)),
                 E.TD(format_number(e.points)),
                 E.TD(_problems(e), E.CLASS("problems" if e.errors else "clean")),
                 **{"data-points": repr(e.points), "data-errors": str(e.errors),
                    "data-warnings": str(e.warnings)})
            for e in entries]
    table = E.TABLE(E.CLASS("index"), E.THEAD(E.TR(E.TH("Quiz"), E.TH("Source"),
                                                   E.TH("Questions"), E.TH("Points"),
                                                   E.TH("Problems"))), E.TBODY(*rows))
    body = E.BODY(E.HEADER(E.CLASS("quiz"), E.H1("Quiz preview"),
                           E.P(E.CLASS("meta"), f"{len(entries)} quizzes")), E.MAIN(table))
    return _document("Quiz preview", body)


def index_entries(page: bytes) -> list[PageEntry]:
    """The rows of an index page this module wrote (none from any other page)."""
    try:
        rows = lxml.html.fromstring(page).xpath("//table[@class='index']/tbody/tr[@data-errors]")
        return [PageEntry(row[0][0].get("href"), row[0][0].text_content(), row[1].text_content(),
                          int(row[2].text_content()), float(row.get("data-points")),
                          int(row.get("data-errors")), int(row.get("data-warnings")))
                for row in rows]
    except (etree.ParserError, IndexError, TypeError, ValueError):
        return []


def _problems(entry: PageEntry) -> str:
    return ", ".join(plural(count, word) for count, word in
                     ((entry.errors, "error"), (entry.warnings, "warning")) if count) or "none"


def _document(title: str, body: etree._Element) -> bytes:
    css = resources.files("exporter").joinpath("preview.css").read_text(encoding="utf-8")
    head = E.HEAD(E.META(charset="utf-8"),
                  E.META(name="viewport", content="width=device-width, initial-scale=1"),
                  E.META(name="color-scheme", content="light dark"),
                  E.TITLE(title), E.STYLE(css))
    page = E.HTML(head, body, lang="en")
    return lxml.html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8", method="html")


def _by_question(quiz: Quiz | None, diagnostics: list[Diagnostic]) -> dict[int | None, list[Diagnostic]]:
    """Each diagnostic under the question whose lines hold it (None: before the first)."""
    starts = [q.line for q in quiz.questions] if quiz else []
    placed: dict[int | None, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        index = None
        for position, start in enumerate(starts):
            if diagnostic.line >= start:
                index = position
        placed.setdefault(index, []).append(diagnostic)
    return placed


def _diagnostics(diagnostics: list[Diagnostic]) -> list[etree._Element]:
    return [E.DIV(E.CLASS(f"diagnostic {d.severity.value}"),
                  E.SPAN(E.CLASS("where"), f"line {d.line}:{d.column}"),
                  E.SPAN(E.CLASS("severity"), d.severity.value), " ", d.message)
            for d in diagnostics]


def _blank_box(text: str = "") -> etree._Element:
    return E.SPAN(E.CLASS("blank"), text or "\u00a0")


class _QuestionView:
    """One question's card."""

    def __init__(self, quiz: Quiz, question: Question, number: int, renderer: Renderer,
                 key: bool) -> None:
        self.quiz = quiz
        self.question = question
        self.number = number
        self.renderer = renderer
        self.key = key

    def html(self, text: str) -> str:
        return self.renderer.html(text, self.question)

    def element(self, diagnostics: list[Diagnostic]) -> etree._Element:
        q = self.question
        card = E.SECTION(E.CLASS("question" + (" has-errors" if any(d.is_error for d in diagnostics)
                                               else "")),
                         id=f"q{self.number}", **{"data-type": q.type.value, "data-id": q.id,
                                                  "data-line": str(q.line)})
        card.append(E.DIV(E.CLASS("head"), E.SPAN(E.CLASS("number"), q.label or str(self.number)),
                          E.SPAN(E.CLASS("type"), _TYPE_NAMES[q.type]),
                          E.SPAN(E.CLASS("points"), plural(q.points, "point"))))
        card.extend(_diagnostics(diagnostics))
        stem = E.DIV(E.CLASS("stem"))
        card.append(stem)
        self._PARTS[q.type](self, card, stem)
        if self.key and q.feedback.strip():
            feedback = E.DIV(E.CLASS("feedback general"), E.SPAN(E.CLASS("label"), "Feedback"))
            append_html(feedback, self.html(q.feedback))
            card.append(feedback)
        return card

    def _choice(self, card: etree._Element, stem: etree._Element) -> None:
        append_html(stem, self.html(self.question.stem))
        self._options(card, [(o.letter, self.renderer.inline(o.text, self.question),
                              self.question.is_correct(o), o.feedback)
                             for o in self.question.options],
                      self.question.grades() if self.question.graded else {})

    def _truefalse(self, card: etree._Element, stem: etree._Element) -> None:
        answer = self.question.answer
        assert isinstance(answer, TrueFalseAnswer)
        append_html(stem, self.html(self.question.stem))
        self._options(card, [("T", "True", answer.value, answer.true_feedback),
                             ("F", "False", not answer.value, answer.false_feedback)])

    def _open(self, card: etree._Element, stem: etree._Element) -> None:
        """Numerical, short answer and essay: a box to write in, and the key under it."""
        answer = self.question.answer
        append_html(stem, self.html(self.question.stem))
        box = E.DIV(E.CLASS("response " + ("essay" if isinstance(answer, EssayAnswer) else "line")))
        card.append(box)
        if self.key:
            self._open_key(box, answer)

    def _options(self, card: etree._Element, options: list[tuple[str, str, bool, str]],
                 grades: dict[str, float] | None = None) -> None:
        """The options; with the key, the correct ones marked and each graded option's
        share of the points beside it (`50%`, `-25%`)."""
        listing = E.OL(E.CLASS("options"))
        card.append(listing)
        for letter, fragment, correct, feedback in options:
            item = E.LI(E.CLASS("option" + (" correct" if self.key and correct else "")),
                        E.SPAN(E.CLASS("letter"), letter), **{"data-letter": letter})
            body = E.DIV(E.CLASS("text"))
            append_html(body, fragment)
            item.append(body)
            if self.key:
                item.set("data-correct", "true" if correct else "false")
                if correct:
                    item.append(E.SPAN(E.CLASS("mark"), "✓", title="correct"))
                if grades and grades.get(letter):
                    item.append(E.SPAN(E.CLASS("grade"), format_percent(grades[letter]),
                                       title="share of the points"))
                if feedback.strip():
                    note = E.DIV(E.CLASS("feedback option-feedback"))
                    append_html(note, self.html(feedback))
                    body.append(note)
            listing.append(item)

    def _open_key(self, box: etree._Element, answer) -> None:
        if isinstance(answer, EssayAnswer):
            if answer.model_answer.strip():
                box.append(E.SPAN(E.CLASS("label"), "Model answer"))
                append_html(box, self.html(answer.model_answer))
            return
        box.set("data-key", key_in_words(self.question))
        if isinstance(answer, NumericAnswer):
            box.append(E.SPAN(E.CLASS("key-value"), key_in_words(self.question)))
        elif isinstance(answer, ShortAnswer):
            box.extend(E.SPAN(E.CLASS("key-value"), text) for text in answer.accepted)

    def _matching(self, card: etree._Element, stem: etree._Element) -> None:
        answer = self.question.answer
        assert isinstance(answer, MatchingAnswer)
        append_html(stem, self.html(self.question.stem))
        rights = right_sides(answer)
        rows = []
        for pair in answer.pairs:
            left = E.TD(E.CLASS("left"))
            append_html(left, self.renderer.inline(pair.left, self.question))
            choice = E.TD(E.SPAN(E.CLASS("select"), pair.right if self.key else "Choose…"))
            if self.key:
                choice.set("data-correct", pair.right)
            rows.append(E.TR(left, E.TD(E.CLASS("arrow"), "→"), choice))
        card.append(E.TABLE(E.CLASS("matching"), E.TBODY(*rows)))
        card.append(E.P(E.CLASS("choices"), "Choices: " + " · ".join(rights)))

    def _cloze(self, card: etree._Element, stem: etree._Element) -> None:
        answer = self.question.answer
        assert isinstance(answer, ClozeAnswer)
        pieces = []
        for part in split_blanks(self.html(self.question.stem)):
            if isinstance(part, str):
                pieces.append(part)
                continue
            blank = answer.blanks[part]
            box = self._choice_blank(blank) if blank.choices else _blank_box(
                blank_in_words(blank) if self.key else "")
            box.set("data-blank", str(part + 1))
            if self.key:
                box.set("data-correct", " | ".join(blank.accepted) if blank.choices
                        else blank_in_words(blank))
            pieces.append(lxml.html.tostring(box, encoding="unicode"))
        append_html(stem, "".join(pieces))

    def _choice_blank(self, blank: Blank) -> etree._Element:
        """A drop-down of the blank's choices in their order; with the key, the correct one is
        selected, else a "Choose…" placeholder is, so the student page gives nothing away."""
        select = E.SELECT(E.CLASS("blank-choice"))
        if not self.key:
            select.append(E.OPTION("Choose…", selected="selected", value=""))
        for text in blank.choices:
            option = E.OPTION(text, value=text)
            if self.key and text in blank.accepted:
                option.set("selected", "selected")
            select.append(option)
        return select

    # every type has its part; a writer's test checks that no table misses one
    _PARTS = {
        QuestionType.SINGLE: _choice,
        QuestionType.MULTIPLE: _choice,
        QuestionType.TRUEFALSE: _truefalse,
        QuestionType.NUMERICAL: _open,
        QuestionType.SHORT: _open,
        QuestionType.ESSAY: _open,
        QuestionType.MATCHING: _matching,
        QuestionType.CLOZE: _cloze,
    }
