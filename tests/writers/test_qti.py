"""QTI 2.1 and 3.0 packages: valid against the official XSDs, and keyed as a player reads them."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from exporter.readers import read
from exporter.writers.qti.dialect import qti_identifier
from writing import output

FIXTURES = Path(__file__).parents[1] / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "schemas"
MATHML = "http://www.w3.org/1998/Math/MathML"
XSD = "http://www.w3.org/2001/XMLSchema"

# The CP 1.1 manifest holds IMS MD and QTI metadata, which imscp_v1p1.xsd checks strictly:
# a driver schema imports every namespace the manifest uses.
MANIFEST_21_IMPORTS = {
    "http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
    "http://www.imsglobal.org/xsd/imsmd_v1p2": "imsmd_v1p2p4.xsd",
    "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1": "qtiv2p1/imsqti_metadata_v2p1.xsd",
}


def _schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path)))


def _driver_schema(imports: dict[str, str]) -> etree.XMLSchema:
    root = etree.Element(f"{{{XSD}}}schema", nsmap={"xs": XSD})
    for namespace, location in imports.items():
        etree.SubElement(root, f"{{{XSD}}}import", namespace=namespace,
                         schemaLocation=(SCHEMAS / location).as_uri())
    return etree.XMLSchema(root)


@pytest.fixture(scope="module")
def schemas() -> dict[str, dict[str, etree.XMLSchema]]:
    """Each schema compiled once: compiling them takes seconds."""
    if not SCHEMAS.is_dir():
        pytest.skip(f"the official schemas are not here: {SCHEMAS} (../shared is absent)")
    qti_21 = _schema(SCHEMAS / "qtiv2p1" / "imsqti_v2p1.xsd")
    # QTI 3.0: the 3.0.1 ASI schema, and the official SBAC profile as a second, stricter check
    # (it rejects `style`, which the 3.0.1 copy lets through).
    qti_30 = [_schema(SCHEMAS / "qtiv3p0" / name)
              for name in ("imsqti_asiv3p0p1_v1p0.xsd", "imsqti_asiv3p0_sbacv1p0_v1p0.xsd")]
    return {
        "qti21": {"content": [qti_21], "manifest": _driver_schema(MANIFEST_21_IMPORTS)},
        "qti30": {"content": qti_30,
                  "manifest": _schema(SCHEMAS / "qtiv3p0" / "imsqtiv3p0_imscpv1p2_v1p0.xsd")},
    }


WRITERS = ("qti21", "qti30")


class Package:
    """A written package opened the way an importer opens it: through its manifest."""

    def __init__(self, data: bytes, target: str) -> None:
        self.data = data
        self.target = target
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.manifest = etree.fromstring(self.zip.read("imsmanifest.xml"))
        self.ns = {"cp": self.manifest.nsmap[None]}
        self.resources = self.manifest.findall("cp:resources/cp:resource", self.ns)

    def of_type(self, suffix: str) -> list[etree._Element]:
        return [r for r in self.resources if r.get("type").startswith(suffix)]

    def listed_files(self) -> set[str]:
        return {f.get("href") for f in self.manifest.iterfind(".//cp:file", self.ns)}

    def xml(self, href: str) -> etree._Element:
        return etree.fromstring(self.zip.read(href))

    def items(self) -> list[etree._Element]:
        return [self.xml(r.get("href")) for r in self.of_type("imsqti_item")]

    def test(self) -> etree._Element:
        (resource,) = self.of_type("imsqti_test")
        return self.xml(resource.get("href"))


def el(target: str, qti21_name: str) -> str:
    return qti21_name if target == "qti21" else "qti-" + _kebab(qti21_name)


def at(target: str, qti21_name: str) -> str:
    return qti21_name if target == "qti21" else _kebab(qti21_name)


def _kebab(name_: str) -> str:
    return "".join("-" + c.lower() if c.isupper() else c for c in name_)


def find(root: etree._Element, target: str, path: str) -> list[etree._Element]:
    """Elements at a slash path of QTI 2.1 names (``html:p`` for XHTML), in the item's namespace."""
    ns = root.nsmap[None]
    steps = "/".join(f"{{{ns}}}{step[5:] if step.startswith('html:') else el(target, step)}"
                     for step in path.split("/"))
    return root.findall(".//" + steps)


@pytest.fixture(scope="module")
def all_types():
    result = read(FIXTURES / "all-types.md")
    assert not result.has_errors, result.diagnostics
    return result.quizzes[0]


