"""The registry of writers: one small module per target, like pygments' formatters.

A writer turns a checked :class:`~exporter.model.Quiz` into its files,
``{file name: bytes}`` (one package for most targets; a Markdown quiz and
its images for the Markdown writer), and may report warnings about what its
target cannot keep. It never sees a source syntax (it asks
:mod:`exporter.render.renderer` for HTML) and never touches the file system
(the pipeline writes atomically). A new target is one module with
``write(quiz, report) -> dict[str, bytes]`` and one row below.
"""
from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, NamedTuple, TypeVar

if TYPE_CHECKING:  # `check` lists the formats in its help and loads no model for it
    from exporter.diagnostics import Reporter
    from exporter.model import Question, QuestionType, Quiz


class Unrepresentable(Exception):
    """A question the target cannot hold as written (Moodle cannot share 100% among
    30 correct options); that target's output is not written, and the build reports
    it at ``line``."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


class WriterInfo(NamedTuple):
    name: str  # the -f name: "moodle"
    suffix: str  # appended to the quiz id: ".moodle.xml"
    module: str  # module holding `write(quiz, report) -> dict[str, bytes]`
    cost: int  # relative time per question (benchmarks/RESULTS.md), to balance -j groups
    size: int  # relative size of the output: what a forked process sends back
    default: bool = True  # built by `lms-export build` with no -f
    source: bool = False  # its files are sources another run reads: never skipped as outputs


# Order is the order of `-f` help and of the files a build reports.
WRITERS: dict[str, WriterInfo] = {
    info.name: info
    for info in (
        WriterInfo("moodle", ".moodle.xml", "exporter.writers.moodle", cost=3, size=7),
        WriterInfo("qti21", ".qti21.zip", "exporter.writers.qti.qti21", cost=10, size=4),
        WriterInfo("qti30", ".qti30.zip", "exporter.writers.qti.qti30", cost=10, size=4),
        WriterInfo("canvas", ".canvas.zip", "exporter.writers.canvas", cost=5, size=1),
        WriterInfo("answers", ".answers.csv", "exporter.writers.answers", cost=0, size=0),
        WriterInfo("markdown", ".md", "exporter.writers.markdown", cost=1, size=1, default=False,
                   source=True),
        WriterInfo("gift", ".gift.txt", "exporter.writers.gift", cost=1, size=1, default=False,
                   source=True),
    )
}

Write = Callable[["Quiz", "Reporter"], dict[str, bytes]]


MARKER_BYTES = 4096  # where a source writer's marker line stands, if the file is its own


def foreign(name: str, target: Path) -> bool:
    """Whether an existing file that writer ``name`` would replace belongs to someone else:
    only a writer of sources (Markdown, GIFT) asks, of its main file (`ID.md`, not the
    images beside it), since replacing a package is what a build is for; so only those
    files are opened, and only their head is read."""
    info = WRITERS[name]
    if not (info.source and target.name.endswith(info.suffix) and target.is_file()):
        return False
    with target.open("rb") as existing:
        return not import_module(info.module).wrote(existing.read(MARKER_BYTES))


def default_formats() -> list[str]:
    """The writers a build runs when no -f names any, in registry order."""
    return [name for name, info in WRITERS.items() if info.default]


def get(name: str) -> Write:
    return import_module(WRITERS[name].module).write


def file_name(quiz: Quiz, name: str) -> str:
    """The file a one-file target writes for a quiz: its id and the target's suffix."""
    return quiz.id + WRITERS[name].suffix


Part = TypeVar("Part")


def part_for(parts: Mapping[QuestionType, Part], question: Question) -> Part:
    """The writer's part for a question's type: every writer dispatches through a
    table by type, and a type missing from it is Unrepresentable at the question's
    line, never an empty question or a KeyError."""
    part = parts.get(question.type)
    if part is None:
        raise Unrepresentable(question.line, f"this format cannot hold a {question.type.value} "
                                             "question")
    return part
