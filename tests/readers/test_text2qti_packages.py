"""Our reading of text2qti files judged by text2qti itself and by Instructure's importer.

text2qti (from PyPI, installed once into its own venv under ~/.cache/lms-importers, as the
other importers are kept; skipped, saying why, where it cannot be installed) turns each file
into its Canvas package; the key it scores there (``resprocessing``), each question's type
and points must be ours. Then Instructure's importer reads text2qti's package and our
Canvas package of the quiz we read: the same types, points and keys.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from exporter.model import ChoiceAnswer, NumericAnswer, Quiz, ShortAnswer, TrueFalseAnswer
from exporter.readers import read
from exporter.writers.canvas.items import QUESTION_TYPE
from writers.test_canvas import canvas_import
from writing import output

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "text2qti"
GEN_BANK = ROOT.parent / "shared" / "bench" / "gen_bank.py"
VENV = Path(os.environ.get("TEXT2QTI_VENV",
                           Path.home() / ".cache" / "lms-importers" / "text2qti-venv"))
QTI = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
LEFT_OUT = ("file_upload_question", "text_only_question")  # questions our model cannot hold


@pytest.fixture(scope="module")
def text2qti() -> Path:
    """text2qti's command, installed from PyPI on first use."""
    command = VENV / "bin" / "text2qti"
    if not command.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True,
                           capture_output=True, timeout=300)
            subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "text2qti"], check=True,
                           capture_output=True, timeout=600)
        except (subprocess.SubprocessError, OSError) as exc:
            shutil.rmtree(VENV, ignore_errors=True)
            pytest.skip(f"text2qti could not be installed from PyPI into {VENV}: {exc}")
    return command


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    """Every text2qti fixture, and gen_bank.py's text2qti bank where ../shared is here."""
    found = {path.stem: path for path in sorted(FIXTURES.glob("*.txt"))}
    if GEN_BANK.exists():
        folder = tmp_path_factory.mktemp("bank")
        subprocess.run([sys.executable, str(GEN_BANK), "60", str(folder)], check=True,
                       capture_output=True)
        found["gen-bank"] = folder / "bank.txt"
    return found


@pytest.fixture(scope="module")
def packages(text2qti, sources, tmp_path_factory) -> dict[str, Path]:
    """text2qti's Canvas package of each source, made in a folder of its own (text2qti keeps
    its settings in $HOME: a fresh one, so the machine's never change the result)."""
    made = {}
    for name, source in sources.items():
        folder = tmp_path_factory.mktemp(name)
        for file in source.parent.iterdir():
            if file.is_file():
                shutil.copy(file, folder)
        done = subprocess.run([str(text2qti), source.name], cwd=folder, capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, timeout=300,
                              env={**os.environ, "HOME": str(folder)})
        assert done.returncode == 0, done.stderr[-2000:]
        made[name] = folder / f"{source.stem}.zip"
    return made


def ours(source: Path) -> Quiz:
    result = read(source)
    assert not [d for d in result.diagnostics if d.is_error], [str(d) for d in result.diagnostics]
    return result.quizzes[0]


# --- the key as text2qti scores it in its package -----------------------------------------


def _assessment(package: Path) -> etree._Element:
    with zipfile.ZipFile(package) as archive:
        [name] = [n for n in archive.namelist() if re.fullmatch(r"([^/]+)/\1\.xml", n)]
        return etree.fromstring(archive.read(name))


def _field(item: etree._Element, label: str) -> str:
    for field in item.iterfind(".//q:qtimetadatafield", QTI):
        if field.findtext("q:fieldlabel", namespaces=QTI) == label:
            return field.findtext("q:fieldentry", namespaces=QTI)
    raise AssertionError(f"no {label} in item {item.get('ident')}")


def _scoring(item: etree._Element) -> etree._Element:
    """The condition under which the item sets SCORE to 100."""
    [condition] = [c for c in item.iterfind(".//q:respcondition", QTI)
                   if c.findtext("q:setvar", namespaces=QTI) == "100"]
    return condition.find("q:conditionvar", QTI)


