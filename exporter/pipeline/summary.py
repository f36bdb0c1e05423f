"""What the commands report: a read file as text lines or JSON data, and a run's totals.

Every command closes with the same words (`N quizzes (M questions)`, `1 error,
2 warnings`, `failed: ...`), so a log reads alike whichever command wrote it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from exporter.diagnostics import Diagnostic, ReadResult
from exporter.numbers import format_number

if TYPE_CHECKING:
    from exporter.model import Pool, Question, Quiz
    from exporter.pipeline.findings import Findings


def file_data(findings: Findings) -> list[dict]:
    """The JSON shape of FORMAT.md section 3: one entry per quiz of the file (one
    entry with no quiz for a file that could not be read). The file's diagnostics
    go with its first entry."""
    first, *others = findings.entries
    diagnostics = [_diagnostic_data(d, findings.path) for d in findings.diagnostics]
    return [{**first, "diagnostics": diagnostics}, *others]


def quiz_entries(result: ReadResult) -> list[dict]:
    """:func:`file_data` of a read file before its diagnostics are known (`check` adds a
    clash of quiz ids between files)."""
    return [{"path": str(result.path),
             "title": quiz.title if quiz else None,
             "id": quiz.id if quiz else None,
             "questions": [_question_data(q) for q in (quiz.questions if quiz else [])],
             "pools": [_pool_data(pool) for pool in (quiz.pools() if quiz else [])],
             "diagnostics": []}
            for quiz in result.quizzes or [None]]


def _diagnostic_data(diagnostic: Diagnostic, path: Path) -> dict:
    """A diagnostic as data; one about a file inside the package that was read (a Canvas
    zip's `ID/ID.xml`) names that file, since its line counts there."""
    data = diagnostic.as_data()
    if str(diagnostic.path) != str(path):
        data["path"] = str(diagnostic.path)
    return data


def _question_data(question: Question) -> dict:
    data = {"line": question.line, "label": question.label or None, "id": question.id,
            "type": question.type.value, "points": question.points,
            "answer": question.answer.as_data(),
            "pool": question.pool.id if question.pool else None}
    if question.graded:  # partial credit: each option's fraction of the points
        data["grades"] = question.grades()
    return data


def _pool_data(pool: Pool) -> dict:
    """A pool of the file's flat question list: its questions name its id."""
    return {"id": pool.id, "title": pool.section.title, "pick": pool.pick, "points": pool.points,
            "shuffle": pool.shuffle, "line": pool.line, "questions": len(pool.questions)}


def summary_lines(findings: Findings) -> list[str]:
    """One line per quiz: its title and how many questions of each type."""
    if not findings.quiz_lines:
        return [f"{findings.path}: not read"]
    lines = list(findings.quiz_lines)
    if findings.diagnostics:
        lines[-1] += f"; {problems(findings.diagnostics)}"
    return lines


def quiz_line(result: ReadResult, quiz: Quiz) -> str:
    counts = Counter(q.type.value for q in quiz.questions)
    by_type = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
    text = f"{result.path}: \"{quiz.title}\": {plural(len(quiz.questions), 'question')}"
    return text + (f" ({by_type})" if by_type else "")


def plural(count: float, noun: str) -> str:
    """`1 question`, `2 questions`, `1 quiz`, `3 quizzes`, `2.5 points`."""
    if count == 1:
        return f"1 {noun}"
    return f"{format_number(count)} {noun}{'zes' if noun == 'quiz' else 's'}"


def problems(diagnostics: list[Diagnostic]) -> str:
    """`1 error, 2 warnings`, or `no problems` (notes are none)."""
    errors = sum(d.is_error for d in diagnostics)
    warnings = sum(d.is_warning for d in diagnostics)
    counts = [plural(n, word) for n, word in ((errors, "error"), (warnings, "warning")) if n]
    return ", ".join(counts) or "no problems"


@dataclass
class Tally:
    """What a run went through, for its closing lines."""

    files: int = 0
    quizzes: int = 0  # quizzes read (a file that could not be read counts as one)
    built: int = 0  # quizzes with at least one output written
    questions: int = 0
    written: int = 0  # output files
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: dict[Path, list[Diagnostic]] = field(default_factory=dict)  # file -> its problems
    # each source -> the outputs written for it (relative to the folder), and the sources
    # that built whole: what `watch` removes when a source goes or stops making a file
    outputs: dict[Path, set[str]] = field(default_factory=dict)
    whole: set[Path] = field(default_factory=set)

    def add(self, path: Path, quizzes: int, questions: int, diagnostics: list[Diagnostic],
            failed: bool) -> None:
        self.files += 1
        self.quizzes += max(1, quizzes)
        self.questions += questions
        self.diagnostics += diagnostics
        if failed:
            self.failed[path] = diagnostics

    def totals(self) -> str:
        """`4 quizzes from 3 files (120 questions)`: the files named only where they differ."""
        text = plural(self.quizzes, "quiz")
        if self.files != self.quizzes:
            text += f" from {plural(self.files, 'file')}"
        return f"{text} ({plural(self.questions, 'question')})"

    def problems(self) -> str:
        return problems(self.diagnostics)

    def failures(self, strict: bool) -> str | None:
        """`a.md (1 error), b.md (2 warnings, which --strict counts as errors)`, or None."""
        if not self.failed:
            return None
        named = []
        for path, diagnostics in self.failed.items():
            blocked = strict and diagnostics and not any(d.is_error for d in diagnostics)
            named.append(f"{path} ({problems(diagnostics)}"
                         f"{', which --strict counts as errors' if blocked else ''})")
        return ", ".join(named)