@pytest.fixture(scope="module", params=["qti21", "qti30"])
def package(request, all_types) -> Package:
    return Package(output(request.param, all_types), request.param)


def item_for(package: Package, question) -> etree._Element:
    identifier = qti_identifier(question.id)
    (item,) = [i for i in package.items() if i.get("identifier") == identifier]
    return item


def response(item: etree._Element, target: str, identifier: str = "RESPONSE") -> etree._Element:
    (declaration,) = [d for d in find(item, target, "responseDeclaration")
                      if d.get("identifier") == identifier]
    return declaration


def correct_values(item: etree._Element, target: str, identifier: str = "RESPONSE") -> list[str]:
    declaration = response(item, target, identifier)
    return [v.text for v in find(declaration, target, "correctResponse/value")]


def outcome_default(item: etree._Element, target: str, identifier: str) -> float:
    (outcome,) = [o for o in find(item, target, "outcomeDeclaration")
                  if o.get("identifier") == identifier]
    (value,) = find(outcome, target, "defaultValue/value")
    return float(value.text)


def mapping(declaration: etree._Element, target: str) -> dict[str, tuple[float, str | None]]:
    return {e.get(at(target, "mapKey")): (float(e.get(at(target, "mappedValue"))),
                                          e.get(at(target, "caseSensitive")))
            for e in find(declaration, target, "mapping/mapEntry")}


# --- validity ------------------------------------------------------------------------------


def assert_valid(schema: etree.XMLSchema, root: etree._Element, what: str) -> None:
    assert schema.validate(root), f"{what}: {schema.error_log}"


def assert_package_valid(package: Package, schemas) -> None:
    assert_valid(schemas[package.target]["manifest"], package.manifest, "imsmanifest.xml")
    for resource in package.of_type("imsqti"):
        for schema in schemas[package.target]["content"]:
            assert_valid(schema, package.xml(resource.get("href")), resource.get("href"))


def test_every_item_the_test_and_the_manifest_validate(package, schemas):
    assert len(package.of_type("imsqti_item")) == 9
    assert_package_valid(package, schemas)


@pytest.mark.parametrize("target", ["qti21", "qti30"])
def test_the_seed_quiz_builds_a_valid_package(target, schemas):
    quiz = read(FIXTURES / "week-6-questions.md").quizzes[0]
    package = Package(output(target, quiz), target)
    assert len(package.of_type("imsqti_item")) == len(quiz.questions)
    assert_package_valid(package, schemas)


@pytest.mark.parametrize("target", ["qti21", "qti30"])
def test_the_repaired_seed_keys_every_question_with_its_letter(target, schemas):
    quiz = read(ROOT / "source" / "week-6-questions.md").quizzes[0]
    package = Package(output(target, quiz), target)
    assert_package_valid(package, schemas)
    keys = ["".join(v.text for v in find(item, target, "correctResponse/value"))
            for item in package.items()]
    assert keys == list("BCBDABBAABD")
    assert set(package.zip.namelist()) == package.listed_files() | {"imsmanifest.xml"}


@pytest.mark.parametrize("target", ["qti21", "qti30"])
def test_every_question_type_and_hostile_file_validates(target, schemas):
    paths = sorted((FIXTURES / "types").glob("*.md")) + sorted((FIXTURES / "hostile").glob("*.md"))
    assert len(paths) >= 9
    for path in paths:
        package = Package(output(target, read(path).quizzes[0]), target)
        assert_package_valid(package, schemas)


@pytest.mark.parametrize("target", ["qti21", "qti30"])
def test_pools_are_sections_that_draw_and_validate(target, schemas):
    quiz = read(FIXTURES / "pools.md").quizzes[0]
    package = Package(output(target, quiz), target)
    assert_package_valid(package, schemas)
    test = package.xml("assessment.xml")
    [outer] = find(test, target, "testPart/assessmentSection")
    pools = find(outer, target, "assessmentSection")
    assert [(s.get("identifier"), [r.get("identifier") for r in find(s, target, "assessmentItemRef")])
            for s in pools] == [(pool.id, [qti_identifier(q.id) for q in pool.questions])
                                for pool in quiz.pools()]
    assert [find(s, target, "selection")[0].get("select") for s in pools] == ["2", "1"]
    assert [len(find(s, target, "ordering")) for s in pools] == [1, 0]  # shuffle=false: none