def text2qti_key(item: etree._Element) -> tuple[str, float, object]:
    kind = _field(item, "question_type")
    points = float(_field(item, "points_possible"))
    if kind == "essay_question":
        return kind, points, None
    condition = _scoring(item)
    if kind == "numerical_question":
        low = condition.find(".//q:vargte", QTI)
        high = condition.find(".//q:varlte", QTI)
        return kind, points, (round(float(low.text), 4), round(float(high.text), 4))
    if kind == "short_answer_question":
        return kind, points, tuple(v.text for v in condition.iterfind("q:varequal", QTI))
    labels = [label.get("ident") for label in item.iterfind(".//q:response_label", QTI)]
    scope = condition.find("q:and", QTI) if kind == "multiple_answers_question" else condition
    right = [labels.index(v.text) for v in scope.iterfind("q:varequal", QTI)]
    if kind == "true_false_question":
        [index] = right
        texts = item.findall(".//q:response_label//q:mattext", QTI)
        return kind, points, "true" in texts[index].text.lower()
    return kind, points, tuple(chr(ord("A") + n) for n in sorted(right))


def our_key(quiz: Quiz) -> list[tuple[str, float, object]]:
    keys = []
    for question in quiz.questions:
        answer = question.answer
        key: object = None
        if isinstance(answer, ChoiceAnswer):
            key = answer.letters
        elif isinstance(answer, TrueFalseAnswer):
            key = answer.value
        elif isinstance(answer, ShortAnswer):
            key = answer.accepted
        elif isinstance(answer, NumericAnswer):
            key = (round(answer.low, 4), round(answer.high, 4))
        keys.append((QUESTION_TYPE[question.type], question.points, key))
    return keys


def test_each_question_reads_with_the_key_text2qti_puts_in_its_package(sources, packages):
    for name, source in sources.items():
        items = _assessment(packages[name]).iterfind(".//q:item", QTI)
        theirs = [text2qti_key(item) for item in items
                  if _field(item, "question_type") not in LEFT_OUT]
        assert our_key(ours(source)) == theirs, name


def test_groups_pick_as_text2qti_writes_them(sources, packages):
    for name, source in sources.items():
        quiz = ours(source)
        theirs = [(int(section.findtext(".//q:selection_number", namespaces=QTI)),
                   float(section.findtext(".//q:points_per_item", namespaces=QTI)),
                   len(section.findall("q:item", QTI)))
                  for section in _assessment(packages[name]).iterfind(".//q:section", QTI)
                  if section.find("q:selection_ordering", QTI) is not None]
        assert [(s.pick, next(q.points for q in quiz.questions if q.section == s),
                 sum(q.section == s for q in quiz.questions)) for s in quiz.sections] == theirs
    assert any(ours(source).sections for source in sources.values())


# --- Instructure's importer: text2qti's package and ours ----------------------------------


def _imported(package: Path) -> list[dict]:
    status, report = canvas_import(package)
    assert status == 0, report["errors"]
    [assessment] = report["assessments"]
    flat = []
    for entry in assessment["questions"]:
        flat.extend(entry["questions"] if entry.get("kind") == "question_group" else [entry])
    return [q for q in flat if q["question_type"] not in LEFT_OUT]


def _imported_key(question: dict) -> object:
    answers = question["answers"]
    if question["question_type"] == "numerical_question":
        [answer] = answers
        if answer["type"] == "withinARange":
            bounds = float(answer["start"]), float(answer["end"])
        elif answer["type"] == "marginOfError":
            value, margin = float(answer["value"]), float(answer["margin"])
            bounds = value - margin, value + margin
        else:
            bounds = float(answer["value"]), float(answer["value"])
        return tuple(round(bound, 4) for bound in bounds)
    texts = [re.sub(r"</?p>", "", a["text"]).strip() for a in answers if a["correct"]]
    # true/false: text2qti labels the choices as the author wrote them (`true`), we `True`
    return [text.lower() for text in texts] if question["question_type"] == \
        "true_false_question" else texts


def test_instructures_importer_reads_ours_as_it_reads_text2qtis(sources, packages, tmp_path):
    for name, source in sources.items():
        package = tmp_path / f"{name}.canvas.zip"
        package.write_bytes(output("canvas", ours(source)))
        theirs, mine = _imported(packages[name]), _imported(package)
        assert [(q["question_type"], q["points_possible"], _imported_key(q)) for q in mine] == \
            [(q["question_type"], q["points_possible"], _imported_key(q)) for q in theirs], name
