"""One QTI 2.x / 3.0 item read into the model, by its interactions.

An item's type follows from the interactions in its body and their response
declarations, the way a QTI player would score it:

- ``choiceInteraction``: single answer when ``maxChoices`` is 1 (true/false
  when its two choices say True and False), else multiple answers; the key
  is the ``correctResponse`` (or, without one, the choices a ``mapping``
  rewards).
- one ``textEntryInteraction``: a ``float`` response is numerical (exact,
  ``equal`` with an absolute or relative ``tolerance``, or a ``gte``/``lte``
  pair: the correct value ± the larger distance to a bound); a string one is
  a short answer accepting the rewarded ``mapEntry`` keys.
- several text entries, or any ``inlineChoiceInteraction``: a cloze, each
  interaction one blank where it stands.
- ``extendedTextInteraction``: an essay; a ``rubricBlock view="scorer"`` is
  the model answer.
- ``matchInteraction`` (two match sets) and ``associateInteraction`` (one):
  matching, the ``correctResponse`` pairs; right sides no pair takes are
  distractors.

Any other interaction (order, gap match, hotspot, slider, upload, ...) has no
question type here: the item is left out with a warning naming it.
``modalFeedback`` whose identifier is a choice's is that choice's feedback;
``general`` (our writers') or a feedback shown whatever the answer is the
general feedback. Points are ``MAXSCORE``'s default value, else 1.
"""
from __future__ import annotations

import copy
from functools import cached_property
from dataclasses import dataclass

from lxml import etree

from exporter.diagnostics import Reporter
from exporter.model import (Blank, ChoiceAnswer, ClozeAnswer, EssayAnswer, Location, MatchPair,
                            MatchingAnswer, NumericAnswer, Option, Question, QuestionType,
                            ShortAnswer, TrueFalseAnswer, blank_marker, option_letter)
from exporter.numbers import parse_number
from exporter.readers.qti.body import Body, replace_with

INTERACTIONS = {"choiceInteraction", "textEntryInteraction", "inlineChoiceInteraction",
                "extendedTextInteraction", "matchInteraction", "associateInteraction"}
BLANKS = ("textEntryInteraction", "inlineChoiceInteraction")


@dataclass
class Declaration:
    base_type: str
    correct: list[str]
    mapping: dict[str, float]  # mapKey -> mappedValue, in order
    case_sensitive: bool


def declarations(item: etree._Element) -> dict[str, Declaration]:
    found = {}
    for element in item.iterfind("responseDeclaration"):
        mapping = {(e.get("mapKey") or ""): parse_number(e.get("mappedValue")) or 0.0
                   for e in element.iterfind("mapping/mapEntry")}
        sensitive = any(e.get("caseSensitive") == "true" for e in element.iterfind("mapping/mapEntry"))
        found[element.get("identifier", "")] = Declaration(
            element.get("baseType", ""), [(v.text or "").strip() for v in
                                          element.iterfind("correctResponse/value")],
            mapping, sensitive)
    return found