def test_the_zip_holds_exactly_the_files_the_manifest_lists(package):
    assert set(package.zip.namelist()) == package.listed_files() | {"imsmanifest.xml"}
    assert package.zip.testzip() is None


def test_the_manifest_declares_each_namespace_once_at_its_root(package):
    text = package.zip.read("imsmanifest.xml")
    root = package.manifest
    assert text.count(b"xmlns") == len(root.nsmap)  # none re-declared under the root
    assert {"imsmd", "imsqti", "xsi", None} == set(root.nsmap)
    assert all(element.nsmap == root.nsmap for element in root.iter())
    assert root.find(".//imsqti:qtiMetadata", root.nsmap) is not None  # the prefixes are used


def test_the_test_lists_every_item_in_source_order_with_the_quiz_title(package, all_types):
    test = package.test()
    assert test.get("title") == all_types.title
    refs = find(test, package.target, "testPart/assessmentSection/assessmentItemRef")
    assert [r.get("identifier") for r in refs] == [qti_identifier(q.id) for q in all_types.questions]
    item_hrefs = {r.get("identifier"): r.get("href") for r in package.of_type("imsqti_item")}
    assert [r.get("href") for r in refs] == list(item_hrefs.values())
    (test_resource,) = package.of_type("imsqti_test")
    depends = [d.get("identifierref") for d in test_resource.iterfind("cp:dependency", package.ns)]
    assert depends == [r.get("identifier") for r in package.of_type("imsqti_item")]


def test_building_twice_gives_identical_bytes(all_types):
    for target in WRITERS:
        again = read(FIXTURES / "all-types.md").quizzes[0]
        assert output(target, all_types) == output(target, again)


# --- the key, as a player reads it -----------------------------------------------------------


def test_points_are_the_question_points(package, all_types):
    for question in all_types.questions:
        item = item_for(package, question)
        assert outcome_default(item, package.target, "MAXSCORE") == question.points
        assert outcome_default(item, package.target, "SCORE") == 0


def test_single_choice_keys_the_letter_and_scores_the_points(package, all_types):
    question = all_types.questions[0]
    item = item_for(package, question)
    target = package.target
    assert correct_values(item, target) == ["B"]
    (interaction,) = find(item, target, "choiceInteraction")
    assert interaction.get(at(target, "maxChoices")) == "1"
    assert interaction.get("shuffle") == "true"  # Shuffle: true on the question
    assert [c.get("identifier") for c in find(interaction, target, "simpleChoice")] == ["A", "B", "C"]
    (set_score,) = [s for s in find(item, target, "responseIf/setOutcomeValue")
                    if s.get("identifier") == "SCORE"]
    assert set_score[0].get("identifier") == "MAXSCORE"


def test_multiple_choice_keys_all_and_only_the_correct_letters(package, all_types):
    item = item_for(package, all_types.questions[1])
    target = package.target
    assert correct_values(item, target) == ["A", "C"]
    assert response(item, target).get("cardinality") == "multiple"
    (interaction,) = find(item, target, "choiceInteraction")
    assert interaction.get(at(target, "maxChoices")) == "0"
    assert interaction.get("shuffle") == "false"  # the quiz says shuffle: false
    assert find(item, target, "responseIf/match")


def test_true_false_is_a_two_choice_item(package, all_types):
    item = item_for(package, all_types.questions[2])
    assert correct_values(item, package.target) == ["true"]
    choices = find(item, package.target, "choiceInteraction/simpleChoice")
    assert [c.get("identifier") for c in choices] == ["true", "false"]


def test_numerical_tolerance_is_the_closed_interval_with_decimal_ends(package, all_types):
    item = item_for(package, all_types.questions[3])  # 3.14 ± 0.01
    target = package.target
    assert response(item, target).get(at(target, "baseType")) == "float"
    assert correct_values(item, target) == ["3.14"]
    assert not find(item, target, "responseIf/equal")  # players seldom implement its tolerance
    (low,) = find(item, target, "responseIf/and/gte/baseValue")
    (high,) = find(item, target, "responseIf/and/lte/baseValue")
    assert (low.text, high.text) == ("3.13", "3.15")  # not the float sum's 3.1300000000000003
    for bound in (low, high):
        (entered,) = bound.getparent().findall(el(target, "variable"), item.nsmap)
        assert entered.get("identifier") == "RESPONSE"


