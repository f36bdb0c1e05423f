"""The Moodle XML reader: Moodle's own reference exports, broken and hostile files,
and the round trip through Moodle's own importer.

The reference exports are read in place from ../shared/reference/moodle
(made by Moodle itself); without ../shared those tests skip and say why.
"""
from __future__ import annotations

import base64
import hashlib
import random
from pathlib import Path

import pytest

from exporter.readers import Reading, read, reader_for
from exporter.readers.moodle.prolog import sniff
from reading import diagnostics
from lms_importers import moodle_import, moodle_reimport
from moodle_compare import differences
from writing import output

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "moodle"
NO_DTD = ("error: a DTD is not allowed: Moodle exports have none, and a DTD can read files or "
          "expand entities without end (remove the <!DOCTYPE ...> declaration)")


def reference(name: str) -> Path:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"Moodle's reference export is not here: {path} (../shared is absent)")
    return path


def summary(path: Path) -> list[tuple]:
    """(title, id, category, assets, [(line, type, key, points, penalty, tags)])."""
    return [(quiz.title, quiz.id, quiz.category, sorted(quiz.assets),
             [(q.line, q.type.value, q.answer.as_data(), q.points, q.penalty, q.tags)
              for q in quiz.questions])
            for quiz in read(path).quizzes]


def test_multichoice_with_images_and_an_mp3():
    path = reference("multichoice.xml")
    assert summary(path) == [(
        "Multichoice", "default-for-testhead-multichoice", "Default for testhead/Multichoice",
        ["flag-denmark.jpg", "flag-france.jpg", "flag-german.jpg", "flag-uk.jpg"],
        [(12, "single", ["B"], 1.0, 0.1, [])])]
    [question] = read(path).quizzes[0].questions
    assert question.stem == "Listen to this greeting:  \n  \nWhat language is being spoken?"
    assert [(o.letter, o.text, o.feedback) for o in question.options] == [
        ("A", "![British Flag](flag-uk.jpg) English", "Sorry, listen again."),
        ("B", "![French flag](flag-france.jpg) French", "Yes, well done!"),
        ("C", "![German flag](flag-german.jpg) German", "Sorry, listen again."),
        ("D", "![Denmark flag](flag-denmark.jpg) Danish", "Sorry, listen again.")]
    assert question.shuffle is True and question.parts["key"].line == 43
    assert diagnostics(path) == [
        "18:1: warning: file `bonjour.mp3` of the question text is not an image (PNG, JPEG, GIF, "
        "WebP, SVG): the packages carry only images, so it is dropped and its link keeps only "
        "its words"]


def test_truefalse_keys_feedback_and_shared_images():
    path = reference("truefalse.xml")
    assert summary(path) == [(
        "TrueFalse", "default-for-testhead-truefalse", "Default for testhead/TrueFalse",
        ["infos.jpg", "logo.jpg", "thumbdown.jpg", "thumbup.jpg"],
        [(12, "truefalse", False, 1.0, 1.0, []), (40, "truefalse", True, 1.0, 1.0, [])])]
    assert diagnostics(path) == []
    [quiz] = read(path).quizzes
    answer = quiz.questions[1].answer
    assert " ".join(answer.true_feedback.split()) == "![thumb up](thumbup.jpg) Your answer is correct."
    assert " ".join(answer.false_feedback.split()) == \
        "![thumb down](thumbdown.jpg) Your answer is incorrect."


def test_cloze_gaps_become_blanks():
    path = reference("multianswer.xml")
    assert summary(path) == [(
        "Default for Test images in backup", "default-for-test-images-in-backup",
        "Default for Test images in backup",
        ["arizona_2.png", "california-state-flag.png", "moodle.png"],
        [(12, "cloze", [*({"answer": state, "choices": ["California", "Arizona"]}
                          for state in ("California", "Arizona", "California", "Arizona")),
                        ["Paris"]],
          5.0, 0.3333333, [])])]
    found = diagnostics(path)
    assert found[:4] == [f"18:1: warning: gap {n} `{gap}`: per-answer feedback dropped" for n, gap in (
        (1, "{1:MULTICHOICE:=California#OK~Arizona#Wrong}"),
        (2, "{1:MULTICHOICE:California#Wrong~%100%Arizona#OK}"),
        (3, "{1:MULTICHOICE:=California#OK~Arizona#Wrong}"),
        (4, "{1:MULTICHOICE:%0%California#Wrong~=Arizona#OK}"))]
    assert len(found) == 5 and found[4].startswith("18:1: warning: gap 5 ")
    assert found[4].endswith("answers below 100% dropped: `Marseille` (50%), `*` (0%); "
                             "per-answer feedback dropped")


