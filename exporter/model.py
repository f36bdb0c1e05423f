"""The quiz model: what every reader produces and every writer consumes.

Plain data only. Texts (stems, option bodies, feedback) are kept as the
author's Markdown; turning them into HTML is the renderer's job, and turning
the model into a package is a writer's. Nothing here knows either syntax.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Iterator, Union


class QuestionType(str, Enum):
    """The eight question types of FORMAT.md; the value is the JSON name."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUEFALSE = "truefalse"
    NUMERICAL = "numerical"
    SHORT = "short"
    ESSAY = "essay"
    MATCHING = "matching"
    CLOZE = "cloze"


# A cloze stem keeps its Markdown with every blank replaced by this marker
# (private-use code points: Markdown leaves them alone and no author types
# them), so writers can put their own input field where the blank was.
BLANK_OPEN = "\ue000"
BLANK_CLOSE = "\ue001"
_BLANK_RE = re.compile(BLANK_OPEN + r"(\d+)" + BLANK_CLOSE)


def blank_marker(index: int) -> str:
    """The marker that stands for blank number ``index`` (0-based) in a cloze stem."""
    return f"{BLANK_OPEN}{index}{BLANK_CLOSE}"


def split_blanks(text: str) -> list[Union[str, int]]:
    """Split a text holding blank markers into text pieces and blank indexes."""
    parts: list[Union[str, int]] = []
    pos = 0
    for match in _BLANK_RE.finditer(text):
        if match.start() > pos:
            parts.append(text[pos:match.start()])
        parts.append(int(match.group(1)))
        pos = match.end()
    if pos < len(text):
        parts.append(text[pos:])
    return parts


@dataclass(frozen=True)
class Location:
    """Where something stands in its source file (1-based), whatever the syntax:
    a Markdown line, an XML element, a GIFT block."""

    line: int
    column: int = 1


@dataclass(frozen=True)
class Section:
    """A run of questions under one title: a heading, or a pool when ``pick`` is set
    (each student draws ``pick`` of its questions). Writers emit only pools.

    ``title`` and ``pick`` come first, so ``Section(title, pick)`` is a pool for every
    reader of a format that says no more (a Canvas question group, a QTI selection).
    """

    title: str
    pick: int | None = None
    id: str = ""  # a pool's stable id; "" until assign_ids gives it one from its title
    points: float | None = None  # per drawn question (`points=`); None: the members' own
    shuffle: bool = True  # False: the drawn questions keep the pool's order
    # where the pool opens in its source (0: unknown); it tells two pools that say the same apart
    line: int = 0


@dataclass
class Pool:
    """A pool as writers see it: its section and its questions, in quiz order.

    ``points`` per drawn question is the pool's own, else its first member's: readers
    make a pool's members carry equal points, so any member says what the pool is worth.
    """

    section: Section
    questions: list[Question]
    number: int  # 1-based, among the quiz's pools: the id of a pool no reader named

    @property
    def id(self) -> str:
        return self.section.id or f"pool-{self.number}"

    @property
    def title(self) -> str:
        """The title an LMS shows for the pool: its own, else its id."""
        return self.section.title or self.id

    @property
    def pick(self) -> int:
        return self.section.pick or 0

    @property
    def shuffle(self) -> bool:
        return self.section.shuffle

    @property
    def points(self) -> float:
        if self.section.points is not None:
            return self.section.points
        return self.questions[0].points if self.questions else 0.0

    @property
    def line(self) -> int:
        """The pool's line, else its first question's: where diagnostics about it point."""
        return self.section.line or (self.questions[0].line if self.questions else 1)


@dataclass(frozen=True)
class Attachment:
    """A file a quiz's texts reference (an image), held as bytes so that no writer
    reads the disk and a reader of a zip or XML package needs no files at all."""

    name: str  # the file's own name, "diagram.png"
    data: bytes


def option_letter(index: int) -> str:
    """The letter of the option at ``index`` (0-based) as a reader of a foreign bank names it:
    A to Z, then A26, A27, ... (a bank may offer more options than there are letters)."""
    return chr(ord("A") + index) if index < 26 else f"A{index}"


@dataclass
class Option:
    """One choice of a single- or multiple-answer question."""

    letter: str  # upper case, "A", "B", ...
    text: str  # Markdown
    line: int
    feedback: str = ""  # Markdown, from `Feedback (X):`
    grade: float | None = None  # the fraction the author gave it (`Grade (X): 50%`), -1 to 1


@dataclass(frozen=True)
class ChoiceAnswer:
    """The correct letters of a single- or multiple-answer question."""

    letters: tuple[str, ...]

    def as_data(self) -> list[str]:
        return list(self.letters)


