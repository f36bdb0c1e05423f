"""Each core Moodle question type read into the model.

One function per ``type=`` of Moodle's importer (question/format/xml/format.php),
reading the same elements it reads. A choice question's grades are kept
per option only where they differ from what the key alone implies (equal
shares), so a plain question stays plain in our Markdown. The model has no
per-answer feedback for short or numerical answers, and no units: where a Moodle question uses them, the function keeps what the model
can hold and names what it dropped in a warning at the question's line.
"""
from __future__ import annotations

from typing import Callable

from exporter.model import (ChoiceAnswer, EssayAnswer, Location, MatchPair, MatchingAnswer,
                            NumericAnswer, Option, Question, QuestionType, ShortAnswer,
                            TrueFalseAnswer, option_letter)
from exporter.numbers import format_percent as percent
from exporter.readers.moodle.answers import MoodleAnswer, read_answers
from exporter.readers.moodle.context import Context
from exporter.readers.moodle.drags import choice_gaps
from exporter.readers.moodle.header import Header, read_header
from exporter.readers.moodle.parse import text
from exporter.formats.moodle_grades import NoGradeSplit, key_fractions


def _question(ctx: Context, header: Header, kind: QuestionType, answer, **extra) -> Question:  # noqa: ANN001
    return Question(type=kind, stem=header.stem, answer=answer, line=ctx.line, id=header.id,
                    points=header.points, tags=header.tags, feedback=header.feedback,
                    penalty=header.penalty, parts=header.parts, **extra)


def _key_at(header: Header, answer: MoodleAnswer) -> None:
    header.parts["key"] = Location(answer.line)


def _true(raw: str) -> bool:
    """Moodle's trans_single(): "false", "0" and "" are false."""
    return raw.strip() not in ("false", "0", "")


def _number(raw: str | None) -> float:
    try:
        return float((raw or "0").strip())
    except ValueError:
        return 0.0


def multichoice(ctx: Context) -> Question | None:
    header = read_header(ctx)
    single = _true(text(ctx.element, "single", "true"))
    answers = read_answers(ctx, html_text=True)
    if len(answers) < 2:
        ctx.error("a multiple-choice question needs at least 2 options")
        return None
    options = [Option(option_letter(i), a.text, a.line, a.feedback)
               for i, a in enumerate(answers)]
    pick = _single_key if single else _multi_key
    letters = pick(ctx, answers, options)
    if not letters:
        return None
    _key_at(header, answers[[o.letter for o in options].index(letters[0])])
    shuffle = _true(text(ctx.element, "shuffleanswers", "false"))
    kind = QuestionType.SINGLE if single else QuestionType.MULTIPLE
    return _question(ctx, header, kind, ChoiceAnswer(tuple(letters)), options=options,
                     shuffle=shuffle)


def _single_key(ctx: Context, answers: list[MoodleAnswer], options: list[Option]) -> list[str]:
    full = [o.letter for a, o in zip(answers, options) if a.full]
    best = max(a.fraction for a in answers)
    if best <= 0:
        ctx.error("no option gives any marks: one option needs 100%")
        return []
    if not full:
        full = [o.letter for a, o in zip(answers, options) if a.fraction == best][:1]
        ctx.warn(f"no option gives 100%: the best, ({full[0]}) at {percent(best)}, is read as "
                 "the key and gives full marks")
    elif len(full) > 1:
        ctx.warn(f"options {', '.join(full)} all give 100%: a single-answer question has one "
                 f"key here, so only ({full[0]}) is kept as correct")
    for answer, option in zip(answers, options):
        if option.letter != full[0] and answer.fraction != 0 and not answer.full:
            option.grade = answer.fraction  # partial credit or a penalty, `Grade (X):`
    return full[:1]


def _multi_key(ctx: Context, answers: list[MoodleAnswer], options: list[Option]) -> list[str]:
    correct = [(a, o) for a, o in zip(answers, options) if a.fraction > 0]
    if not correct:
        ctx.error("no option gives any marks: at least one option needs a positive grade")
        return []
    try:
        derived = key_fractions([o.letter for _, o in correct],
                                [o.letter for a, o in zip(answers, options) if a.fraction <= 0])
    except NoGradeSplit:  # too many correct options to share: every grade is stated
        derived = {}
    if any(o.letter not in derived or abs(a.fraction - derived[o.letter]) > 1e-5
           for a, o in zip(answers, options)):
        for answer, option in zip(answers, options):  # graded as written: `Grade (X):`
            option.grade = answer.fraction or None
    return [o.letter for _, o in correct]