def test_one_quiz_per_nested_category():
    path = reference("nested_categories_with_questions.xml")
    assert summary(path) == [
        ("Iota", "iota", "Iota", [], [(15, "truefalse", True, 1.0, 1.0, [])]),
        ("Kappa", "iota-kappa", "Iota/Kappa", [],
         [(55, "essay", None, 1.0, 0.0, []), (87, "truefalse", True, 1.0, 1.0, [])]),
        ("Lambda", "iota-kappa-lambda", "Iota/Kappa/Lambda", [],
         [(127, "truefalse", True, 1.0, 1.0, [])]),
        ("Mu", "iota-mu", "Iota/Mu", [], [(167, "truefalse", True, 1.0, 1.0, [])])]
    assert read(path).quizzes[1].description == "This is Kappa category for test"
    assert diagnostics(path) == []


def test_ids_tags_and_literal_slashes(tmp_path):
    source = tmp_path / "bank.xml"
    source.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Week 1//2/Loops</text></category></question>
  <question type="shortanswer">
    <name><text>loop</text></name>
    <questiontext format="html"><text><![CDATA[<p>Keyword for a loop? \\(x_1\\)</p>]]></text></questiontext>
    <defaultgrade>2</defaultgrade>
    <idnumber>loop-kw</idnumber>
    <answer fraction="100"><text>for</text></answer>
    <answer fraction="100"><text>while</text></answer>
    <tags><tag><text>loops</text></tag><tag><text>week1</text></tag></tags>
  </question>
