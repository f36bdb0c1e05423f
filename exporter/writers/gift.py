"""GIFT: Moodle's plain-text question format, for people who keep their banks as text.

Written as Moodle's own GIFT export writes (question/format/gift/format.php,
``writequestion``), since Moodle's GIFT importer is the reader: a
``$CATEGORY:`` line, then per question a ``// [id:...] [tag:...]`` comment,
``::name::``, the text as ``[html]`` and the answers in braces, every
reserved character escaped as its ``repchar`` escapes it. Choice grades are
the Moodle writer's own (formats/moodle_grades.py). What GIFT cannot hold
costs only that question, with a warning naming it: a cloze of several
blanks, a question with images (GIFT carries no files). Points are not
part of GIFT (Moodle gives each question 1): one warning per file where they
differ. GIFT is a source format too, so the file starts with a marker
comment, and a build replaces only a GIFT file it wrote. A pool is a
`$CATEGORY:` of its own below the quiz's, as in Moodle XML, with a
``// pool: ID pick N`` comment (GIFT categories carry no description); a
`$CATEGORY:` after it leads the questions that follow back.
"""
from __future__ import annotations

from exporter.diagnostics import Reporter
from exporter.formats.moodle_grades import NoGradeSplit, choice_fractions, moved_grade, percent
from exporter.formats.moodle_pools import gift_comment, order_lost, pool_categories, quiz_category
from exporter.model import (Blank, ClozeAnswer, EssayAnswer, MatchingAnswer,
                            NumericAnswer, Pool, Question, QuestionType, Quiz, ShortAnswer,
                            TrueFalseAnswer, split_blanks)
from exporter.numbers import decimal_bounds, format_number
from exporter.render.images import all_images
from exporter.render.renderer import Renderer
from exporter.writers import file_name, part_for

MARKER = "// written by lms-export: a build replaces this file; rename it to keep your edits"
_RESERVED = str.maketrans({"\\": "\\\\", "#": "\\#", "=": "\\=", "~": "\\~", "{": "\\{",
                           "}": "\\}", ":": "\\:", "\n": "\\n", "\r": ""})


class _Skip(Exception):
    """A question GIFT cannot hold; the file is written without it."""


def write(quiz: Quiz, report: Reporter) -> dict[str, bytes]:
    renderer = Renderer(quiz, "gift")
    blocks = [f"{MARKER}\n\n$CATEGORY: $course$/top/{quiz_category(quiz)}\n"]
    numbers = {id(question): number for number, question in enumerate(quiz.questions, start=1)}
    categories = pool_categories(quiz)

    def add(question: Question) -> None:
        number = numbers[id(question)]
        try:
            blocks.append(_Question(question, number, renderer, report).block())
        except _Skip as skipped:
            report.warning(question.line, f"gift: question {question.label or number} is left "
                                          f"out: {skipped}")

    in_pool = False
    for block in quiz.blocks():
        if isinstance(block, Pool):
            if not block.shuffle:
                report.warning(block.line, f"gift: {order_lost(block)}")
            blocks.append(f"{gift_comment(block)}\n$CATEGORY: $course$/top/"
                          f"{categories[block.id]}\n")
            for question in block.questions:
                add(question)
            in_pool = True
            continue
        if in_pool:  # back to the quiz's category
            blocks.append(f"$CATEGORY: $course$/top/{quiz_category(quiz)}\n")
            in_pool = False
        add(block)
    points = {q.points for q in quiz.questions}
    if len(points) > 1:
        report.warning(quiz.questions[0].line, "gift: GIFT has no points (Moodle gives each "
                       f"question 1): the questions' points ({', '.join(map(format_number, sorted(points)))}) "
                       "are not kept")
    return {file_name(quiz, "gift"): "\n".join(blocks).encode("utf-8")}


def wrote(data: bytes) -> bool:
    """Whether an existing file is one this writer wrote (its marker line opens it)."""
    return data.startswith(MARKER.encode("utf-8"))


def escape(text: str) -> str:
    """Text as Moodle's repchar writes it: every reserved character escaped, on one line."""
    return text.translate(_RESERVED)


