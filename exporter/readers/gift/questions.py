"""One GIFT block as the question Moodle's GIFT importer makes of it.

GIFT is Moodle's other syntax for the questions its XML format holds: its
importer (question/format/gift/format.php, ``readquestion``) builds the
same question objects. So each block is read the way that importer reads
it, step by step (name, the first ``{`` and ``}``, general feedback after
``####``, the type from the answer's marks, weights ``%50%``, feedback
``#``), and written as the ``<question>`` element a Moodle XML export of
that question would hold. The Moodle reader's per-type functions then
make the model of it, with the same grades, warnings and limits, so the
two readers of Moodle's formats cannot disagree. Every element carries the
GIFT line it came from, so diagnostics point into the GIFT file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from exporter.diagnostics import Reporter
from exporter.formats.moodle_pools import read_gift_comment
from exporter.numbers import format_number
from exporter.readers.gift.blocks import WHITESPACE, Block, show_escapes

# Moodle's FORMAT_ constants by their GIFT names, as the XML format names them
_FORMATS = {"moodle": "moodle_auto_format", "html": "html", "plain": "plain_text",
            "markdown": "markdown"}
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")  # Moodle's $giftanswerweightregex
_TRUTH = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_ID = re.compile(r"\[id:((?:\\]|[^]\x00-\x1f\x7f])+)]")
_TAG = re.compile(r"\[tag:((?:\\]|[^]<>`\x00-\x1f\x7f])*)]")
_NUMBER = re.compile(r"[ \t\n\r\v\f]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[ \t\n\r\v\f]*\Z")


@dataclass
class Category:
    path: str
    line: int
    pool: tuple[str, int] | None = None  # (id, pick) of a `// pool: ID pick N` comment


class _Text:
    """A piece of the block's text and where it starts, for positions in the file."""

    def __init__(self, block: Block, text: str, offset: int) -> None:
        self.block = block
        self.text = text
        self.offset = offset

    def line(self, at: int = 0) -> int:
        return self.block.position(self.offset + at)[0]

    def strip(self) -> _Text:
        lead = len(self.text) - len(self.text.lstrip(WHITESPACE))
        return _Text(self.block, self.text.strip(WHITESPACE), self.offset + lead)

    def cut(self, start: int, end: int | None = None) -> _Text:
        return _Text(self.block, self.text[start:end], self.offset + start)

    def split(self, separator: str) -> list[_Text]:
        pieces, start = [], 0
        for piece in self.text.split(separator):
            pieces.append(_Text(self.block, piece, self.offset + start))
            start += len(piece) + len(separator)
        return pieces


def read_block(block: Block, report: Reporter) -> Category | etree._Element | None:
    """A category, a ``<question>`` element, or None (a comment-only block or an error,
    reported at its line and column)."""
    whole = _Text(block, block.text, 0).strip()
    if not whole.text:
        return None
    if whole.text.startswith("$CATEGORY:"):
        pool = next(filter(None, map(read_gift_comment, block.comments)), None)
        return Category(show_escapes(whole.text[10:]).strip(WHITESPACE), whole.line(), pool)
    return _Question(block, whole, report).element()


