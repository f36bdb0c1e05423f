"""IMS QTI content packages, written once for QTI 2.1 and 3.0.

The two versions share their information model; they differ in names
(``assessmentItem`` against ``qti-assessment-item``, ``baseType`` against
``base-type``), namespaces and a few wrappers. Everything here is written
with QTI 2.1 names and a :class:`Dialect` translates them, so an item's
logic exists once.

Scoring, chosen so that any conforming player grades as the source says:

- single, multiple, true/false: ``match`` against ``correctResponse`` gives
  the question's points, else 0. For multiple answers ``match`` compares
  sets, so the candidate must pick all and only the correct options (no
  partial credit: players disagree on how negative mappings are bounded).
- numerical: ``equal`` with an absolute tolerance, or ``gte``/``lte`` for a
  range, gives the points.
- short answer: a case-insensitive ``mapping`` worth the points per accepted
  string; cloze: one such mapping per blank, worth an equal share, summed.
- matching: a mapping worth an equal share per correct pair, so partially
  right matchings earn partial points, as in the blanks of a cloze.
- essay: scored by hand; the model answer is a scorer-only rubric block.

``MAXSCORE`` holds the points; the test sums ``SCORE`` and ``MAXSCORE``.

Package layout: ``imsmanifest.xml``, ``assessment.xml`` (the test), one
``item-<identifier>.xml`` per question at the root (so the renderer's
``images/<name>`` references resolve), ``images/`` and, when code was
highlighted, ``styles/code.css``. The prefixes keep file names and manifest
identifiers apart whatever the question ids are.
"""
from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from typing import Iterator

from lxml import etree

from exporter.model import (ChoiceAnswer, ClozeAnswer, EssayAnswer, MatchingAnswer, NumericAnswer,
                            Question, QuestionType, Quiz, ShortAnswer, TrueFalseAnswer)
from exporter.numbers import format_number
from exporter.render.renderer import Asset, Renderer
from exporter.render.targets import TARGETS
from exporter.writers.package import zip_bytes
from exporter.writers.qti.xhtml import HtmlConverter, StyleSheet, place_blanks

XSI = "http://www.w3.org/2001/XMLSchema-instance"
TOOL_NAME = "lms-export"
TEST_HREF = "assessment.xml"
STYLESHEET_HREF = "styles/code.css"
_STYLESHEET_RESOURCE = "stylesheet"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*\Z")
_CAMEL_HUMP = re.compile(r"(?<!^)(?=[A-Z])")


@dataclass(frozen=True)
class Dialect:
    """What differs between QTI versions; the item logic does not."""

    target: str  # the renderer's target name
    namespace: str
    schema_location: str
    kebab_names: bool  # QTI 3: `qti-` + kebab-case elements, kebab-case attributes
    content_body: bool  # QTI 3: feedback and rubric content sits in qti-content-body
    rubric_attributes: tuple[tuple[str, str], ...]
    item_type: str
    test_type: str
    manifest_namespace: str
    manifest_schema_location: str
    package_schema: str
    package_schema_version: str
    metadata_namespace: str  # of qtiMetadata
    lom_namespace: str
    lom_string: str  # the element holding a LOM text: `langstring` (IMS MD 1.2) or `string`

    def name(self, qti21_name: str) -> str:
        if not self.kebab_names:
            return qti21_name
        return "qti-" + _CAMEL_HUMP.sub("-", qti21_name).lower()

    def attribute(self, qti21_name: str) -> str:
        return _CAMEL_HUMP.sub("-", qti21_name).lower() if self.kebab_names else qti21_name


@dataclass
class _ItemFile:
    identifier: str
    href: str
    title: str
    interactions: list[str]
    assets: list[Asset]
    styled: bool
    has_feedback: bool
    has_solution: bool


def qti_identifier(question_id: str) -> str:
    """A valid QTI identifier (an NCName) for a question id, the same on every build.

    Ids that already are one are kept; others are slugged and given a short
    hash of the original, so two ids that slug alike still differ.
    """
    if _IDENTIFIER.match(question_id):
        return question_id
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", question_id).strip("-.")
    if not slug or not _IDENTIFIER.match(slug):
        slug = "q" + (f"-{slug}" if slug else "")
    return f"{slug}-{hashlib.sha1(question_id.encode('utf-8')).hexdigest()[:8]}"