class ItemReader:
    """One normalised ``assessmentItem``."""

    def __init__(self, item: etree._Element, body: Body, report: Reporter) -> None:
        self.item = item
        self.body = body
        self.report = report
        self.line = item.sourceline or 1
        self.declared = declarations(item)
        self.parts: dict[str, Location] = {"id": Location(self.line)}

    def warn(self, message: str, where: etree._Element | None = None) -> None:
        self.report.warning(where.sourceline if where is not None and where.sourceline
                            else self.line, message)

    def question(self) -> Question | None:
        """The item as a question, or None (warned, naming what is not read)."""
        body = self.item.find("itemBody")
        if body is None:
            self.warn("an item with no itemBody: left out")
            return None
        found = [e for e in body.iter() if isinstance(e.tag, str) and e.tag.endswith("Interaction")]
        others = sorted({e.tag for e in found if e.tag not in INTERACTIONS})
        if others:
            self.warn(f"QTI {', '.join(others)} has no question type here: item "
                      f"`{self.item.get('identifier', '')}` is left out", found[0])
            return None
        if not found:
            self.warn("an item with no interaction is not a question: left out")
            return None
        if self.item.find("templateDeclaration") is not None:
            self.warn("a templated item (its values drawn when it is played) has no fixed key: "
                      "left out", self.item.find("templateDeclaration"))
            return None
        kinds = {e.tag for e in found}
        if kinds <= set(BLANKS) and (len(found) > 1 or "inlineChoiceInteraction" in kinds):
            question = _cloze(self, body)
        elif len(found) > 1:
            self.warn(f"an item of {len(found)} interactions ({', '.join(sorted(kinds))}) "
                      "is not one question here: left out", found[1])
            return None
        else:
            question = _TYPES[found[0].tag](self, body, found[0])
        if question is None:
            return None
        question.id = self.item.get("identifier", "").strip()
        question.points = self._points()
        question.parts.update(self.parts)
        return question

    # --- shared pieces ----------------------------------------------------------------

    def _points(self) -> float:
        for outcome in self.item.iterfind("outcomeDeclaration"):
            if outcome.get("identifier") == "MAXSCORE":
                value = parse_number(outcome.findtext("defaultValue/value"))
                if value and value > 0:
                    return value
        return 1.0

    def _stem(self, body: etree._Element, leave_out: tuple[etree._Element, ...] = ()) -> str:
        """The body without the interaction(s), rubrics and feedback, as Markdown (a
        ``prompt`` inside the interaction is the question's too)."""
        body = _copy_without(body, leave_out)
        prompts = [p for e in leave_out for p in e.iterfind("prompt")]
        nodes = self.body.inside(body) + [n for p in prompts for n in self.body.inside(p)]
        return self.body.markdown(nodes, "question text", self.warn)

    def _markdown(self, element: etree._Element, what: str) -> str:
        return self.body.markdown(self.body.inside(element), what, self.warn)

    @cached_property
    def feedback(self) -> dict[str, str]:
        """modalFeedback by identifier (a choice's, or ``general``) as Markdown; read once,
        so each is converted (and warned about) once."""
        found = {}
        for element in self.item.iterfind("modalFeedback"):
            if element.get("showHide", "show") == "show":
                found[element.get("identifier", "")] = self._markdown(element, "feedback")
        return found

    def _new(self, kind: QuestionType, answer, stem: str, **extra) -> Question:  # noqa: ANN001
        feedback = self.feedback
        return Question(type=kind, stem=stem, answer=answer, line=self.line,
                        feedback=feedback.get("general", ""), **extra)


def _copy_without(body: etree._Element, leave_out: tuple[etree._Element, ...]) -> etree._Element:
    """A copy of the body without the interactions ``leave_out``, rubric blocks and feedback."""
    gone = {(e.tag, e.get("responseIdentifier")) for e in leave_out}
    clone = copy.deepcopy(body)
    for element in list(clone.iter()):
        if isinstance(element.tag, str) and (
                (element.tag, element.get("responseIdentifier")) in gone
                or element.tag in ("rubricBlock", "feedbackBlock", "feedbackInline",
                                   "templateBlock")):
            replace_with(element, "")
    return clone


