"""One question as one QTI ``assessmentItem``, in either dialect.

An item is its response declarations, its outcomes (see
:mod:`~exporter.writers.qti.scoring`), an optional stylesheet link, the
body (the stem, then the question type's interaction), the response
processing and the modal feedback, in the order the QTI schemas require.
Each question type has one part below, found by its type with
:func:`~exporter.writers.part_for` as in the other writers; the body's
HTML is moved into the dialect's XHTML subset by
:mod:`~exporter.writers.qti.xhtml`. Items are written without indentation:
indenting would change the text of ``<pre>``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from lxml import etree

from exporter.keys import equal_shares, right_sides
from exporter.model import (ChoiceAnswer, ClozeAnswer, EssayAnswer, MatchingAnswer, NumericAnswer,
                            Question, QuestionType, Quiz, ShortAnswer, TrueFalseAnswer)
from exporter.numbers import format_number
from exporter.render.renderer import Asset, Renderer
from exporter.render.targets import TARGETS
from exporter.writers import part_for
from exporter.writers.qti.dialect import TOOL_NAME, Dialect, Tree, qti_identifier
from exporter.writers.qti.layout import STYLESHEET_HREF, item_href
from exporter.writers.qti.scoring import Scoring
from exporter.writers.qti.xhtml import HtmlConverter, StyleSheet, place_blanks
from exporter.writers.xml import boolean, document, sub


@dataclass
class ItemFile:
    """What the manifest and the test need to know of a written item."""

    identifier: str
    href: str
    title: str
    interactions: list[str]
    assets: list[Asset]
    styled: bool
    has_feedback: bool
    has_solution: bool


class ItemBuilder:
    """One question as one assessmentItem."""

    def __init__(self, quiz: Quiz, question: Question, number: int, dialect: Dialect,
                 renderer: Renderer, styles: StyleSheet) -> None:
        self.quiz = quiz
        self.question = question
        self.number = number
        self.dialect = dialect
        self.renderer = renderer
        self.tree = Tree(dialect)
        self.scoring = Scoring(self.tree)
        self.html = HtmlConverter(dialect.namespace, TARGETS[dialect.target].html_tags, styles)
        self.assets: dict[str, Asset] = {}
        self.interactions: list[str] = []
        self.identifier = qti_identifier(question.id or f"question-{number}")

    def build(self) -> tuple[ItemFile, bytes]:
        q, t = self.question, self.tree
        title = self.renderer.title(q, self.number)
        item = t.root("assessmentItem", identifier=self.identifier, title=title,
                      adaptive="false", timeDependent="false", toolName=TOOL_NAME)
        declarations = sub(None, "declarations")  # placeholder, kept in order below
        body = t.sub(None, "itemBody")
        self.html.append(body, self._render(q.stem), block=True)
        rule = part_for(self._PARTS, q)(self, declarations, body)
        rules = rule if isinstance(rule, list) else [] if rule is None else [rule]
        feedback = self._feedback_blocks()
        for declaration in declarations:
            item.append(declaration)
        self.scoring.outcomes(item, q.points, has_feedback=bool(feedback))
        if self.html.used_styles:
            t.sub(item, "stylesheet", href=STYLESHEET_HREF, type="text/css")
        item.append(body)
        if feedback:
            rules.append(self.scoring.feedback_rule([identifier for identifier, _ in feedback]))
        if rules:
            t.sub(item, "responseProcessing").extend(rules)
        for identifier, fragment in feedback:
            modal = t.sub(item, "modalFeedback", outcomeIdentifier="FEEDBACK",
                          identifier=identifier, showHide="show")
            self._append_flow(modal, fragment)
        return ItemFile(
            identifier=self.identifier, href=item_href(self.identifier), title=title,
            interactions=self.interactions, assets=list(self.assets.values()),
            styled=self.html.used_styles, has_feedback=bool(feedback),
            has_solution=q.type is not QuestionType.ESSAY or bool(q.answer.model_answer),
        ), document(item, pretty=False)

    # --- texts -------------------------------------------------------------------------

    def _render(self, text: str, inline: bool = False) -> str:
        render = self.renderer.inline if inline else self.renderer.html
        fragment = render(text, question=self.question)
        for asset in self.renderer.assets_in(fragment):
            self.assets.setdefault(asset.name, asset)
        return fragment

    def _append_flow(self, parent: etree._Element, fragment: str, block: bool = False) -> None:
        """Feedback and rubric content; QTI 3 wants it inside qti-content-body."""
        if self.dialect.content_body:
            parent = self.tree.sub(parent, "contentBody")
        self.html.append(parent, fragment, block=block)

    def _feedback_blocks(self) -> list[tuple[str, str]]:
        """(identifier, HTML) of each modal feedback: per choice (the choice's own identifier,
        an option's letter or `true` / `false`), then general."""
        blocks = [(choice, self._render(text)) for choice, text in self.question.choice_feedback()]
        if self.question.feedback.strip():
            blocks.append(("general", self._render(self.question.feedback)))
        return blocks

    # --- the parts by question type: declarations and interaction; the scoring rule ------

    def _choice_interaction(self, declarations: etree._Element,
                            body: etree._Element) -> etree._Element:
        """Single and multiple answer: the options as simpleChoices; graded options by a
        mapping of each option to its share of the points, bounded by 0 and the points."""
        q = self.question
        assert isinstance(q.answer, ChoiceAnswer)
        declaration = self._choices(declarations, body,
                                    [(o.letter, self._render(o.text, inline=True))
                                     for o in q.options], list(q.answer.letters),
                                    multiple=q.type is QuestionType.MULTIPLE,
                                    shuffle=self.quiz.effective_shuffle(q))
        if not q.graded:
            return self.scoring.matched_rule()
        self.scoring.map_entries(declaration, [(letter, round(grade * q.points, 7))
                                               for letter, grade in q.grades().items() if grade],
                                 bounds=(0.0, q.points))
        return self.scoring.mapped_rule()

    def _true_false_choice(self, declarations: etree._Element,
                           body: etree._Element) -> etree._Element:
        """True/false: a choice between the two."""
        answer = self.question.answer
        assert isinstance(answer, TrueFalseAnswer)
        self._choices(declarations, body, [("true", "True"), ("false", "False")],
                      [boolean(answer.value)], multiple=False, shuffle=False)
        return self.scoring.matched_rule()

    def _numeric_entry(self, declarations: etree._Element,
                       body: etree._Element) -> etree._Element:
        """Numerical: a float text entry."""
        answer = self.question.answer
        assert isinstance(answer, NumericAnswer)
        declaration = self.scoring.declare(declarations, "RESPONSE", "single", "float")
        self.scoring.correct(declaration, [format_number(answer.value)])
        self._entry_field(self._block(body), "RESPONSE")
        entered = self.scoring.expression("variable", identifier="RESPONSE")
        return self.scoring.if_correct(self.scoring.numeric_match(answer, entered))

    def _string_entry(self, declarations: etree._Element,
                      body: etree._Element) -> etree._Element:
        """Short answer: a string text entry, each accepted string mapped to the points."""
        answer = self.question.answer
        assert isinstance(answer, ShortAnswer)
        declaration = self.scoring.declare(declarations, "RESPONSE", "single", "string")
        self.scoring.correct(declaration, list(answer.accepted[:1]))
        self.scoring.mapping(declaration, answer.accepted, self.question.points,
                             answer.case_sensitive)
        self._entry_field(self._block(body), "RESPONSE")
        return self.scoring.mapped_rule()

    def _extended_text(self, declarations: etree._Element, body: etree._Element) -> None:
        """Essay: scored by hand; the model answer is a scorer-only rubric block."""
        answer = self.question.answer
        assert isinstance(answer, EssayAnswer)
        self.scoring.declare(declarations, "RESPONSE", "single", "string")
        self.interactions.append("extendedTextInteraction")
        self.tree.sub(body, "extendedTextInteraction", responseIdentifier="RESPONSE")
        if answer.model_answer.strip():
            rubric = self.tree.sub(body, "rubricBlock", **dict(self.dialect.rubric_attributes))
            self._append_flow(rubric, self._render(answer.model_answer), block=True)

    def _match_interaction(self, declarations: etree._Element,
                           body: etree._Element) -> etree._Element:
        """Matching: left sides in source order, right sides in keys.right_sides' order."""
        answer = self.question.answer
        assert isinstance(answer, MatchingAnswer)
        pairs, rights = answer.pairs, right_sides(answer)
        right_ids = {text: f"R{n}" for n, text in enumerate(rights, start=1)}
        declaration = self.scoring.declare(declarations, "RESPONSE", "multiple", "directedPair")
        keys = [f"L{n} {right_ids[pair.right]}" for n, pair in enumerate(pairs, start=1)]
        self.scoring.correct(declaration, keys)
        self.scoring.map_entries(declaration,
                                 list(zip(keys, equal_shares(self.question.points, len(keys)))))
        self.interactions.append("matchInteraction")
        interaction = self.tree.sub(body, "matchInteraction", responseIdentifier="RESPONSE",
                                    shuffle=boolean(self.quiz.effective_shuffle(self.question)),
                                    maxAssociations=str(len(pairs)))
        lefts = self.tree.sub(interaction, "simpleMatchSet")
        for n, pair in enumerate(pairs, start=1):
            choice = self.tree.sub(lefts, "simpleAssociableChoice", identifier=f"L{n}",
                                   matchMax="1")
            self.html.append(choice, self._render(pair.left, inline=True))
        right_set = self.tree.sub(interaction, "simpleMatchSet")
        for text in rights:
            self.tree.sub(right_set, "simpleAssociableChoice", text, identifier=right_ids[text],
                          matchMax=str(len(pairs)))
        return self.scoring.mapped_rule()

    def _inline_entries(self, declarations: etree._Element,
                        body: etree._Element) -> list[etree._Element]:
        """Cloze: where each blank was, its own interaction and response, worth an equal share.

        A text blank is a string text entry whose accepted strings map to the share, a choice
        blank an inline choice whose correct choice maps to it: both are summed by
        ``mapResponse``. A numeric blank is a float text entry; a mapping cannot hold an
        interval, so its share is added by a condition of its own (``numeric_match``).
        """
        q = self.question
        answer = q.answer
        assert isinstance(answer, ClozeAnswer)
        shares = equal_shares(q.points, len(answer.blanks))
        for n, (blank, share) in enumerate(zip(answer.blanks, shares)):
            if blank.number is not None:
                declaration = self.scoring.declare(declarations, _blank_response(n), "single",
                                                   "float")
                self.scoring.correct(declaration, [format_number(blank.number.value)])
            elif blank.choices:
                declaration = self.scoring.declare(declarations, _blank_response(n), "single",
                                                   "identifier")
                right = [_choice_id(k) for k, text in enumerate(blank.choices)
                         if text in blank.accepted]
                self.scoring.correct(declaration, right[:1])
                self.scoring.map_entries(declaration, [(key, share) for key in right[:1]])
            else:
                declaration = self.scoring.declare(declarations, _blank_response(n), "single",
                                                   "string")
                self.scoring.correct(declaration, list(blank.accepted[:1]))
                self.scoring.mapping(declaration, blank.accepted, share, case_sensitive=False)

        def field(n: int) -> etree._Element:
            if n >= len(answer.blanks):  # a marker with no blank: leave a visible gap
                return sub(None, self.tree.html_tag("span"), "____")
            if not answer.blanks[n].choices:
                self.interactions.append("textEntryInteraction")
                return self.tree.sub(None, "textEntryInteraction",
                                     responseIdentifier=_blank_response(n))
            self.interactions.append("inlineChoiceInteraction")
            interaction = self.tree.sub(None, "inlineChoiceInteraction",
                                        responseIdentifier=_blank_response(n),
                                        shuffle=boolean(self.quiz.effective_shuffle(q)))
            for k, text in enumerate(answer.blanks[n].choices):
                self.tree.sub(interaction, "inlineChoice", text, identifier=_choice_id(k))
            return interaction

        place_blanks(body, field)
        mapped = [n for n, blank in enumerate(answer.blanks) if blank.number is None]
        rules = [self.scoring.set_score(self.scoring.total(
            [self.scoring.map_response(_blank_response(n)) for n in mapped]))] if mapped else []
        for n, (blank, share) in enumerate(zip(answer.blanks, shares)):
            if blank.number is not None:
                response = self.scoring.expression("variable", identifier=_blank_response(n))
                rules.append(self.scoring.add_if(
                    self.scoring.numeric_match(blank.number, response), share))
        return rules

    # --- pieces of the parts --------------------------------------------------------------

    def _choices(self, declarations: etree._Element, body: etree._Element,
                 choices: list[tuple[str, str]], correct: list[str], multiple: bool,
                 shuffle: bool) -> etree._Element:
        declaration = self.scoring.declare(declarations, "RESPONSE",
                                           "multiple" if multiple else "single", "identifier")
        self.scoring.correct(declaration, correct)
        self.interactions.append("choiceInteraction")
        interaction = self.tree.sub(body, "choiceInteraction", responseIdentifier="RESPONSE",
                                    shuffle=boolean(shuffle), maxChoices="0" if multiple else "1")
        for identifier, fragment in choices:
            choice = self.tree.sub(interaction, "simpleChoice", identifier=identifier)
            self.html.append(choice, fragment)
        return declaration

    def _entry_field(self, parent: etree._Element, identifier: str) -> None:
        self.interactions.append("textEntryInteraction")
        self.tree.sub(parent, "textEntryInteraction", responseIdentifier=identifier)

    def _block(self, body: etree._Element) -> etree._Element:
        """A paragraph for an inline interaction, which itemBody cannot hold directly."""
        return sub(body, self.tree.html_tag("p"))

    # Each part declares its responses, adds its interaction and returns its scoring rule;
    # it is named after the interaction it writes, as Moodle's are after Moodle's types.
    _PARTS: dict[QuestionType, Callable[["ItemBuilder", etree._Element, etree._Element],
                                        "etree._Element | list[etree._Element] | None"]] = {
        QuestionType.SINGLE: _choice_interaction,
        QuestionType.MULTIPLE: _choice_interaction,
        QuestionType.TRUEFALSE: _true_false_choice,
        QuestionType.NUMERICAL: _numeric_entry,
        QuestionType.SHORT: _string_entry,
        QuestionType.ESSAY: _extended_text,
        QuestionType.MATCHING: _match_interaction,
        QuestionType.CLOZE: _inline_entries,
    }


def _blank_response(index: int) -> str:
    return f"RESPONSE_{index + 1}"


def _choice_id(index: int) -> str:
    """An inline choice's identifier, by its place among its blank's choices."""
    return f"C{index + 1}"
