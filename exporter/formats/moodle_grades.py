"""Moodle's grade fractions: the only values its importer accepts for an answer.

Moodle checks every answer's fraction against ``question_bank::fraction_options_full()``
(within 0.00001) and rejects the whole file otherwise ("Grades (...) do not
match grade options"). The list is p/q for q <= 6, p/10, 1/q for q <= 10 and
1/20, with their negatives. A multiple-answer question must also have
positive fractions that add up to 100% after rounding to two decimals.
"""
from __future__ import annotations

from functools import cache
from itertools import combinations_with_replacement

from exporter.model import Question, QuestionType
from exporter.numbers import format_percent

# question/engine/bank.php, ensure_fraction_options_initialised(): the positive values
ALLOWED: tuple[float, ...] = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4,
                              0.3333333, 0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111,
                              0.1, 0.05)
_MATCH = 0.00001  # the fuzz of Moodle's match_grade_options()


def is_allowed(fraction: float) -> bool:
    """Whether Moodle's importer accepts ``fraction`` (from -1 to 1) as an answer grade
    (the Moodle reader reports the grades Moodle itself would reject)."""
    return any(abs(abs(fraction) - value) < _MATCH for value in ALLOWED + (0.0,))


def nearest(fraction: float) -> float:
    """The grade Moodle offers that is closest to ``fraction`` (from -1 to 1)."""
    size = min(ALLOWED + (0.0,), key=lambda value: abs(abs(fraction) - value))
    return -size if fraction < 0 else size


class NoGradeSplit(ValueError):
    """More correct options than Moodle's smallest fraction (5%) can share."""


def correct_fractions(count: int) -> list[float]:
    """Fractions for ``count`` correct options that Moodle accepts and that sum to 100%.

    1/n when Moodle lists it; otherwise the most even mix of two listed values
    (11 correct options: nine at 10% and two at 5%). More than 20 cannot be
    split, because no listed value is smaller than 5%.
    """
    exact = next((v for v in ALLOWED if abs(v - 1 / count) < _MATCH), None)
    if exact is not None:
        return [exact] * count
    best: tuple[float, list[float]] | None = None
    for high, low in combinations_with_replacement(ALLOWED, 2):
        for highs in range(1, count + 1):
            split = [high] * highs + [low] * (count - highs)
            if round(sum(split), 2) == 1.0:
                spread = high - low
                if best is None or spread < best[0]:
                    best = (spread, split)
    if best is None:
        raise NoGradeSplit(f"cannot share 100% among {count} correct options "
                           "(Moodle's smallest grade is 5%)")
    return best[1]


def wrong_fraction(count: int) -> float:
    """The penalty per wrong option, so that ticking every option scores nothing.

    The smallest listed value at least 1/count: the wrong options together
    take away 100% or a little more (Moodle never lets a question go below 0).
    """
    return -min(v for v in ALLOWED if v >= 1 / count - _MATCH)


@cache  # a bank asks for the same few fractions thousands of times
def percent(fraction: float) -> str:
    """A fraction as the percentage Moodle XML writes: `100`, `33.33333`, `-12.5`."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def key_fractions(correct: list[str], wrong: list[str]) -> dict[str, float]:
    """A multiple-answer question's fractions by its key alone, by option: the correct
    options share 100% and the wrong ones take it all away together (NoGradeSplit past 20
    correct). What the writers write, and what the Moodle reader takes for "no grades"."""
    penalty = wrong_fraction(len(wrong)) if wrong else 0.0
    return {**dict.fromkeys(wrong, penalty), **dict(zip(correct, correct_fractions(len(correct))))}


def choice_fractions(question: Question) -> tuple[dict[str, float], list[tuple[str, float, float]]]:
    """Each option's fraction as Moodle's importers (XML and GIFT) accept it, and the
    author's grades that had to move to the nearest grade Moodle offers
    (letter, grade, written). NoGradeSplit when the correct options cannot share 100%.

    By the key alone, the correct options share 100% and the wrong options of a
    multiple-answer question take it all away together; a graded question keeps its
    grades (``Question.grades``), each as near as Moodle allows.
    """
    letters = {o.letter for o in question.options if question.is_correct(o)}
    single = question.type is QuestionType.SINGLE
    if not question.graded:
        if single:
            return {o.letter: float(o.letter in letters) for o in question.options}, []
        return key_fractions([o.letter for o in question.options if o.letter in letters],
                             [o.letter for o in question.options if o.letter not in letters]), []
    fractions, moved = {}, []
    for letter, grade in question.grades().items():
        fractions[letter] = nearest(grade)
        if abs(fractions[letter] - grade) > _MATCH:
            moved.append((letter, grade, fractions[letter]))
    total = sum(f for f in fractions.values() if f > 0)
    if not single and round(total, 2) != 1.0:
        raise NoGradeSplit(f"Moodle's nearest grades for the correct options add up to "
                           f"{format_percent(total)}, not 100%: choose grades Moodle offers "
                           "(1/n, n/10, 5%)")
    return fractions, moved


def moved_grade(letter: str, grade: float, written: float) -> str:
    """The warning for a grade written as Moodle's nearest."""
    return (f"({letter}) gives {format_percent(grade)}, which Moodle does not offer; written as "
            f"{format_percent(written)}")
