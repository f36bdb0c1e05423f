"""What `check` reports about a read file, as text lines or as JSON data."""
from __future__ import annotations

from collections import Counter

from exporter.diagnostics import ReadResult
from exporter.model import Question, Quiz


def file_data(result: ReadResult) -> list[dict]:
    """The JSON shape of FORMAT.md section 3: one entry per quiz of the file (one
    entry with no quiz for a file that could not be read). The file's diagnostics
    go with its first entry."""
    entries = []
    for index, quiz in enumerate(result.quizzes or [None]):
        entries.append({
            "path": str(result.path),
            "title": quiz.title if quiz else None,
            "id": quiz.id if quiz else None,
            "questions": [_question_data(q) for q in (quiz.questions if quiz else [])],
            "diagnostics": [d.as_data() for d in result.diagnostics] if index == 0 else [],
        })
    return entries


def _question_data(question: Question) -> dict:
    data = {"line": question.line, "label": question.label or None, "id": question.id,
            "type": question.type.value, "points": question.points,
            "answer": question.answer.as_data()}
    if question.graded:  # partial credit: each option's fraction of the points
        data["grades"] = question.grades()
    return data


def summary_lines(result: ReadResult) -> list[str]:
    """One line per quiz: its title and how many questions of each type."""
    if not result.quizzes:
        return [f"{result.path}: not read"]
    errors = sum(d.is_error for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    status = []
    if errors:
        status.append(f"{errors} error{'s' * (errors != 1)}")
    if warnings:
        status.append(f"{warnings} warning{'s' * (warnings != 1)}")
    lines = [_quiz_line(result, quiz) for quiz in result.quizzes]
    if status:
        lines[-1] += f"; {', '.join(status)}"
    return lines


def _quiz_line(result: ReadResult, quiz: Quiz) -> str:
    counts = Counter(q.type.value for q in quiz.questions)
    by_type = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
    noun = "question" if len(quiz.questions) == 1 else "questions"
    text = f"{result.path}: \"{quiz.title}\": {len(quiz.questions)} {noun}"
    return text + (f" ({by_type})" if by_type else "")