@dataclass(frozen=True)
class TrueFalseAnswer:
    """A true/false key, and the feedback each of the two answers gets."""

    value: bool
    true_feedback: str = ""  # Markdown, from `Feedback (T):`: shown to whoever answers True
    false_feedback: str = ""  # from `Feedback (F):`

    def as_data(self) -> bool:
        return self.value


@dataclass(frozen=True)
class NumericAnswer:
    """An accepted number: ``value`` ± ``tolerance``.

    A range ``[low, high]`` is kept as written in ``range`` (targets that
    grade ranges natively use it) and also as its midpoint ± half-width.
    """

    value: float
    tolerance: float = 0.0
    range: tuple[float, float] | None = None

    @property
    def low(self) -> float:
        return self.range[0] if self.range else self.value - self.tolerance

    @property
    def high(self) -> float:
        return self.range[1] if self.range else self.value + self.tolerance

    def as_data(self) -> dict:
        if self.range:
            return {"min": self.range[0], "max": self.range[1]}
        return {"value": self.value, "tolerance": self.tolerance}


@dataclass(frozen=True)
class ShortAnswer:
    """Accepted strings; compared case-insensitively unless ``case_sensitive``."""

    accepted: tuple[str, ...]
    case_sensitive: bool = False

    def as_data(self) -> list[str]:
        return list(self.accepted)


@dataclass(frozen=True)
class EssayAnswer:
    """An essay has no key; the model answer (Markdown) is for graders."""

    model_answer: str = ""

    def as_data(self) -> str | None:
        return self.model_answer or None


@dataclass(frozen=True)
class MatchPair:
    """One left side of a matching question and the right side it matches."""

    left: str  # Markdown
    right: str  # plain text: most targets show the right side in a drop-down
    line: int


@dataclass(frozen=True)
class MatchingAnswer:
    """A matching key: each left side with its right side, and the right sides
    that match nothing (offered all the same, to make guessing harder)."""

    pairs: tuple[MatchPair, ...]
    distractors: tuple[str, ...] = ()  # right sides that match no left side

    def as_data(self) -> list[list[str]]:
        return [[p.left, p.right] for p in self.pairs]


@dataclass(frozen=True)
class Blank:
    """One blank of a cloze stem, of one of three kinds.

    A text blank accepts any of its ``accepted`` strings typed. A choice blank
    (a drop-down) offers its ``choices`` in order and ``accepted`` holds the one
    correct choice, so a target that can only take typed answers still has the
    key. A numeric blank accepts ``number`` (value ± tolerance) and accepts no
    strings.
    """

    accepted: tuple[str, ...]
    line: int
    column: int
    choices: tuple[str, ...] = ()
    number: NumericAnswer | None = None

    def as_data(self) -> list[str] | dict:
        """A text blank's accepted strings, as before choice and numeric blanks existed (other
        tools parse that list); a choice blank's correct answer and choices; a numeric blank's
        number as a numerical question's key."""
        if self.number is not None:
            return self.number.as_data()
        if self.choices:
            return {"answer": self.accepted[0] if self.accepted else None,
                    "choices": list(self.choices)}
        return list(self.accepted)


@dataclass(frozen=True)
class ClozeAnswer:
    """A cloze key: one blank for each gap of the stem, in the stem's order."""

    blanks: tuple[Blank, ...]

    def as_data(self) -> list[list[str] | dict]:
        return [b.as_data() for b in self.blanks]


Answer = Union[ChoiceAnswer, TrueFalseAnswer, NumericAnswer, ShortAnswer,
               EssayAnswer, MatchingAnswer, ClozeAnswer]