class _Question:
    def __init__(self, block: Block, whole: _Text, report: Reporter) -> None:
        self.block = block
        self.report = report
        self.text = whole
        self.name = ""
        self.format = "moodle_auto_format"  # the question text's; its answers' by default
        self.root = etree.Element("question")
        self.root.sourceline = whole.line()

    def error(self, message: str, at: _Text) -> None:
        line, column = self.block.position(at.offset)
        self.report.error(line, message, column)

    def element(self) -> etree._Element | None:
        text = self.text
        if text.text.startswith("::"):
            end = text.text.find("::", 2)
            if end >= 0:
                self.name = show_escapes(text.text[2:end])
                text = text.cut(end + 2).strip()
            else:
                text = text.cut(2)
        start, finish = text.text.find("{"), text.text.find("}")
        if start < 0 and finish < 0:
            return self._build("description", text.text, None, "")
        if finish < 0:
            self.error("the answer's braces do not match: a `{` with no `}` after it (a "
                       "literal brace is written `\\{` or `\\}`)", text.cut(start))
            return None
        if start < 0 or finish < start:
            self.error("the answer's braces do not match: a `}` with no `{` before it (a "
                       "literal brace is written `\\{` or `\\}`)", text.cut(finish))
            return None
        answers = text.cut(start + 1, finish).strip()
        if text.text.endswith("}"):
            stem = text.text[:start] + text.text[finish + 1:]
        else:  # the missing-word format: a blank where the answer was
            stem = text.text[:start] + "_____" + text.text[finish + 1:]
        feedback = ""
        separator = answers.text.rfind("####")
        if separator >= 0:
            feedback = answers.text[separator + 4:]
            answers = answers.cut(0, separator).strip()
        return self._build(_kind(answers.text), stem, answers, feedback)

    def _build(self, kind: str, stem: str, answers: _Text | None, feedback: str) -> etree._Element | None:
        root = self.root
        root.set("type", kind)
        stem_text, self.format = _with_format(stem, "moodle_auto_format")
        etree.SubElement(etree.SubElement(root, "name"), "text").text = self.name or stem_text[:80]
        _area(root, "questiontext", stem_text, self.format)
        _area(root, "generalfeedback", *_with_format(feedback, self.format))
        # Moodle's default question: a third off per wrong try; all of it for true/false
        etree.SubElement(root, "penalty").text = "1" if kind == "truefalse" else "0.3333333"
        self._comments()
        if answers is None or kind == "essay":
            return root
        return getattr(self, f"_{kind}")(answers)

    def _comments(self) -> None:
        comments = "\n".join(self.block.comments)
        found = _ID.search(comments)
        if found:
            etree.SubElement(self.root, "idnumber").text = found.group(1).strip().replace("\\]", "]")
        tags = [tag.strip().replace("\\]", "]") for tag in _TAG.findall(comments)]
        if tags:
            holder = etree.SubElement(self.root, "tags")
            for tag in tags:
                etree.SubElement(etree.SubElement(holder, "tag"), "text").text = tag

    def _answer(self, fraction: float, text: str, feedback: str, at: _Text,
                text_format: str | None = None) -> etree._Element:
        answer = etree.SubElement(self.root, "answer", fraction=format_number(round(fraction * 100, 7)))
        answer.sourceline = at.line()
        if text_format is not None:
            answer.set("format", text_format)
        etree.SubElement(answer, "text").text = text
        _area(answer, "feedback", *_with_format(feedback, self.format))
        return answer

    def _multichoice(self, answers: _Text) -> etree._Element | None:
        etree.SubElement(self.root, "single").text = "true" if "=" in answers.text else "false"
        etree.SubElement(self.root, "shuffleanswers").text = "1"
        pieces = _drop_empty_first(_choices(answers))
        if len(pieces) < 2:
            self.error("a multiple-choice question needs at least 2 answers", answers)
            return None
        for piece in pieces:
            body = piece.strip()
            if body.text.startswith("="):
                fraction, rest = 1.0, body.text[1:]
            else:
                fraction, rest = _weight(body.text, default=0.0)
            text, feedback = _comment(rest)
            text, text_format = _with_format(text, self.format)
            self._answer(fraction, text, feedback, body, text_format)
        return self.root

    def _match(self, answers: _Text) -> etree._Element | None:
        etree.SubElement(self.root, "shuffleanswers").text = "1"
        pairs = _drop_empty_first(answers.split("="))
        if len(pairs) < 2:
            self.error("a matching question needs at least 2 pairs (`=left -> right`)", answers)
            return None
        for pair in pairs:
            body = pair.strip()
            marker = body.text.find("->")
            if marker < 0:
                self.error("each pair of a matching question is `=left -> right`; this one has "
                           "no `->`", body)
                return None
            left, left_format = _with_format(body.text[:marker], self.format)
            sub = etree.SubElement(self.root, "subquestion", format=left_format)
            sub.sourceline = body.line()
            etree.SubElement(sub, "text").text = left
            right = show_escapes(body.text[marker + 2:]).strip(WHITESPACE)
            etree.SubElement(etree.SubElement(sub, "answer"), "text").text = right
        return self.root

    def _truefalse(self, answers: _Text) -> etree._Element:
        bits = answers.text.split("#", 2) + ["", ""]
        truth = _TRUTH[show_escapes(bits[0]).strip(WHITESPACE)]
        wrong, right = bits[1], bits[2]  # `#shown if wrong#shown if right`
        for value, feedback in ((True, right if truth else wrong), (False, wrong if truth else right)):
            self._answer(float(value == truth), "true" if value else "false", feedback, answers)
        return self.root

    def _entries(self, answers: _Text, missing: str,
                 block: _Text) -> list[tuple[_Text, float, str, str]] | None:
        """The `=`-separated answers of a short-answer or numerical question, each as (where,
        weight, text, feedback), as Moodle splits them; None if there is none (an error at
        the answer ``block``)."""
        pieces = _drop_empty_first(answers.split("="))
        if not pieces:
            self.error(missing, block)
            return None
        entries = []
        for piece in pieces:
            entry = piece.strip()
            fraction, rest = _weight(entry.text, default=1.0)
            text, feedback = _comment(rest)
            entries.append((entry, fraction, _with_format(text, self.format)[0], feedback))
        return entries

    def _shortanswer(self, answers: _Text) -> etree._Element | None:
        entries = self._entries(answers, "a short-answer question needs an answer (`=...`)",
                                answers)
        if entries is None:
            return None
        for entry, fraction, text, feedback in entries:
            self._answer(fraction, text, feedback, entry)
        return self.root

    def _numerical(self, answers: _Text) -> etree._Element | None:
        body = answers.cut(1)
        wrong = body.text.find("~")
        otherwise = None
        if wrong >= 0:
            otherwise, body = body.cut(wrong), body.cut(0, wrong)
        entries = self._entries(body, "a numerical question needs a number (`{#3.14:0.01}`)",
                                answers)
        if entries is None:
            return None
        for entry, fraction, text, feedback in entries:
            number = self._number(text, entry)
            if number is None:
                return None
            element = self._answer(fraction, number[0], feedback, entry)
            etree.SubElement(element, "tolerance").text = number[1]
        if otherwise is not None:
            self._answer(0.0, "*", _comment(otherwise.text[1:])[1], otherwise)
        return self.root

    def _number(self, text: str, at: _Text) -> tuple[str, str] | None:
        """(answer, tolerance) as Moodle stores them: `a..b` is its midpoint ± half-width."""
        if text.find("..") > 0:
            low, high = text.split("..", 1)
            if _numeric(low) and _numeric(high):
                middle = (float(low) + float(high)) / 2
                return format_number(middle), format_number(float(high) - middle)
        elif text.find(":") > 0:
            value, tolerance = text.split(":", 1)
            if _numeric(value) and _numeric(tolerance):
                return value.strip(), tolerance.strip()
        elif _numeric(text):
            return text.strip(), "0"
        self.error(f"`{text}` is not a number, `number:tolerance` or `low..high` (Moodle would "
                   "accept any answer here)", at)
        return None


