"""What `check` reports about a read file, as text lines or as JSON data."""
from __future__ import annotations

from collections import Counter

from exporter.reader import SourceResult


def file_data(result: SourceResult) -> dict:
    """The JSON shape of FORMAT.md section 3 for one file (with a few extra fields)."""
    quiz = result.quiz
    return {
        "path": str(result.path),
        "title": quiz.title if quiz else None,
        "id": quiz.id if quiz else None,
        "questions": [
            {"line": q.line, "label": q.label or None, "id": q.id, "type": q.type.value,
             "points": q.points, "answer": q.answer.as_data()}
            for q in (quiz.questions if quiz else [])
        ],
        "diagnostics": [d.as_data() for d in result.diagnostics],
    }


def summary_line(result: SourceResult) -> str:
    """One line per file: its title and how many questions of each type."""
    quiz = result.quiz
    if quiz is None:
        return f"{result.path}: not read"
    counts = Counter(q.type.value for q in quiz.questions)
    by_type = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
    errors = sum(d.is_error for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    status = []
    if errors:
        status.append(f"{errors} error{'s' * (errors != 1)}")
    if warnings:
        status.append(f"{warnings} warning{'s' * (warnings != 1)}")
    noun = "question" if len(quiz.questions) == 1 else "questions"
    text = f"{result.path}: \"{quiz.title}\": {len(quiz.questions)} {noun}"
    if by_type:
        text += f" ({by_type})"
    return text + (f"; {', '.join(status)}" if status else "")