class _Question:
    def __init__(self, question: Question, number: int, renderer: Renderer,
                 report: Reporter) -> None:
        self.question = question
        self.number = number
        self.renderer = renderer
        self.report = report

    def block(self) -> str:
        q = self.question
        if any(all_images(text) for text in q.texts() if text):
            raise _Skip("it shows images, and GIFT carries no files (build it for Moodle XML)")
        lines = []
        bits = [f"[{key}:{_bracketed(value)}]" for key, value in
                [("id", q.id)] * bool(q.id) + [("tag", tag) for tag in q.tags]]
        if bits:
            lines.append("// " + " ".join(bits))
        name = escape(self.renderer.title(q, self.number))
        stem, answers, *after = part_for(self._PARTS, q)(self)
        lines.append(f"::{name}::{stem}{{{answers}{self._general(answers)}}}{''.join(after)}")
        return "\n".join(lines) + "\n"

    def html(self, text: str, inline: bool = False) -> str:
        """``text`` as escaped HTML ("" for an empty text). Only the question text says
        `[html]`: answers and feedback take its format, as in Moodle's own export."""
        if not text.strip():
            return ""
        render = self.renderer.inline if inline else self.renderer.html
        return escape(render(text, self.question))

    def _general(self, answers: str) -> str:
        """`####feedback`, last before the `}`: on a line of its own after answers on lines
        of their own (a blank line would end the question)."""
        feedback = self.html(self.question.feedback)
        if not feedback:
            return ""
        return f"\t####{feedback}\n" if answers.endswith("\n") else f"####{feedback}"

    def _stem(self) -> str:
        return "[html]" + self.html(self.question.stem)

    def _choice(self) -> tuple[str, str]:
        q = self.question
        try:
            fractions, moved = choice_fractions(q)
        except NoGradeSplit as exc:
            raise _Skip(str(exc)) from None
        for letter, grade, written in moved:
            self.report.warning(q.option(letter).line, f"gift: {moved_grade(letter, grade, written)}")
        single = q.type is QuestionType.SINGLE
        lines = []
        for option in q.options:
            fraction = fractions[option.letter]
            mark = "=" if single and fraction == 1 else "~" if fraction == 0 \
                else f"~%{percent(fraction)}%"
            feedback = self.html(option.feedback)
            lines.append(f"\t{mark}{self.html(option.text, inline=True)}"
                         + (f"#{feedback}" if feedback else ""))
        return self._stem(), "\n" + "\n".join(lines) + "\n"

    def _truefalse(self) -> tuple[str, str]:
        answer = self.question.answer
        assert isinstance(answer, TrueFalseAnswer)
        true, false = self.html(answer.true_feedback), self.html(answer.false_feedback)
        right, wrong = (true, false) if answer.value else (false, true)
        tail = f"#{wrong}" if wrong else ("#" if right else "")
        tail += f"#{right}" if right else ""
        return self._stem(), ("TRUE" if answer.value else "FALSE") + tail

    def _numerical(self) -> tuple[str, str]:
        answer = self.question.answer
        assert isinstance(answer, NumericAnswer)
        return self._stem(), _number(answer)

    def _short(self) -> tuple[str, str]:
        answer = self.question.answer
        assert isinstance(answer, ShortAnswer)
        if answer.case_sensitive:
            self.report.warning(self.question.line, "gift: GIFT short answers ignore case; "
                                                    "`Case sensitive: yes` is not kept there")
        return self._stem(), "".join(f"\n\t={escape(text)}" for text in answer.accepted) + "\n"

    def _essay(self) -> tuple[str, str]:
        answer = self.question.answer
        assert isinstance(answer, EssayAnswer)
        if answer.model_answer.strip():
            self.report.warning(self.question.line, "gift: GIFT has no grader information; the "
                                                    "essay's model answer is not kept there")
        return self._stem(), ""

    def _matching(self) -> tuple[str, str]:
        answer = self.question.answer
        assert isinstance(answer, MatchingAnswer)
        pairs = [f"\n\t={self.html(pair.left, inline=True)} -> {escape(pair.right)}"
                 for pair in answer.pairs]
        pairs += [f"\n\t= -> {escape(right)}" for right in answer.distractors]
        return self._stem(), "".join(pairs) + "\n"

    def _cloze(self) -> tuple[str, str, str]:
        """One blank: GIFT's missing-word form, the answer where the blank stands (the
        stem is rendered whole, so Markdown around the blank renders as everywhere)."""
        answer = self.question.answer
        assert isinstance(answer, ClozeAnswer)
        if len(answer.blanks) != 1:
            raise _Skip(f"a cloze question of {len(answer.blanks)} blanks (GIFT holds one "
                        "missing word; build it for Moodle XML, whose Cloze holds them all)")
        before, _, after = split_blanks(self.renderer.html(self.question.stem, self.question))
        return f"[html]{escape(before)}", _blank(answer.blanks[0]), escape(after)

    _PARTS = {
        QuestionType.SINGLE: _choice, QuestionType.MULTIPLE: _choice,
        QuestionType.TRUEFALSE: _truefalse, QuestionType.NUMERICAL: _numerical,
        QuestionType.SHORT: _short, QuestionType.ESSAY: _essay,
        QuestionType.MATCHING: _matching, QuestionType.CLOZE: _cloze,
    }


def _bracketed(value: str) -> str:
    """An id or tag inside `[id:...]`, its `]` escaped as Moodle's export escapes it."""
    return value.replace("]", "\\]")


def _number(answer: NumericAnswer) -> str:
    if answer.range:
        low, high = decimal_bounds(answer)
        return f"#{low}..{high}"
    return f"#{format_number(answer.value)}:{format_number(answer.tolerance)}"


def _blank(blank: Blank) -> str:
    if blank.number is not None:
        return _number(blank.number)
    if blank.choices:
        return " ".join(("=" if choice in blank.accepted else "~") + escape(choice)
                        for choice in blank.choices)
    return " ".join(f"={escape(text)}" for text in blank.accepted)