def _choice(reader: ItemReader, body: etree._Element, interaction: etree._Element) -> Question | None:
    declaration = reader.declared.get(interaction.get("responseIdentifier", ""))
    choices = list(interaction.iter("simpleChoice"))
    if declaration is None or not choices:
        reader.warn("a choice interaction with no choices or no response declaration: left out",
                    interaction)
        return None
    correct = declaration.correct or [k for k, v in declaration.mapping.items() if v > 0]
    stem = reader._stem(body, (interaction,))
    feedback = reader.feedback
    texts = [reader._markdown(choice, "choice") for choice in choices]
    idents = [choice.get("identifier", "") for choice in choices]
    if not correct:
        reader.warn("no choice is marked correct (a survey item?): left out", interaction)
        return None
    reader.parts["key"] = Location(interaction.sourceline or reader.line)
    shuffle = interaction.get("shuffle") == "true"
    if [t.lower() for t in texts] == ["true", "false"] and interaction.get("maxChoices") == "1":
        truth = idents[0] in correct
        answer = TrueFalseAnswer(truth, feedback.get(idents[0], ""), feedback.get(idents[1], ""))
        return reader._new(QuestionType.TRUEFALSE, answer, stem)
    options = [Option(option_letter(i), text, choice.sourceline or 1,
                      feedback.get(ident, ""))
               for i, (text, ident, choice) in enumerate(zip(texts, idents, choices))]
    letters = tuple(o.letter for o, ident in zip(options, idents) if ident in correct)
    single = interaction.get("maxChoices", "1") == "1"
    if single and len(letters) > 1:
        reader.warn(f"a single-choice interaction with {len(letters)} correct choices: only "
                    f"({letters[0]}) is kept", interaction)
        letters = letters[:1]
    kind = QuestionType.SINGLE if single else QuestionType.MULTIPLE
    return reader._new(kind, ChoiceAnswer(letters), stem, options=options, shuffle=shuffle)


def _number(reader: ItemReader, identifier: str, declaration: Declaration) -> NumericAnswer | None:
    """A float response's key: the correct value, with the tolerance or bounds its response
    processing checks."""
    value = parse_number(declaration.correct[0]) if declaration.correct else None
    for equal in reader.item.iter("equal"):
        if _tests(equal, identifier) and equal.get("toleranceMode") in ("absolute", "relative"):
            bounds = [abs(parse_number(t) or 0.0) for t in (equal.get("tolerance") or "0").split()]
            base = value if value is not None else parse_number(equal.findtext("baseValue"))
            if base is None:
                return None
            margin = max(bounds) if equal.get("toleranceMode") == "absolute" \
                else abs(base) * max(bounds) / 100
            return NumericAnswer(base, round(margin, 12))
    low = high = None
    for test in reader.item.iter("gte", "gt"):
        if _tests(test, identifier):
            low = parse_number(test.findtext("baseValue"))
    for test in reader.item.iter("lte", "lt"):
        if _tests(test, identifier):
            high = parse_number(test.findtext("baseValue"))
    if low is not None and high is not None and low <= high:
        base = value if value is not None and low <= value <= high else (low + high) / 2
        return NumericAnswer(base, round(max(base - low, high - base), 12))
    return NumericAnswer(value) if value is not None else None


def _tests(element: etree._Element, identifier: str) -> bool:
    return any(v.get("identifier") == identifier for v in element.iterfind("variable"))


def _text_entry(reader: ItemReader, body: etree._Element, interaction: etree._Element) -> Question | None:
    identifier = interaction.get("responseIdentifier", "")
    declaration = reader.declared.get(identifier)
    if declaration is None:
        reader.warn("a text entry with no response declaration: left out", interaction)
        return None
    stem = reader._stem(body, (interaction,))
    reader.parts["key"] = Location(interaction.sourceline or reader.line)
    if declaration.base_type in ("float", "integer"):
        number = _number(reader, identifier, declaration)
        if number is None:
            reader.report.error(reader.line, "a numeric text entry with no correct number")
            return None
        return reader._new(QuestionType.NUMERICAL, number, stem)
    accepted = _accepted(reader, declaration, interaction)
    if not accepted:
        reader.report.error(reader.line, "a text entry with no correct answer")
        return None
    return reader._new(QuestionType.SHORT, ShortAnswer(accepted, declaration.case_sensitive), stem)


def _accepted(reader: ItemReader, declaration: Declaration, where: etree._Element
              ) -> tuple[str, ...]:
    """The answers a text entry accepts for full marks; those worth less are dropped, with a
    warning (the model holds fully correct answers only)."""
    best = max(declaration.mapping.values(), default=0.0)
    full = [key for key, value in declaration.mapping.items() if key and value >= best > 0]
    partial = [key for key, value in declaration.mapping.items() if key and 0 < value < best]
    if partial:
        reader.warn("answers worth part of the marks dropped: " + ", ".join(
            f"`{key}`" for key in partial) + " (the model holds fully correct answers only)",
            where)
    return tuple(dict.fromkeys(full or [c for c in declaration.correct if c]))


