"""Building one quiz: read it, and if it is clean, turn it into every requested package.

This is the unit of work of `lms-export build`: a plain function of a path,
so `-j N` can run it in worker processes and still give the same bytes as
a serial build. It writes nothing; the command writes the files it returns.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from exporter import writers
from exporter.diagnostics import Diagnostic, Reporter
from exporter.model import Quiz
from exporter.parallel import Outcome, write_formats
from exporter.workflow import read_safely


@dataclass
class QuizBuild:
    path: Path
    quiz_id: str | None
    questions: int
    diagnostics: list[Diagnostic]
    files: dict[str, bytes] = field(default_factory=dict)  # output name -> bytes; empty on failure

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


def build_quiz(path: Path, formats: list[str], strict: bool = False, jobs: int = 1) -> QuizBuild:
    """Every output of one quiz, or none: a quiz with errors (or warnings under --strict) is skipped.

    ``jobs`` > 1 spreads the writers of a big quiz over processes (see exporter.parallel).
    """
    result = read_safely(path)
    quiz = result.quiz
    build = QuizBuild(path, quiz.id if quiz else None, len(quiz.questions) if quiz else 0,
                      list(result.diagnostics))
    if quiz is None or result.has_errors or strict and result.has_warnings:
        return build
    files, failure = write_formats(quiz, formats, jobs, _write_group)
    if failure:
        line, message = failure
        report = Reporter(build.path)
        report.error(line, message)
        build.diagnostics.extend(report.items)
        return build
    build.files = files
    return build


def _write_group(quiz: Quiz, names: list[str]) -> Outcome:
    """The outputs of ``names`` in turn; the first failure stops the group."""
    files: dict[str, bytes] = {}
    for name in names:
        try:
            files[quiz.id + writers.WRITERS[name].suffix] = writers.get(name)(quiz)
        except writers.Unrepresentable as exc:
            return files, (exc.line, str(exc))
        except RecursionError:
            return files, (1, "the file nests too deeply to render (thousands of levels of "
                              "lists or quotes)")
        except Exception as exc:  # noqa: BLE001 - one quiz's failure must not stop a bank
            return files, (1, f"internal error in the {name} writer ({type(exc).__name__}: "
                              f"{exc}); please report it with the file")
    return files, None
