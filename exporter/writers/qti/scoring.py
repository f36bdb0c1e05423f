"""How a QTI item is scored: its declarations and its response processing.

Scoring, chosen so that any conforming player grades as the source says:

- single, multiple, true/false: ``match`` against ``correctResponse`` gives
  the question's points, else 0. For multiple answers ``match`` compares
  sets, so the candidate must pick all and only the correct options. Where
  the author graded options (``Grade (B): 50%``), a mapping gives each
  option its share of the points instead, with ``lowerBound`` 0 and
  ``upperBound`` the points, so penalties never take the score below 0.
- numerical: the closed interval ``gte``/``lte`` for a tolerance or a range
  (every player compares so; few implement ``equal``'s tolerance), ``equal``
  for an exact value, gives the points.
- short answer: a case-insensitive ``mapping`` worth the points per accepted
  string; cloze: one response per blank, worth an equal share: a text blank
  such a mapping, a choice blank a mapping of its correct choice, summed; a
  numeric blank adds its share where ``numeric_match`` holds, the closed
  interval [value - tolerance, value + tolerance] as ``and(gte, lte)``.
- matching: a mapping worth an equal share per correct pair, so partially
  right matchings earn partial points, as in the blanks of a cloze.
- essay: scored by hand; the model answer is a scorer-only rubric block.

``MAXSCORE`` holds the points; the test sums ``SCORE`` and ``MAXSCORE``.
"""
from __future__ import annotations

from copy import deepcopy

from lxml import etree

from exporter.model import NumericAnswer
from exporter.numbers import decimal_bounds, format_number
from exporter.writers.qti.dialect import Tree
from exporter.writers.xml import boolean


