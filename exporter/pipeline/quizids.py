"""One id per quiz in a run: the id names the output files, so two quizzes with one id
would overwrite each other's packages. `check` and `build` both claim ids here, so
`check` fails exactly where `build` would."""
from __future__ import annotations

from pathlib import Path

from exporter.diagnostics import Diagnostic, Reporter


class QuizIds:
    """The file that first used each quiz id in this run."""

    def __init__(self) -> None:
        self.owners: dict[str, Path] = {}

    def claim(self, path: Path, quiz_id: str, id_line: int) -> Diagnostic | None:
        """None if ``quiz_id`` is free (or already this file's); else the error, at the
        quiz's `id:` line (line 1 when its id comes from the file name)."""
        first = self.owners.setdefault(quiz_id, path)
        if first == path:
            return None
        report = Reporter(path)
        report.error(id_line or 1, f"quiz id `{quiz_id}` is already used by {first}: give "
                                   "this quiz its own `id:` in the front matter")
        return report.items[0]