@dataclass
class Question:
    """One question, with the source line of each of its parts."""

    type: QuestionType
    stem: str  # Markdown; for cloze, blanks are replaced by blank markers
    answer: Answer
    line: int  # the numbered line (or the first option of a stemless question)
    id: str = ""
    label: str = ""  # the author's number, "7"
    options: list[Option] = field(default_factory=list)
    points: float = 1.0
    tags: list[str] = field(default_factory=list)
    feedback: str = ""  # general feedback, Markdown
    penalty: float | None = None  # fraction of points lost per wrong try
    shuffle: bool | None = None  # None: the quiz's setting
    language: str | None = None  # code language for fences that name none
    section: Section | None = None
    # where parts were stated ("key", "id", "points", ...): diagnostics about them point there
    parts: dict[str, Location] = field(default_factory=dict)

    @property
    def pool(self) -> Section | None:
        """The pool the question is drawn from, if any (its section, when that draws)."""
        return self.section if self.section is not None and self.section.pick is not None \
            else None

    @property
    def key_line(self) -> int:
        """The line that states the key, else the question's own line."""
        key = self.parts.get("key")
        return key.line if key else self.line

    @property
    def graded(self) -> bool:
        """Whether the author graded options one by one (partial credit, penalties)."""
        return any(option.grade is not None for option in self.options)

    def grades(self) -> dict[str, float]:
        """Each option's fraction of the points when the question is ``graded``.

        Graded exactly as written: the key of a single-answer question gives
        100%; a correct option with no grade of its own shares what the
        correct options' grades leave of 100%; any other option gives its
        grade or nothing. Targets that grade by the key alone never ask.
        """
        letters = self.answer.letters if isinstance(self.answer, ChoiceAnswer) else ()
        single = self.type is QuestionType.SINGLE
        stated = [o.grade for o in self.options if o.letter in letters and o.grade is not None]
        ungraded = sum(1 for o in self.options if o.letter in letters and o.grade is None)
        share = round((1.0 - sum(stated)) / ungraded, 7) if ungraded else 0.0
        grades = {}
        for option in self.options:
            if option.letter in letters:
                grades[option.letter] = 1.0 if single else (
                    share if option.grade is None else option.grade)
            else:
                grades[option.letter] = option.grade or 0.0
        return grades

    def choice_feedback(self) -> list[tuple[str, str]]:
        """(choice, Markdown) of each choice that has feedback of its own: an option's
        letter, or `true` / `false`; each writer names the choice its own way."""
        if isinstance(self.answer, TrueFalseAnswer):
            pairs = [("true", self.answer.true_feedback), ("false", self.answer.false_feedback)]
        else:
            pairs = [(option.letter, option.feedback) for option in self.options]
        return [(choice, text) for choice, text in pairs if text.strip()]

    def option(self, letter: str) -> Option | None:
        return next((o for o in self.options if o.letter == letter), None)

    def is_correct(self, option: Option) -> bool:
        return isinstance(self.answer, ChoiceAnswer) and option.letter in self.answer.letters

    def texts(self) -> Iterator[str]:
        """Every Markdown text of the question (for image collection, checks)."""
        yield self.stem
        for opt in self.options:
            yield opt.text
            yield opt.feedback
        yield self.feedback
        if isinstance(self.answer, TrueFalseAnswer):
            yield self.answer.true_feedback
            yield self.answer.false_feedback
        if isinstance(self.answer, EssayAnswer):
            yield self.answer.model_answer
        if isinstance(self.answer, MatchingAnswer):
            for pair in self.answer.pairs:
                yield pair.left


@dataclass
class Quiz:
    """What one package is made of: a Markdown file's questions, or one category
    of a bank that holds several."""

    title: str
    id: str
    path: Path
    id_line: int = 0  # of the front matter's `id:`, to point at it; 0: the id is derived
    description: str = ""  # Markdown
    category: str = ""  # "Deep Learning/Week 6"
    language: str | None = None
    points: float = 1.0  # default points per question
    shuffle: bool = False
    questions: list[Question] = field(default_factory=list)
    # each image reference as written in the texts -> its file; references to one file share it
    assets: dict[str, Attachment] = field(default_factory=dict)

    @property
    def sections(self) -> list[Section]:
        """The sections the questions stand in (headings, pools), in order, each once."""
        return list({id(q.section): q.section for q in self.questions
                     if q.section is not None}.values())

    @property
    def total_points(self) -> float:
        """What a student can score: each question outside pools, and each pool's draw."""
        return sum(q.points for q in self.questions if q.pool is None) + \
            sum(pool.pick * pool.points for pool in self.pools())

    def pools(self) -> list[Pool]:
        """The quiz's pools in the order their first questions come."""
        return [block for block in self.blocks() if isinstance(block, Pool)]

    def blocks(self) -> list[Question | Pool]:
        """The quiz as a test lays it out: each question outside pools, and each pool, with
        all its questions, where its first question stands."""
        blocks: list[Question | Pool] = []
        pools: dict[int, Pool] = {}  # by the section's identity, for a pool interrupted
        for question in self.questions:
            section = question.pool
            if section is None:
                blocks.append(question)
                continue
            pool = pools.get(id(section))  # every reader gives a pool's questions one section
            if pool is None:
                pool = pools[id(section)] = Pool(section, [], len(pools) + 1)
                blocks.append(pool)
            pool.questions.append(question)
        return blocks

    def effective_shuffle(self, question: Question) -> bool:
        return self.shuffle if question.shuffle is None else question.shuffle

    def effective_language(self, question: Question) -> str | None:
        return question.language or self.language