def write_package(quiz: Quiz, dialect: Dialect) -> bytes:
    """The content package of a quiz: one item per question, then the manifest, the
    test and the files. Items go into the zip as they are built, so a bank of
    thousands never holds them all in memory."""
    renderer = Renderer(quiz, dialect.target)
    styles = StyleSheet()
    items: list[_ItemFile] = []

    def entries() -> Iterator[tuple[str, bytes]]:
        for number, question in enumerate(quiz.questions, start=1):
            item, data = _ItemBuilder(quiz, question, number, dialect, renderer, styles).build()
            items.append(item)
            yield item.href, data
        assets = _unique_assets(items)
        yield "imsmanifest.xml", _manifest(quiz, items, assets, dialect)
        yield TEST_HREF, _test(quiz, items, dialect)
        for asset in assets:
            yield _asset_href(asset, dialect), asset.data
        if any(item.styled for item in items):
            yield STYLESHEET_HREF, styles.css()

    return zip_bytes(entries())


def _asset_href(asset: Asset, dialect: Dialect) -> str:
    return TARGETS[dialect.target].file_href(asset.name)


def _unique_assets(items: list[_ItemFile]) -> list[Asset]:
    by_name: dict[str, Asset] = {}
    for item in items:
        for asset in item.assets:
            by_name.setdefault(asset.name, asset)
    return list(by_name.values())


def _serialise(root: etree._Element, pretty: bool) -> bytes:
    # Items are not pretty-printed: indenting would change the text of <pre>.
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=pretty)


# Names translated once per dialect: a bank of thousands of items asks for the same few dozen.
_TAGS: dict[tuple[str, str], str] = {}
_KEBAB: dict[str, str] = {}