</quiz>
""")
    [quiz] = read(source).quizzes
    assert (quiz.title, quiz.id, quiz.category) == ("Loops", "week-1-2-loops", "Week 1//2/Loops")
    [question] = quiz.questions
    assert (question.id, question.parts["id"].line, question.tags, question.points) == \
        ("loop-kw", 8, ["loops", "week1"], 2.0)
    assert question.answer.as_data() == ["for", "while"]
    assert question.stem == "Keyword for a loop? \\(x_1\\)"
    assert diagnostics(source) == []


def test_grades_moodle_rejects_are_errors_at_their_answer():
    assert diagnostics(reference("error_invalid_grades.xml")) == [
        "22:1: warning: combined feedback dropped (<correctfeedback>, <partiallycorrectfeedback>, "
        "<incorrectfeedback>): the model has only general and per-option feedback",
        "38:1: error: answer grade 33% is not one of the grades Moodle accepts (100, 90, "
        "83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, "
        "12.5, 11.11111, 10, 5, 0 and their negatives): Moodle's importer rejects this question"]


def test_broken_cloze_questions_are_errors_at_their_question():
    rejects = "Moodle's importer rejects this Cloze question"
    assert diagnostics(reference("broken_cloze_questions.xml")) == [
        "4:1: error: a Cloze question needs at least one gap such as `{1:SHORTANSWER:=Paris}`; "
        "Moodle's importer rejects it",
        "20:1: error: a Cloze question needs at least one gap such as `{1:SHORTANSWER:=Paris}`: "
        "`{1:MULTICHOICE}` is not a complete gap; Moodle's importer rejects it",
        f"36:1: error: the gap `{{1:MULTICHOICE:=Apple#Correct}}` offers fewer than 2 choices; "
        f"{rejects}",
        f"52:1: error: the gap `{{1:MULTICHOICE:Pear#Incorrect~%50%Apple#Correct}}` has no "
        f"alternative worth 100%; {rejects}",
        f"68:1: error: the gap `{{3:NUMERICAL:=zero}}`: `zero` is not a number; {rejects}"]


BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE quiz [\n <!ENTITY lol "lol">\n'
                  + "".join(f' <!ENTITY lol{i} "' + f"&lol{'' if i == 1 else i - 1};" * 10 + '">\n'
                            for i in range(1, 10))
                  + ']>\n<quiz><question type="essay"><questiontext><text>&lol9;</text>'
                  '</questiontext></question></quiz>\n')


@pytest.mark.parametrize("content, expected", [
    ('<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
     '<quiz><question type="essay"><questiontext><text>&xxe;</text></questiontext></question>'
     '</quiz>\n', [f"2:1: {NO_DTD}"]),
    (BILLION_LAUGHS, [f"2:1: {NO_DTD}"]),
    (bytes(range(256)) * 4, ["1:1: error: not well-formed XML: Start tag expected, '<' not found"]),
    ('<quiz>\n<question type="essay"><questiontext><text>&foo;</text></questiontext></question>'
     '</quiz>\n', ["2:49: error: not well-formed XML: Entity 'foo' not defined"]),
    ('<?xml version="1.0"?>\n<project/>\n',
     ["2:1: error: not a Moodle XML export: the root element is <project>, not <quiz>"]),
], ids=["xxe", "billion-laughs", "binary-junk", "undefined-entity", "not-a-quiz"])
def test_hostile_files_give_one_clear_error(tmp_path, content, expected):
    path = tmp_path / "export.xml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = read(path)
    assert (result.quizzes, diagnostics(path)) == ([], expected)


def test_truncated_export_keeps_the_questions_before_the_break(tmp_path):
    path = tmp_path / "export.xml"
    path.write_bytes(reference("nested_categories_with_questions.xml").read_bytes()[:1500])
    result = read(path)
    assert [q.line for quiz in result.quizzes for q in quiz.questions] == [15]
    assert diagnostics(path) == [
        "60:22: error: not well-formed XML: Premature end of data in tag text line 60"]


def test_a_big_export_with_a_file_over_libxml2s_text_limit_is_read_not_refused(tmp_path):
    """Streamed from the open file, one question at a time (benchmarks/moodle_memory.py
    measures the memory); one 12 MB embedded image is past libxml2's 10 MB text limit."""
    image = b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(12 * 2**20)
    question = ('<question type="essay"><name><text>q{n}</text></name><questiontext format="html">'
                '<text><![CDATA[<p>Look: <img src="@@PLUGINFILE@@/big{n}.png"></p>]]></text>'
                '<file name="big{n}.png" path="/" encoding="base64">{data}</file></questiontext>'
                '</question>\n')
    path = tmp_path / "big.xml"
    with path.open("w") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')
        for n in range(3):
            out.write(question.format(n=n, data=base64.b64encode(image + bytes([n])).decode()))
        out.write("</quiz>\n")
    assert path.stat().st_size > 48 * 2**20
    result = read(path)
    assert diagnostics(path) == []
    [quiz] = result.quizzes
    assert sorted((a.name, hashlib.sha1(a.data).hexdigest()) for a in quiz.assets.values()) == [
        (f"big{n}.png", hashlib.sha1(image + bytes([n])).hexdigest()) for n in range(3)]


