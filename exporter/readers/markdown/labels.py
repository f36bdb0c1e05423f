"""Which label conventions open questions in a file, decided from all its lines at once.

A file numbers its questions one way (`1.`, `### Q1.`, `**Question 1**`, `Q1:`, a
`📌` on each, `- Question:` fields); once that is known, the other shapes are lists,
options or text. Deciding it needs the whole file, so it is a pass of its own before
the line loop (scan.py), skipped where no line could carry another label than `1.`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from exporter.readers.markdown import syntax

class _LabelStarts:
    """Membership by the first character: digits, `#`, `*`, `_`, `q`, `-`, `+`, `<`, and
    every non-ASCII symbol (a marker such as 📌)."""

    def __contains__(self, first: str) -> bool:
        return bool(first) and (first in "0123456789#*_qQ-+<" or not first.isascii())


_LABEL_STARTS = _LabelStarts()


@dataclass
class LabelPlan:
    """Which label conventions open questions in this file, decided from all its lines.

    Bare numbers (`1.`) are the default; a file whose questions are labelled
    otherwise (`### Q1.`, `**Question 1**`, `Q1:`, a `📌` on every question)
    uses that, and its numbered lines are then lists and options, not questions.
    """

    styles: frozenset[str]
    marker: str | None  # the symbol that starts questions, if the file has one
    example: str  # how the file's questions start, for messages
    # line number -> the label shape it has (outside code); None: only `1.` labels, found as read
    labels: dict[int, syntax.Label] | None

    @classmethod
    def of(cls, lines: list[str], first_line: int) -> LabelPlan:
        if not syntax.OTHER_LABELS.search("\n".join(lines[first_line - 1:])):
            return cls(frozenset({"number"}), None, "1.", None)  # `1.` labels, found as read
        counts: Counter[str] = Counter()
        markers: Counter[str] = Counter()
        examples: dict[str, str] = {}
        labels: dict[int, syntax.Label] = {}
        for index, line in syntax.outside_code(lines, first_line - 1):
            if line[:1] in _LABEL_STARTS and (label := syntax.question_label(line)):
                labels[index + 1] = label
                counts[label.style] += 1
                markers[label.marker] += label.style == "marker"
                examples.setdefault(label.style, line[:max(label.column - 2, 1)].strip())
        marker, repeats = max(markers.items(), key=lambda item: item[1], default=(None, 0))
        strong = counts["heading"] + counts["bold"] + counts["q"] + counts["field"] + \
            (repeats if repeats >= 2 else 0)
        if strong >= 2 or strong and not counts["number"]:
            styles = frozenset({"heading", "bold", "q", "field"} |
                               ({"marker"} if repeats >= 2 else set()))
            example = next(examples[s] for s in ("heading", "bold", "q", "field", "marker")
                           if s in examples)
            return cls(styles, marker if repeats >= 2 else None, example, labels)
        return cls(frozenset({"number"}), None, "1.", labels)

    def reads(self, label: syntax.Label) -> bool:
        return label.style in self.styles and (label.style != "marker" or label.marker == self.marker)