class _Tree:
    """Element factory in one dialect: callers use QTI 2.1 names."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect

    def root(self, name: str, **attributes: str) -> etree._Element:
        root = etree.Element(self.tag(name), nsmap={None: self.dialect.namespace, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", self.dialect.schema_location)
        self.set(root, attributes)
        return root

    def sub(self, parent: etree._Element, name: str, text: str | None = None,
            **attributes: str) -> etree._Element:
        element = etree.SubElement(parent, self.tag(name), self.attributes(attributes))
        if text is not None:
            element.text = text
        return element

    def tag(self, name: str) -> str:
        key = (self.dialect.target, name)
        tag = _TAGS.get(key)
        if tag is None:
            tag = _TAGS[key] = f"{{{self.dialect.namespace}}}{self.dialect.name(name)}"
        return tag

    def attributes(self, attributes: dict[str, str]) -> dict[str, str]:
        if not self.dialect.kebab_names:
            return attributes
        return {_KEBAB.get(key) or _KEBAB.setdefault(key, self.dialect.attribute(key)): value
                for key, value in attributes.items()}

    def html_tag(self, name: str) -> str:
        """An XHTML element: in the QTI namespace, under its own name in every dialect."""
        return f"{{{self.dialect.namespace}}}{name}"

    def set(self, element: etree._Element, attributes: dict[str, str]) -> None:
        for key, value in self.attributes(attributes).items():
            element.set(key, value)


class _ItemBuilder:
    """One question as one assessmentItem."""

    def __init__(self, quiz: Quiz, question: Question, number: int, dialect: Dialect,
                 renderer: Renderer, styles: StyleSheet) -> None:
        self.quiz = quiz
        self.question = question
        self.number = number
        self.dialect = dialect
        self.renderer = renderer
        self.tree = _Tree(dialect)
        self.html = HtmlConverter(dialect.namespace, TARGETS[dialect.target].html_tags, styles)
        self.assets: dict[str, Asset] = {}
        self.interactions: list[str] = []
        self.identifier = qti_identifier(question.id or f"question-{number}")

    def build(self) -> tuple[_ItemFile, bytes]:
        q, t = self.question, self.tree
        title = self.renderer.title(self.question, self.number)
        item = t.root("assessmentItem", identifier=self.identifier, title=title,
                      adaptive="false", timeDependent="false", toolName=TOOL_NAME)
        declarations = etree.Element("declarations")  # placeholder, kept in order below
        body = etree.Element(t.tag("itemBody"))
        rules: list[etree._Element] = []
        self._interaction(declarations, body, rules)
        feedback = self._feedback_blocks()
        for declaration in declarations:
            item.append(declaration)
        self._outcomes(item, has_feedback=bool(feedback))
        if self.html.used_styles:
            t.sub(item, "stylesheet", href=STYLESHEET_HREF, type="text/css")
        item.append(body)
        if feedback:
            rules.append(self._feedback_rule(feedback))
        if rules:
            processing = t.sub(item, "responseProcessing")
            for rule in rules:
                processing.append(rule)
        for identifier, fragment in feedback:
            modal = t.sub(item, "modalFeedback", outcomeIdentifier="FEEDBACK",
                          identifier=identifier, showHide="show")
            self._append_flow(modal, fragment)
        return _ItemFile(
            identifier=self.identifier, href=f"item-{self.identifier}.xml", title=title,
            interactions=self.interactions, assets=list(self.assets.values()),
            styled=self.html.used_styles, has_feedback=bool(feedback),
            has_solution=q.type is not QuestionType.ESSAY or bool(q.answer.model_answer),
        ), _serialise(item, pretty=False)

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

    # --- declarations and interactions --------------------------------------------------

    def _interaction(self, declarations: etree._Element, body: etree._Element,
                     rules: list[etree._Element]) -> None:
        q, t, answer = self.question, self.tree, self.question.answer
        stem = self._render(q.stem)
        self.html.append(body, stem, block=True)
        if isinstance(answer, ChoiceAnswer):
            self._choice(declarations, body, [(o.letter, self._render(o.text, inline=True))
                                              for o in q.options], list(answer.letters),
                         multiple=q.type is QuestionType.MULTIPLE,
                         shuffle=self.quiz.effective_shuffle(q))
            rules.append(self._if_correct(self._match("RESPONSE")))
        elif isinstance(answer, TrueFalseAnswer):
            self._choice(declarations, body, [("true", "True"), ("false", "False")],
                         ["true" if answer.value else "false"], multiple=False, shuffle=False)
            rules.append(self._if_correct(self._match("RESPONSE")))
        elif isinstance(answer, NumericAnswer):
            declaration = self._declare(declarations, "RESPONSE", "single", "float")
            self._correct(declaration, [format_number(answer.value)])
            self._text_entry(self._block(body), "RESPONSE")
            rules.append(self._if_correct(self._numeric_condition(answer)))
        elif isinstance(answer, ShortAnswer):
            declaration = self._declare(declarations, "RESPONSE", "single", "string")
            self._correct(declaration, list(answer.accepted[:1]))
            self._mapping(declaration, answer.accepted, q.points, answer.case_sensitive)
            self._text_entry(self._block(body), "RESPONSE")
            rules.append(self._set_score(self._map_response("RESPONSE")))
        elif isinstance(answer, EssayAnswer):
            self._declare(declarations, "RESPONSE", "single", "string")
            self.interactions.append("extendedTextInteraction")
            t.sub(body, "extendedTextInteraction", responseIdentifier="RESPONSE")
            if answer.model_answer.strip():
                rubric = t.sub(body, "rubricBlock", **dict(self.dialect.rubric_attributes))
                self._append_flow(rubric, self._render(answer.model_answer), block=True)
        elif isinstance(answer, MatchingAnswer):
            self._matching(declarations, body, answer)
            rules.append(self._set_score(self._map_response("RESPONSE")))
        elif isinstance(answer, ClozeAnswer):
            self._cloze(declarations, body, answer)
            if answer.blanks:
                rules.append(self._set_score(self._sum(
                    [self._map_response(_blank_response(n)) for n in range(len(answer.blanks))])))
        else:
            raise TypeError(f"no QTI item for {type(answer).__name__}")

    def _declare(self, parent: etree._Element, identifier: str, cardinality: str,
                 base_type: str) -> etree._Element:
        return self.tree.sub(parent, "responseDeclaration", identifier=identifier,
                             cardinality=cardinality, baseType=base_type)

    def _correct(self, declaration: etree._Element, values: list[str]) -> None:
        if not values:  # a question `check` rejects; the item stays valid all the same
            return
        correct = self.tree.sub(declaration, "correctResponse")
        for value in values:
            self.tree.sub(correct, "value", value)

    def _mapping(self, declaration: etree._Element, accepted: tuple[str, ...], points: float,
                 case_sensitive: bool) -> None:
        """Each accepted string is worth ``points``; case-insensitive duplicates are merged."""
        first: dict[str, str] = {}
        for text in accepted:
            first.setdefault(text if case_sensitive else text.casefold(), text)
        self._map_entries(declaration, list(first.values()), points,
                          caseSensitive=_bool(case_sensitive))

    def _map_entries(self, declaration: etree._Element, keys: list[str], value: float,
                     **attributes: str) -> None:
        """A mapping giving ``value`` per key, the default 0; none at all when there is no key."""
        if not keys:
            return
        mapping = self.tree.sub(declaration, "mapping", defaultValue="0")
        for key in keys:
            self.tree.sub(mapping, "mapEntry", mapKey=key, mappedValue=format_number(value),
                          **attributes)

    def _choice(self, declarations: etree._Element, body: etree._Element,
                choices: list[tuple[str, str]], correct: list[str], multiple: bool,
                shuffle: bool) -> None:
        declaration = self._declare(declarations, "RESPONSE", "multiple" if multiple else "single",
                                    "identifier")
        self._correct(declaration, correct)
        self.interactions.append("choiceInteraction")
        interaction = self.tree.sub(body, "choiceInteraction", responseIdentifier="RESPONSE",
                                    shuffle=_bool(shuffle), maxChoices="0" if multiple else "1")
        for identifier, fragment in choices:
            choice = self.tree.sub(interaction, "simpleChoice", identifier=identifier)
            self.html.append(choice, fragment)

    def _matching(self, declarations: etree._Element, body: etree._Element,
                  answer: MatchingAnswer) -> None:
        """Left sides in source order; right sides sorted, so their order gives nothing away."""
        pairs = answer.pairs
        rights = sorted({pair.right for pair in pairs}, key=lambda text: (text.casefold(), text))
        right_ids = {text: f"R{n}" for n, text in enumerate(rights, start=1)}
        declaration = self._declare(declarations, "RESPONSE", "multiple", "directedPair")
        keys = [f"L{n} {right_ids[pair.right]}" for n, pair in enumerate(pairs, start=1)]
        self._correct(declaration, keys)
        self._map_entries(declaration, keys, self.question.points / max(len(keys), 1))
        self.interactions.append("matchInteraction")
        interaction = self.tree.sub(body, "matchInteraction", responseIdentifier="RESPONSE",
                                    shuffle=_bool(self.quiz.effective_shuffle(self.question)),
                                    maxAssociations=str(len(pairs)))
        lefts = self.tree.sub(interaction, "simpleMatchSet")
        for n, pair in enumerate(pairs, start=1):
            choice = self.tree.sub(lefts, "simpleAssociableChoice", identifier=f"L{n}", matchMax="1")
            self.html.append(choice, self._render(pair.left, inline=True))
        right_set = self.tree.sub(interaction, "simpleMatchSet")
        for text in rights:
            self.tree.sub(right_set, "simpleAssociableChoice", text, identifier=right_ids[text],
                          matchMax=str(len(pairs)))

    def _cloze(self, declarations: etree._Element, body: etree._Element,
               answer: ClozeAnswer) -> None:
        share = self.question.points / len(answer.blanks) if answer.blanks else 0.0
        for n, blank in enumerate(answer.blanks):
            declaration = self._declare(declarations, _blank_response(n), "single", "string")
            self._correct(declaration, list(blank.accepted[:1]))
            self._mapping(declaration, blank.accepted, share, case_sensitive=False)

        def field(n: int) -> etree._Element:
            if n >= len(answer.blanks):  # a marker with no blank: leave a visible gap
                element = etree.Element(self.tree.html_tag("span"))
                element.text = "____"
                return element
            self.interactions.append("textEntryInteraction")
            return etree.Element(self.tree.tag("textEntryInteraction"),
                                 {self.dialect.attribute("responseIdentifier"): _blank_response(n)})

        place_blanks(body, field)

    def _text_entry(self, parent: etree._Element, identifier: str) -> None:
        self.interactions.append("textEntryInteraction")
        self.tree.sub(parent, "textEntryInteraction", responseIdentifier=identifier)

    def _block(self, body: etree._Element) -> etree._Element:
        """A paragraph for an inline interaction, which itemBody cannot hold directly."""
        return etree.SubElement(body, self.tree.html_tag("p"))

    def _outcomes(self, item: etree._Element, has_feedback: bool) -> None:
        points = format_number(self.question.points)
        for identifier, value in (("SCORE", "0"), ("MAXSCORE", points)):
            outcome = self.tree.sub(item, "outcomeDeclaration", identifier=identifier,
                                    cardinality="single", baseType="float")
            self.tree.sub(self.tree.sub(outcome, "defaultValue"), "value", value)
        if has_feedback:
            self.tree.sub(item, "outcomeDeclaration", identifier="FEEDBACK",
                          cardinality="multiple", baseType="identifier")

    # --- response processing ------------------------------------------------------------

    def _expression(self, name: str, *children: etree._Element, text: str | None = None,
                    **attributes: str) -> etree._Element:
        element = etree.Element(self.tree.tag(name))
        self.tree.set(element, attributes)
        element.text = text
        element.extend(children)
        return element

    def _match(self, identifier: str) -> etree._Element:
        return self._expression("match", self._expression("variable", identifier=identifier),
                                self._expression("correct", identifier=identifier))

    def _numeric_condition(self, answer: NumericAnswer) -> etree._Element:
        response = self._expression("variable", identifier="RESPONSE")
        if answer.range:
            low, high = (self._expression("baseValue", text=format_number(bound), baseType="float")
                         for bound in answer.range)
            return self._expression(
                "and", self._expression("gte", response, low),
                self._expression("lte", self._expression("variable", identifier="RESPONSE"), high))
        correct = self._expression("correct", identifier="RESPONSE")
        if not answer.tolerance:
            return self._expression("equal", response, correct, toleranceMode="exact")
        tolerance = format_number(answer.tolerance)
        return self._expression("equal", response, correct, toleranceMode="absolute",
                                tolerance=f"{tolerance} {tolerance}")

    def _map_response(self, identifier: str) -> etree._Element:
        return self._expression("mapResponse", identifier=identifier)

    def _sum(self, terms: list[etree._Element]) -> etree._Element:
        return self._expression("sum", *terms)

    def _set_score(self, expression: etree._Element) -> etree._Element:
        return self._expression("setOutcomeValue", expression, identifier="SCORE")

    def _if_correct(self, condition: etree._Element) -> etree._Element:
        """SCORE becomes MAXSCORE (the question's points) when ``condition`` holds."""
        score = self._set_score(self._expression("variable", identifier="MAXSCORE"))
        return self._expression("responseCondition",
                                self._expression("responseIf", condition, score))

    def _feedback_blocks(self) -> list[tuple[str, str]]:
        """(identifier, HTML) of each modal feedback: per option, then general."""
        blocks = [(option.letter, self._render(option.feedback))
                  for option in self.question.options if option.feedback.strip()]
        if self.question.feedback.strip():
            blocks.append(("general", self._render(self.question.feedback)))
        return blocks

    def _feedback_rule(self, feedback: list[tuple[str, str]]) -> etree._Element:
        """FEEDBACK holds `general` and the chosen options, which shows their modal feedback."""
        parts = []
        if any(identifier == "general" for identifier, _ in feedback):
            parts.append(self._expression("baseValue", text="general", baseType="identifier"))
        if any(identifier != "general" for identifier, _ in feedback):
            parts.append(self._expression("variable", identifier="RESPONSE"))
        return self._expression("setOutcomeValue", self._expression("multiple", *parts),
                                identifier="FEEDBACK")


def _blank_response(index: int) -> str:
    return f"RESPONSE_{index + 1}"


def _bool(value: bool) -> str:
    return "true" if value else "false"


# --- the assessment test and the manifest ---------------------------------------------------


def _test(quiz: Quiz, items: list[_ItemFile], dialect: Dialect) -> bytes:
    """All items in source order in one section; the test totals SCORE and MAXSCORE."""
    t = _Tree(dialect)
    test = t.root("assessmentTest", identifier=_test_identifier(quiz), title=quiz.title,
                  toolName=TOOL_NAME)
    for identifier in ("SCORE", "MAXSCORE"):
        t.sub(test, "outcomeDeclaration", identifier=identifier, cardinality="single",
              baseType="float")
    part = t.sub(test, "testPart", identifier="part-1", navigationMode="nonlinear",
                 submissionMode="simultaneous")
    section = t.sub(part, "assessmentSection", identifier="section-1", title=quiz.title,
                    visible="true")
    for item in items:
        t.sub(section, "assessmentItemRef", identifier=item.identifier, href=item.href)
    processing = t.sub(test, "outcomeProcessing")
    for identifier in ("SCORE", "MAXSCORE"):
        total = t.sub(t.sub(processing, "setOutcomeValue", identifier=identifier), "sum")
        t.sub(total, "testVariables", variableIdentifier=identifier)
    return _serialise(test, pretty=True)


def _test_identifier(quiz: Quiz) -> str:
    return "test-" + qti_identifier(quiz.id or "quiz")


@dataclass
class _Manifest:
    dialect: Dialect

    def cp(self, name: str) -> str:
        return f"{{{self.dialect.manifest_namespace}}}{name}"

    def sub(self, parent: etree._Element | None, name: str, text: str | None = None,
            namespace: str | None = None, **attributes: str) -> etree._Element:
        """A child of ``parent``, or a lone element to stream when ``parent`` is None."""
        tag = f"{{{namespace or self.dialect.manifest_namespace}}}{name}"
        element = etree.Element(tag, attributes) if parent is None else \
            etree.SubElement(parent, tag, attributes)
        element.text = text
        return element

    def lom_title(self, parent: etree._Element, title: str) -> None:
        lom = self.dialect.lom_namespace
        general = self.sub(self.sub(parent, "lom", namespace=lom), "general", namespace=lom)
        self.sub(self.sub(general, "title", namespace=lom), self.dialect.lom_string, title,
                 namespace=lom)

    def qti_metadata(self, parent: etree._Element, item: _ItemFile) -> None:
        ns = self.dialect.metadata_namespace
        metadata = self.sub(parent, "qtiMetadata", namespace=ns)
        self.sub(metadata, "timeDependent", "false", namespace=ns)
        for interaction in dict.fromkeys(item.interactions):
            self.sub(metadata, "interactionType", interaction, namespace=ns)
        self.sub(metadata, "feedbackType", "nonadaptive" if item.has_feedback else "none",
                 namespace=ns)
        self.sub(metadata, "solutionAvailable", _bool(item.has_solution), namespace=ns)
        self.sub(metadata, "toolName", TOOL_NAME, namespace=ns)


def _manifest(quiz: Quiz, items: list[_ItemFile], assets: list[Asset], dialect: Dialect) -> bytes:
    """Written resource by resource: for a bank of thousands, the tree would take tens of MB."""
    m = _Manifest(dialect)
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="UTF-8") as out:
        out.write_declaration()
        root_attributes = {"identifier": "manifest-" + qti_identifier(quiz.id or "quiz"),
                           f"{{{XSI}}}schemaLocation": dialect.manifest_schema_location}
        with out.element(m.cp("manifest"), root_attributes, nsmap={
                None: dialect.manifest_namespace, "imsmd": dialect.lom_namespace,
                "imsqti": dialect.metadata_namespace, "xsi": XSI}):
            metadata = m.sub(None, "metadata")
            m.sub(metadata, "schema", dialect.package_schema)
            m.sub(metadata, "schemaversion", dialect.package_schema_version)
            m.lom_title(metadata, quiz.title)
            out.write("\n", metadata, m.sub(None, "organizations"), "\n", pretty_print=True)
            with out.element(m.cp("resources")):
                test = m.sub(None, "resource", identifier=_test_identifier(quiz),
                             type=dialect.test_type, href=TEST_HREF)
                m.sub(test, "file", href=TEST_HREF)
                for item in items:
                    m.sub(test, "dependency", identifierref=_item_resource(item))
                out.write("\n", test, pretty_print=True)
                image_resources = {asset.name: f"image-{n}" for n, asset in enumerate(assets, start=1)}
                for item in items:
                    out.write(_item_manifest_resource(m, item, image_resources), pretty_print=True)
                shared = [(image_resources[asset.name], _asset_href(asset, dialect)) for asset in assets]
                if any(item.styled for item in items):
                    shared.append((_STYLESHEET_RESOURCE, STYLESHEET_HREF))
                for identifier, href in shared:
                    resource = m.sub(None, "resource", identifier=identifier, type="webcontent",
                                     href=href)
                    m.sub(resource, "file", href=href)
                    out.write(resource, pretty_print=True)
            out.write("\n")
    buffer.write(b"\n")
    return buffer.getvalue()


def _item_manifest_resource(m: _Manifest, item: _ItemFile,
                            image_resources: dict[str, str]) -> etree._Element:
    resource = m.sub(None, "resource", identifier=_item_resource(item),
                     type=m.dialect.item_type, href=item.href)
    item_metadata = m.sub(resource, "metadata")
    m.qti_metadata(item_metadata, item)
    m.lom_title(item_metadata, item.title)
    files = [item.href] + [_asset_href(asset, m.dialect) for asset in item.assets]
    dependencies = [image_resources[asset.name] for asset in item.assets]
    if item.styled:
        files.append(STYLESHEET_HREF)
        dependencies.append(_STYLESHEET_RESOURCE)
    for href in files:
        m.sub(resource, "file", href=href)
    for identifier in dependencies:
        m.sub(resource, "dependency", identifierref=identifier)
    return resource


def _item_resource(item: _ItemFile) -> str:
    return "item-" + item.identifier