@pytest.mark.parametrize("head, expected", [
    (b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>\n<!-- question: 0 -->\n<quiz>', True),
    (b"<quiz>", True),
    (b'<!DOCTYPE quiz SYSTEM "x.dtd"><quiz>', True),
    (b"<quizzes>", False),
    (b"# Week 1\n\n1. What is <quiz>?", False),
])
def test_sniff_recognises_a_quiz_root(head, expected):
    assert sniff(head) is expected


def test_our_own_outputs_are_not_read_but_exports_are(tmp_path):
    assert reader_for(tmp_path / "export.xml", b"<?xml version='1.0'?><quiz>").name == "moodle"
    assert reader_for(tmp_path / "notes.md", b"<quiz>").name == "moodle"
    assert reader_for(tmp_path / "w1.md", b"1. Question").name == "markdown"


# What Moodle stores differently after our round trip, each announced by a reader warning.
ROUND_TRIP = {
    "multichoice.xml": [
        # bonjour.mp3 dropped ("not an image" warning at line 18)
        "Greeting: files: ['2544474b268a4dbd5c030301f30c1bc81926e899', "
        "'9cd220ada73387f444bde1bef99de6cd25fe9582', 'bb6f489ba3cf977c851d0df29257505ca795fd62', "
        "'d1132128eb97d3a558da4828f3a58942cf2909f9', 'dc7df030fe0c2cfdc3411090c45d5e145ced70d3'] "
        "-> ['2544474b268a4dbd5c030301f30c1bc81926e899', 'bb6f489ba3cf977c851d0df29257505ca795fd62', "
        "'d1132128eb97d3a558da4828f3a58942cf2909f9', 'dc7df030fe0c2cfdc3411090c45d5e145ced70d3']"],
    "truefalse.xml": [],
    "multianswer.xml": [
        # the choices' feedback of the MULTICHOICE gaps; partial answers and feedback of gap 5
        *(f"cloze with images gap {n}: answers: [('California', {california}, {feedback[0]!r}, "
          f"None), ('Arizona', {arizona}, {feedback[1]!r}, None)] -> [('California', {california}, "
          f"'', None), ('Arizona', {arizona}, '', None)]"
          for n, california, arizona, feedback in ((1, 1.0, 0.0, ("OK", "Wrong")),
                                                   (2, 0.0, 1.0, ("Wrong", "OK")),
                                                   (3, 1.0, 0.0, ("OK", "Wrong")),
                                                   (4, 0.0, 1.0, ("Wrong", "OK")))),
        "cloze with images gap 5: answers: [('Paris', 1.0, 'Congratulations!', None), "
        "('Marseille', 0.5, 'No, that is the second largest city in France (after Paris).', None), "
        "('*', 0.0, 'Wrong answer. The capital of France is Paris, of course.', None)] -> "
        "[('Paris', 1.0, '', None)]"],
    "nested_categories_with_questions.xml": [],
}


@pytest.mark.parametrize("name", sorted(ROUND_TRIP))
def test_round_trip_through_moodle(tmp_path, name):
    """Moodle stores the same questions from the original and from our re-export, except
    for the differences listed in ROUND_TRIP, each one our reader warned about."""
    original = reference(name)
    status, before = moodle_import(original)
    assert status == 0, before["errors"]
    stored = moodle_reimport(read(original).quizzes, tmp_path)
    assert differences(before["questions"], stored) == ROUND_TRIP[name]


OUR_SOURCES = sorted((Path(__file__).resolve().parents[2] / "source").glob("*.md")) + [
    Path(__file__).resolve().parents[1] / "fixtures" / "all-types.md"] + sorted(
    (Path(__file__).resolve().parents[1] / "fixtures" / "types").glob("*.md"))


@pytest.mark.parametrize("source", OUR_SOURCES, ids=lambda path: path.name)
def test_our_own_quizzes_round_trip_through_moodle(tmp_path, source):
    """Our Markdown -> Moodle XML (the original) -> Moodle; the original read back with the
    Moodle reader -> Moodle XML again -> Moodle: the same questions stored both times."""
    [quiz] = read(source).quizzes
    original = tmp_path / "original.moodle.xml"
    original.write_bytes(output("moodle", quiz))
    status, before = moodle_import(original)
    assert status == 0, before["errors"]
    result = read(original, Reading("moodle"))
    assert [d for d in result.diagnostics if d.is_error] == []
    assert differences(before["questions"], moodle_reimport(result.quizzes, tmp_path)) == []


CHOICE_GAPS = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Gaps</text></category></question>
  <question type="gapselect">
    <name><text>Select</text></name>
    <questiontext format="html"><text><![CDATA[<p>The [[1]] sat on the [[2]] in [[4]].</p>]]></text></questiontext>
    <defaultgrade>2</defaultgrade>
    <selectoption><text>cat</text><group>1</group></selectoption>
    <selectoption><text>mat</text><group>1</group></selectoption>
    <selectoption><text>dog</text><group>1</group></selectoption>
    <selectoption><text>May</text><group>2</group></selectoption>
  </question>
  <question type="ddwtos">
    <name><text>Drag</text></name>
    <questiontext format="html"><text><![CDATA[<p>[[2]] and [[1]]</p>]]></text></questiontext>
    <dragbox><text>salt</text><group>1</group></dragbox>
    <dragbox><text>pepper</text><group>1</group><infinite/></dragbox>
  </question>
</quiz>
"""


def test_drag_and_drop_and_select_missing_words_read_as_drop_downs_of_their_group(tmp_path):
    path = tmp_path / "gaps.xml"
    path.write_text(CHOICE_GAPS)
    result = read(path)
    [quiz] = result.quizzes
    group = ["cat", "mat", "dog"]
    assert [(q.line, q.type.value, q.answer.as_data(), q.points) for q in quiz.questions] == [
        (4, "cloze", [{"answer": "cat", "choices": group}, {"answer": "mat", "choices": group},
                      ["May"]], 2.0),
        (13, "cloze", [{"answer": "pepper", "choices": ["salt", "pepper"]},
                       {"answer": "salt", "choices": ["salt", "pepper"]}], 1.0)]
    assert [(d.line, d.message) for d in result.diagnostics] == [
        (4, "gapselect is read as a cloze question whose places are drop-downs of their group's "
            "choices; 1 place(s) with a one-choice group accept it typed"),
        (13, "ddwtos is read as a cloze question whose places are drop-downs of their group's "
             "choices (dragging is not kept)")]
    package = tmp_path / "gaps.moodle.xml"
    package.write_bytes(output("moodle", quiz))
    status, report = moodle_import(package)
    assert status == 0, report["errors"]
    assert [[(sub["qtype"], [(a["answer"], a["fraction"]) for a in sub["answers"]])
             for sub in question["subquestions"]] for question in report["questions"]] == [
        [("multichoice", [("cat", 1.0), ("mat", 0.0), ("dog", 0.0)]),
         ("multichoice", [("cat", 0.0), ("mat", 1.0), ("dog", 0.0)]),
         ("shortanswer", [("May", 1.0)])],
        [("multichoice", [("salt", 0.0), ("pepper", 1.0)]),
         ("multichoice", [("salt", 1.0), ("pepper", 0.0)])]]


EVERY_GAP = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multianswer">
    <name><text>Gaps</text></name>
    <questiontext format="html"><text><![CDATA[<p>{1:MULTICHOICE_V:=a~b}
{1:MCH:b~=a}
{1:MULTICHOICE_VS:=a~%50%b~%-25%c}
{1:MULTICHOICE:=a~=b~c}
{1:MULTIRESPONSE:=a~b}
{1:MRS:%50%a~%50%b~c}
{1:NUMERICAL:=3,14:0.01}
{1:NM:=2:-0.5~=4~%50%3~*#Wrong}</p>]]></text></questiontext>
  </question>
</quiz>
"""


def test_every_gap_kind_becomes_its_blank(tmp_path):
    """MULTICHOICE variants become choice blanks, NUMERICAL gaps numeric blanks; what a blank
    cannot hold is a warning at the gap's line."""
    path = tmp_path / "gaps.xml"
    path.write_text(EVERY_GAP)
    result = read(path)
    [question] = result.quizzes[0].questions
    assert question.shuffle is True
    assert question.answer.as_data() == [
        {"answer": "a", "choices": ["a", "b"]}, {"answer": "a", "choices": ["b", "a"]},
        {"answer": "a", "choices": ["a", "b", "c"]}, ["a", "b"],
        {"answer": "a", "choices": ["a", "b"]}, ["a", "b"],
        {"value": 3.14, "tolerance": 0.01}, {"value": 2.0, "tolerance": 0.5}]
    assert [(d.line, d.message) for d in result.diagnostics] == [
        (3, "gaps 3 shuffle their choices and 1, 2, 5 do not: read as a question that shuffles "
            "every gap's choices"),
        (5, "gap 1 `{1:MULTICHOICE_V:=a~b}`: its radio-button layout becomes a drop-down"),
        (6, "gap 2 `{1:MCH:b~=a}`: its radio-button layout becomes a drop-down"),
        (7, "gap 3 `{1:MULTICHOICE_VS:=a~%50%b~%-25%c}`: grades of the other choices dropped (they "
            "count as wrong): `b` (50%), `c` (-25%); its radio-button layout becomes a drop-down"),
        (8, "gap 4 `{1:MULTICHOICE:=a~=b~c}`: several choices are worth 100%: read as a text blank "
            "accepting each typed; the other choices (c) are dropped"),
        (9, "gap 5 `{1:MULTIRESPONSE:=a~b}`: a MULTIRESPONSE gap (select all that apply) is read "
            "as a drop-down with its one right choice"),
        (10, "gap 6 `{1:MRS:%50%a~%50%b~c}`: a MRS gap (select all that apply) is read as a text "
             "blank accepting each right choice typed; the other choices (c) are dropped"),
        (12, "gap 8 `{1:NM:=2:-0.5~=4~%50%3~*#Wrong}`: a blank holds one number: the other 100% "
             "answers dropped: `4`; answers below 100% dropped: `3` (50%), `*` (0%); per-answer "
             "feedback dropped")]
