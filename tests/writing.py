"""Writers as the tests call them: one target's file for one quiz."""
from __future__ import annotations

from exporter import writers
from exporter.diagnostics import Reporter
from exporter.model import Quiz


def output(name: str, quiz: Quiz) -> bytes:
    """The one file the writer ``name`` makes for ``quiz`` (every target but Markdown makes one)."""
    files = writers.get(name)(quiz, Reporter(quiz.path))
    assert list(files) == [writers.file_name(quiz, name)]
    return files[writers.file_name(quiz, name)]