def _cloze(reader: ItemReader, body: etree._Element) -> Question | None:
    blanks: list[Blank] = []
    clone = _copy_without(body, ())
    originals = [e for e in clone.iter() if isinstance(e.tag, str) and e.tag in BLANKS]
    for interaction in originals:
        identifier = interaction.get("responseIdentifier", "")
        declaration = reader.declared.get(identifier)
        where = interaction.sourceline or reader.line
        if declaration is None:
            reader.warn("a blank with no response declaration: left out", interaction)
            return None
        if interaction.tag == "inlineChoiceInteraction":
            choices = {c.get("identifier", ""): " ".join("".join(c.itertext()).split())
                       for c in interaction.iter("inlineChoice")}
            correct = [choices[c] for c in declaration.correct if c in choices]
            if not correct:
                reader.report.error(where, "an inline choice with no correct choice")
                return None
            blank = Blank((correct[0],), where, 1, choices=tuple(dict.fromkeys(choices.values())))
        elif declaration.base_type in ("float", "integer"):
            number = _number(reader, identifier, declaration)
            if number is None:
                reader.report.error(where, "a numeric blank with no correct number")
                return None
            blank = Blank((), where, 1, number=number)
        else:
            accepted = _accepted(reader, declaration, interaction)
            if not accepted:
                reader.report.error(where, "a blank with no correct answer")
                return None
            blank = Blank(accepted, where, 1)
        replace_with(interaction, blank_marker(len(blanks)))
        blanks.append(blank)
    reader.parts["key"] = Location(blanks[0].line)
    stem = reader.body.markdown(reader.body.inside(clone), "question text", reader.warn)
    return reader._new(QuestionType.CLOZE, ClozeAnswer(tuple(blanks)), stem)


def _essay(reader: ItemReader, body: etree._Element, interaction: etree._Element) -> Question | None:
    rubric = next((r for r in body.iter("rubricBlock") if "scorer" in (r.get("view") or "")), None)
    model = reader._markdown(rubric, "model answer") if rubric is not None else ""
    return reader._new(QuestionType.ESSAY, EssayAnswer(model), reader._stem(body, (interaction,)))


def _matching(reader: ItemReader, body: etree._Element, interaction: etree._Element) -> Question | None:
    declaration = reader.declared.get(interaction.get("responseIdentifier", ""))
    sets = [list(s.iter("simpleAssociableChoice")) for s in interaction.iterfind("simpleMatchSet")]
    if interaction.tag == "associateInteraction":
        sets = [list(interaction.iter("simpleAssociableChoice"))] * 2
    if declaration is None or len(sets) != 2:
        reader.warn("a match interaction without its two sets or its declaration: left out",
                    interaction)
        return None
    lefts = {c.get("identifier", ""): c for c in sets[0]}
    rights = {c.get("identifier", ""): " ".join("".join(c.itertext()).split()) for c in sets[1]}
    pairs, used = [], set()
    for value in declaration.correct or [k for k, v in declaration.mapping.items() if v > 0]:
        left, _, right = value.partition(" ")
        if left in lefts and right in rights:
            pairs.append(MatchPair(reader._markdown(lefts[left], "left side"), rights[right],
                                   lefts[left].sourceline or reader.line))
            used.add(right)
    if not pairs:
        reader.report.error(reader.line, "a match interaction with no correct pair")
        return None
    reader.parts["key"] = Location(pairs[0].line)
    distractors = tuple(text for ident, text in rights.items()
                        if ident not in used and ident not in lefts and text)
    return reader._new(QuestionType.MATCHING, MatchingAnswer(tuple(pairs), distractors),
                       reader._stem(body, (interaction,)),
                       shuffle=interaction.get("shuffle") == "true")


_TYPES = {
    "choiceInteraction": _choice,
    "textEntryInteraction": _text_entry,
    "extendedTextInteraction": _essay,
    "matchInteraction": _matching,
    "associateInteraction": _matching,
}