def test_an_exact_number_is_equal_to_the_value(tmp_path):
    source = tmp_path / "exact.md"
    source.write_text("1. How many bits in a byte?\n\nAnswer: 8\n", encoding="utf-8")
    quiz = read(source).quizzes[0]
    for target in WRITERS:
        (item,) = Package(output(target, quiz), target).items()
        (equal,) = find(item, target, "responseIf/equal")
        assert equal.get(at(target, "toleranceMode")) == "exact"
        assert [child.text for child in equal if child.text] == ["8"]


def test_numerical_range_checks_both_bounds(package, all_types):
    item = item_for(package, all_types.questions[4])
    target = package.target
    (low,) = find(item, target, "responseIf/and/gte/baseValue")
    (high,) = find(item, target, "responseIf/and/lte/baseValue")
    assert (float(low.text), float(high.text)) == (1.42, 1.73)


def test_short_answer_maps_each_accepted_string_case_insensitively(package, all_types):
    question = all_types.questions[5]
    item = item_for(package, question)
    target = package.target
    assert response(item, target).get(at(target, "baseType")) == "string"
    assert mapping(response(item, target), target) == {
        "def": (question.points, "false"), "lambda": (question.points, "false")}
    (set_score,) = find(item, target, "responseProcessing/setOutcomeValue")
    assert set_score[0].tag.endswith(el(target, "mapResponse"))


def test_essay_has_a_text_field_and_the_model_answer_for_scorers_only(package, all_types):
    item = item_for(package, all_types.questions[6])
    target = package.target
    assert find(item, target, "extendedTextInteraction")
    (rubric,) = find(item, target, "rubricBlock")
    assert rubric.get("view") == "scorer"
    assert "moves the randomness" in "".join(rubric.itertext())
    assert rubric.find(f".//{{{MATHML}}}math") is not None


def test_matching_pairs_are_directed_pairs_left_to_right(package, all_types):
    question = all_types.questions[7]
    item = item_for(package, question)
    target = package.target
    left_set, right_set = find(item, target, "matchInteraction/simpleMatchSet")
    lefts = {c.get("identifier"): "".join(c.itertext()) for c in left_set}
    rights = {c.get("identifier"): "".join(c.itertext()) for c in right_set}
    pairs = {(lefts[v.text.split()[0]], rights[v.text.split()[1]])
             for v in find(response(item, target), target, "correctResponse/value")}
    assert pairs == {(p.left, p.right) for p in question.answer.pairs}
    shares = mapping(response(item, target), target)
    assert sum(value for value, _ in shares.values()) == pytest.approx(question.points)


def test_cloze_has_a_field_per_blank_and_sums_their_shares(package, all_types):
    question = all_types.questions[8]
    item = item_for(package, question)
    target = package.target
    fields = find(item, target, "itemBody/html:p/textEntryInteraction")
    identifiers = [f.get(at(target, "responseIdentifier")) for f in fields]
    assert identifiers == ["RESPONSE_1", "RESPONSE_2", "RESPONSE_3"]
    assert "\ue000" not in "".join(item.itertext())
    total = 0.0
    for identifier, blank in zip(identifiers, question.answer.blanks):
        entries = mapping(response(item, target, identifier), target)
        assert set(entries) == set(blank.accepted)
        total += next(iter(entries.values()))[0]
    assert total == pytest.approx(question.points)
    (summed,) = find(item, target, "responseProcessing/setOutcomeValue/sum")
    assert len(summed) == 3


# --- content --------------------------------------------------------------------------------


def test_feedback_is_shown_for_the_chosen_option_and_always_in_general(package, all_types):
    item = item_for(package, all_types.questions[0])
    target = package.target
    feedback = {f.get("identifier"): "".join(f.itertext()) for f in find(item, target, "modalFeedback")}
    assert set(feedback) == {"A", "general"}
    assert "uniform" in feedback["A"] and "standard normal" in feedback["general"]
    (rule,) = [s for s in find(item, target, "responseProcessing/setOutcomeValue")
               if s.get("identifier") == "FEEDBACK"]
    assert "".join(rule.itertext()) == "general"
    assert rule.find(f".//{{{item.nsmap[None]}}}{el(target, 'variable')}").get("identifier") == "RESPONSE"


