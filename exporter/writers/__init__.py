"""The registry of writers: one small module per target, like pygments' formatters.

A writer turns a checked :class:`~exporter.model.Quiz` into the bytes of one
file. It never sees Markdown (it asks :mod:`exporter.render` for HTML) and
never touches the file system (the build command writes atomically).
"""
from __future__ import annotations

from importlib import import_module
from typing import Callable, NamedTuple

from exporter.model import Quiz


class Unrepresentable(Exception):
    """A question the target cannot hold as written (Moodle cannot share 100% among
    30 correct options); the build reports it at ``line`` instead of exporting."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


class WriterInfo(NamedTuple):
    name: str  # the -f name: "moodle"
    suffix: str  # appended to the quiz id: ".moodle.xml"
    module: str  # module holding `write(quiz) -> bytes`
    description: str


# Order is the order of `-f` help and of the files a build reports.
WRITERS: dict[str, WriterInfo] = {
    info.name: info
    for info in (
        WriterInfo("moodle", ".moodle.xml", "exporter.writers.moodle", "Moodle XML"),
        WriterInfo("qti21", ".qti21.zip", "exporter.writers.qti21", "IMS QTI 2.1 content package"),
        WriterInfo("qti30", ".qti30.zip", "exporter.writers.qti30", "IMS QTI 3.0 content package"),
        WriterInfo("canvas", ".canvas.zip", "exporter.writers.canvas", "Canvas quiz package (QTI 1.2)"),
        WriterInfo("answers", ".answers.csv", "exporter.writers.answers", "answer key as CSV"),
    )
}


def get(name: str) -> Callable[[Quiz], bytes]:
    return import_module(WRITERS[name].module).write