def _kind(answers: str) -> str:
    """The question type, decided as Moodle's importer decides it."""
    if answers == "":
        return "essay"
    if answers.startswith("#"):
        return "numerical"
    if "~" in answers:
        return "multichoice"
    if "=" in answers and "->" in answers:
        return "match"
    hash_at = answers.find("#")
    check = answers[:hash_at].strip(WHITESPACE) if hash_at > 0 else answers
    return "truefalse" if check in _TRUTH else "shortanswer"


def _choices(answers: _Text) -> list[_Text]:
    """Moodle's split of a choice list: before each `~` (dropped) and each `=` (kept)."""
    pieces, start = [], 0
    for index, char in enumerate(answers.text):
        if char in "~=":
            pieces.append(answers.cut(start, index))
            start = index + (char == "~")
    pieces.append(answers.cut(start))
    return pieces


def _numeric(text: str) -> bool:
    """PHP's is_numeric: a decimal number, white space around it allowed."""
    return bool(_NUMBER.match(text))


def _drop_empty_first(pieces: list[_Text]) -> list[_Text]:
    return pieces[1:] if pieces and not pieces[0].text.strip(WHITESPACE) else pieces


def _weight(answer: str, default: float) -> tuple[float, str]:
    """``%50%answer`` -> (0.5, "answer"), as Moodle's answerweightparser reads it."""
    if not _WEIGHT.match(answer):
        return default, answer
    end = answer.index("%", 1)
    try:
        return float(answer[1:end]) / 100, answer[end + 1:]
    except ValueError:  # `%--5%`: PHP reads 0
        return 0.0, answer[end + 1:]


def _comment(answer: str) -> tuple[str, str]:
    """``answer#feedback`` -> its two texts (feedback may be empty)."""
    text, _, feedback = answer.partition("#")
    return text, feedback


def _with_format(text: str, default: str) -> tuple[str, str]:
    """A text and its format: a leading ``[html]``, ``[moodle]``, ``[plain]`` or
    ``[markdown]`` names it; escapes shown, white space trimmed."""
    text = text.strip(WHITESPACE)
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in _FORMATS:
            return show_escapes(text[end + 1:]).strip(WHITESPACE), _FORMATS[text[1:end]]
    return show_escapes(text).strip(WHITESPACE), default


def _area(parent: etree._Element, tag: str, text: str, text_format: str) -> None:
    area = etree.SubElement(parent, tag, format=text_format)
    etree.SubElement(area, "text").text = text