def test_math_is_mathml_and_code_keeps_its_highlighting_as_classes(package, all_types):
    item = item_for(package, all_types.questions[0])
    target = package.target
    assert item.find(f".//{{{MATHML}}}msub") is not None
    annotations = [a.text for a in item.iter(f"{{{MATHML}}}annotation")]
    source = "".join(all_types.questions[0].texts())
    assert annotations and all(tex in source for tex in annotations)  # each formula's TeX
    (pre,) = find(item, target, "itemBody/html:pre")
    assert "".join(pre.itertext()) == "eps = torch.randn_like(std)"
    classes = {span.get("class") for span in pre}
    css = package.zip.read("styles/code.css").decode()
    assert classes and all(f".{c} {{" in css for c in classes)
    assert "color: #666" in css
    resource = [r for r in package.of_type("imsqti_item") if r.get("href") == item_href(package, item)]
    assert "styles/code.css" in {f.get("href") for f in resource[0].iterfind("cp:file", package.ns)}


def item_href(package: Package, item: etree._Element) -> str:
    identifier = item.get("identifier")
    (ref,) = [r for r in find(package.test(), package.target, "assessmentItemRef")
              if r.get("identifier") == identifier]
    return ref.get("href")


def test_the_image_is_packaged_and_listed_for_the_item_that_shows_it(package, all_types):
    item = item_for(package, all_types.questions[6])
    (img,) = find(item, package.target, "html:img")
    assert img.get("src") == "images/dot.png" and img.get("alt") == "A latent space"
    assert package.zip.read("images/dot.png") == (FIXTURES / "images" / "dot.png").read_bytes()
    (resource,) = [r for r in package.of_type("imsqti_item")
                   if r.get("href") == item_href(package, item)]
    assert "images/dot.png" in {f.get("href") for f in resource.iterfind("cp:file", package.ns)}
    (image_resource,) = [r for r in package.of_type("webcontent") if r.get("href") == "images/dot.png"]
    depends = {d.get("identifierref") for d in resource.iterfind("cp:dependency", package.ns)}
    assert image_resource.get("identifier") in depends


def test_identifiers_are_valid_and_stable_for_any_question_id():
    assert qti_identifier("draw-noise") == "draw-noise"
    odd = qti_identifier("7 ü/x")
    assert odd == qti_identifier("7 ü/x")
    assert odd[0].isalpha() and all(c.isalnum() or c in "._-" for c in odd)
    assert qti_identifier("a b") != qti_identifier("a/b")


EDGE_QUIZ = """# HTML the QTI subset lacks

1. A <del>struck</del> <u>underlined</u> <span title="tip">word</span> and a table:

| left | right |
|:-:|--:|
| 1 | 2 |

<figure><img src="dot.png" width="100px" height="40"><figcaption>Caption</figcaption></figure>

> quoted **bold**

### Heading with <div>a block</div> inside

<pre><sub>sub</sub> in pre</pre>

Math with a bare ampersand: $a < b & c$.

$$\\frac{a}{b}$$

(A) a list:

    - one
    - two

(B) ![dot](dot.png) an image

Answer: A
Feedback: <a href="javascript:alert(1)">click</a> or [read](https://example.com).
"""


@pytest.mark.parametrize("target", ["qti21", "qti30"])
def test_html_outside_the_qti_subset_is_renamed_or_unwrapped_and_validates(target, schemas, tmp_path):
    (tmp_path / "dot.png").write_bytes((FIXTURES / "images" / "dot.png").read_bytes())
    (tmp_path / "edge.md").write_text(EDGE_QUIZ, encoding="utf-8")
    result = read(tmp_path / "edge.md")
    assert not result.has_errors, result.diagnostics
    package = Package(output(target, result.quizzes[0]), target)
    assert_package_valid(package, schemas)
    (item,) = package.items()
    text = "".join(item.itertext())
    assert all(word in text for word in ("struck", "underlined", "word", "Caption", "click",
                                         "a block", "sub in pre", "bare ampersand"))
    (body,) = find(item, target, "itemBody")
    assert not [e for e in body.iter() if isinstance(e.tag, str) and (e.get("style") or e.get("title"))]
    links = find(item, target, "html:a")
    assert [a.get("href") for a in links] == ["https://example.com"]
    widths = {img.get("alt"): (img.get("width"), img.get("height")) for img in find(item, target, "html:img")}
    assert widths == {"": (None, "40"), "dot": (None, None)}
    assert find(item, target, "html:table/html:thead/html:tr/html:th")[0].get("class")