def truefalse(ctx: Context) -> Question | None:
    header = read_header(ctx)
    truth: bool | None = None
    feedback = {"true": "", "false": ""}
    for position, element in enumerate(ctx.element.iterfind("answer")):
        said = text(element)
        if said not in ("true", "false"):  # an old export in the author's language: true first
            said = "true" if position == 0 else "false"
        full = _number(element.get("fraction")) == 100
        truth = full if said == "true" else not full
        header.parts.setdefault("key", Location(element.sourceline or ctx.line))
        feedback[said] = ctx.area(element.find("feedback"), f"feedback for {said}")
    if truth is None:
        ctx.error("a true/false question needs its <answer> elements")
        return None
    return _question(ctx, header, QuestionType.TRUEFALSE,
                     TrueFalseAnswer(truth, feedback["true"], feedback["false"]))


def _full_answers(ctx: Context, answers: list[MoodleAnswer]) -> list[MoodleAnswer]:
    """The 100% answers, warning about every other answer and every feedback dropped."""
    others = [a for a in answers if not a.full]
    if others:
        ctx.warn("answers below 100% dropped: " + ", ".join(
            f"`{a.text}` ({percent(a.fraction)})" for a in others)
            + " (the model holds only fully correct answers)", others[0].element)
    with_feedback = [a for a in answers if a.feedback and a.full]
    if with_feedback:
        ctx.warn("per-answer feedback dropped for " + ", ".join(f"`{a.text}`" for a in with_feedback)
                 + ": the model has it only for choice options", with_feedback[0].element)
    return [a for a in answers if a.full]


def shortanswer(ctx: Context) -> Question | None:
    header = read_header(ctx)
    answers = read_answers(ctx, html_text=False)
    full = [a for a in _full_answers(ctx, answers) if a.text]
    if not full:
        ctx.error("no answer gives 100%: a short-answer question needs one")
        return None
    for answer in full:
        if "*" in answer.text:
            ctx.warn(f"`{answer.text}`: Moodle's `*` wildcard is kept as a literal `*` "
                     "(the model has no wildcards)", answer.element)
    case_sensitive = text(ctx.element, "usecase", "0") == "1"
    _key_at(header, full[0])
    accepted = tuple(dict.fromkeys(a.text for a in full))
    return _question(ctx, header, QuestionType.SHORT, ShortAnswer(accepted, case_sensitive))


def numerical(ctx: Context) -> Question | None:
    header = read_header(ctx)
    answers = read_answers(ctx, html_text=False)
    full = _full_answers(ctx, answers)
    if not full:
        ctx.error("no answer gives 100%: a numerical question needs one")
        return None
    if len(full) > 1:
        ctx.warn("several answers give 100%: only the first, "
                 f"`{full[0].text}`, is kept", full[1].element)
    first = full[0]
    try:
        number = float(first.text.replace(",", "."))
        tolerance = abs(float(text(first.element, "tolerance", "0").replace(",", ".") or 0))
    except ValueError:
        ctx.error(f"`{first.text}` is not a number (nor is its tolerance)", first.element)
        return None
    units = [text(u, "unit_name") for u in ctx.element.iterfind("units/unit")]
    if any(units):
        ctx.warn("units dropped: " + ", ".join(u for u in units if u)
                 + " (the model has no units yet)", ctx.element.find("units"))
    _key_at(header, first)
    return _question(ctx, header, QuestionType.NUMERICAL, NumericAnswer(number, tolerance))


def essay(ctx: Context) -> Question | None:
    header = read_header(ctx)
    model = ctx.area(ctx.element.find("graderinfo"), "grader information")
    template = text(ctx.element.find("responsetemplate"))
    if template:
        ctx.warn("the response template is dropped: the model has none yet",
                 ctx.element.find("responsetemplate"))
    attachments = text(ctx.element, "attachments", "0")
    if attachments not in ("0", ""):
        ctx.warn(f"file attachments ({attachments}) are not kept: the essay takes typed text only",
                 ctx.element.find("attachments"))
    return _question(ctx, header, QuestionType.ESSAY, EssayAnswer(model))


def match(ctx: Context) -> Question | None:
    header = read_header(ctx)
    pairs, distractors = [], []
    for element in ctx.element.iterfind("subquestion"):
        left = ctx.area(element, "subquestion")
        right = text(element.find("answer"))
        if not left.strip():  # a distractor: a right side that matches nothing
            distractors.append(right)
            continue
        pairs.append(MatchPair(left, right, element.sourceline or ctx.line))
    if not pairs:
        ctx.error("a matching question needs subquestions with text")
        return None
    shuffle = _true(text(ctx.element, "shuffleanswers", "true"))
    header.parts["key"] = Location(pairs[0].line)
    return _question(ctx, header, QuestionType.MATCHING, MatchingAnswer(tuple(pairs), tuple(distractors)),
                     shuffle=shuffle)


def description(ctx: Context) -> Question | None:
    ctx.warn("a description is not a question: left out")
    return None


READERS: dict[str, Callable[[Context], Question | None]] = {
    "multichoice": multichoice, "truefalse": truefalse, "shortanswer": shortanswer,
    "numerical": numerical, "essay": essay, "match": match, "matching": match,
    "description": description, "ddwtos": choice_gaps, "gapselect": choice_gaps,
}