class Scoring:
    """An item's response and outcome declarations and its rules, in one dialect."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree

    # --- declarations ---------------------------------------------------------------------

    def declare(self, parent: etree._Element, identifier: str, cardinality: str,
                base_type: str) -> etree._Element:
        return self.tree.sub(parent, "responseDeclaration", identifier=identifier,
                             cardinality=cardinality, baseType=base_type)

    def correct(self, declaration: etree._Element, values: list[str]) -> None:
        if not values:  # a question `check` rejects; the item stays valid all the same
            return
        correct = self.tree.sub(declaration, "correctResponse")
        for value in values:
            self.tree.sub(correct, "value", value)

    def mapping(self, declaration: etree._Element, accepted: tuple[str, ...], points: float,
                case_sensitive: bool) -> None:
        """Each accepted string is worth ``points``; case-insensitive duplicates are merged."""
        first: dict[str, str] = {}
        for text in accepted:
            first.setdefault(text if case_sensitive else text.casefold(), text)
        self.map_entries(declaration, [(text, points) for text in first.values()],
                         caseSensitive=boolean(case_sensitive))

    def map_entries(self, declaration: etree._Element, entries: list[tuple[str, float]],
                    bounds: tuple[float, float] | None = None, **attributes: str) -> None:
        """A mapping giving each key its value, the default 0; none at all when there is no key.
        With ``bounds``, the sum is kept within them (penalties never take a score below 0)."""
        if not entries:
            return
        limits = {"lowerBound": format_number(bounds[0]),
                  "upperBound": format_number(bounds[1])} if bounds else {}
        mapping = self.tree.sub(declaration, "mapping", defaultValue="0", **limits)
        for key, value in entries:
            self.tree.sub(mapping, "mapEntry", mapKey=key, mappedValue=format_number(value),
                          **attributes)

    def outcomes(self, item: etree._Element, points: float, has_feedback: bool) -> None:
        """SCORE, MAXSCORE (the points) and, for modal feedback, FEEDBACK."""
        maximum = format_number(points)
        item.append(self.tree.copy(("outcome", "SCORE", "0"), lambda: self._outcome("SCORE", "0")))
        item.append(self.tree.copy(("outcome", "MAXSCORE", maximum),
                                   lambda: self._outcome("MAXSCORE", maximum)))
        if has_feedback:
            item.append(self.tree.copy("feedback outcome", lambda: self.tree.sub(
                None, "outcomeDeclaration", identifier="FEEDBACK", cardinality="multiple",
                baseType="identifier")))

    def _outcome(self, identifier: str, value: str) -> etree._Element:
        outcome = self.tree.sub(None, "outcomeDeclaration", identifier=identifier,
                                cardinality="single", baseType="float")
        self.tree.sub(self.tree.sub(outcome, "defaultValue"), "value", value)
        return outcome

    # --- response processing --------------------------------------------------------------

    def expression(self, name: str, *children: etree._Element, text: str | None = None,
                   **attributes: str) -> etree._Element:
        element = self.tree.sub(None, name, text, **attributes)
        if children:
            element.extend(children)
        return element

    def match(self, identifier: str) -> etree._Element:
        return self.expression("match", self.expression("variable", identifier=identifier),
                               self.expression("correct", identifier=identifier))

    def numeric_match(self, answer: NumericAnswer, response: etree._Element) -> etree._Element:
        """True when the number ``response`` (an expression: the item's RESPONSE, a blank's
        entry) is accepted by ``answer``.

        A tolerance or a range is the closed interval ``gte low`` and ``lte high``, its ends
        exact decimals (:func:`~exporter.numbers.decimal_bounds`): ``equal`` with a
        ``toleranceMode`` is valid QTI but the part of ``equal`` that players implement
        least (the QTI 3.0 runtime our tests play applies no tolerance at all), while every
        player compares with ``gte``/``lte``. An exact value is ``equal`` to it.
        """
        if not (answer.range or answer.tolerance):
            return self.expression("equal", response, self.number(format_number(answer.value)),
                                   toleranceMode="exact")
        low, high = decimal_bounds(answer)
        return self.expression("and", self.expression("gte", response, self.number(low)),
                               self.expression("lte", deepcopy(response), self.number(high)))

    def number(self, text: str) -> etree._Element:
        """A float constant, written as ``text`` (already exact: no float noise)."""
        return self.expression("baseValue", text=text, baseType="float")

    def add_if(self, condition: etree._Element, points: float) -> etree._Element:
        """SCORE grows by ``points`` when ``condition`` holds."""
        more = self.expression("sum", self.expression("variable", identifier="SCORE"),
                               self.number(format_number(points)))
        return self.expression("responseCondition",
                               self.expression("responseIf", condition, self.set_score(more)))

    def map_response(self, identifier: str) -> etree._Element:
        return self.expression("mapResponse", identifier=identifier)

    def total(self, terms: list[etree._Element]) -> etree._Element:
        return self.expression("sum", *terms)

    def set_score(self, expression: etree._Element) -> etree._Element:
        return self.expression("setOutcomeValue", expression, identifier="SCORE")

    def if_correct(self, condition: etree._Element) -> etree._Element:
        """SCORE becomes MAXSCORE (the question's points) when ``condition`` holds."""
        score = self.set_score(self.expression("variable", identifier="MAXSCORE"))
        return self.expression("responseCondition",
                               self.expression("responseIf", condition, score))

    def matched_rule(self) -> etree._Element:
        """SCORE becomes MAXSCORE when RESPONSE is the correct response: the rule of a choice."""
        return self.tree.copy("matched rule", lambda: self.if_correct(self.match("RESPONSE")))

    def mapped_rule(self) -> etree._Element:
        """SCORE is what RESPONSE's mapping gives it."""
        return self.tree.copy("mapped rule",
                              lambda: self.set_score(self.map_response("RESPONSE")))

    def feedback_rule(self, identifiers: list[str]) -> etree._Element:
        """FEEDBACK holds `general` and the chosen options, which shows their modal feedback."""
        general = "general" in identifiers
        chosen = any(identifier != "general" for identifier in identifiers)
        return self.tree.copy(("feedback rule", general, chosen),
                              lambda: self._feedback_rule(general, chosen))

    def _feedback_rule(self, general: bool, chosen: bool) -> etree._Element:
        parts = []
        if general:
            parts.append(self.expression("baseValue", text="general", baseType="identifier"))
        if chosen:
            parts.append(self.expression("variable", identifier="RESPONSE"))
        return self.expression("setOutcomeValue", self.expression("multiple", *parts),
                               identifier="FEEDBACK")
