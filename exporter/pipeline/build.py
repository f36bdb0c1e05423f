"""Building one file: read it, and turn each clean quiz into every requested output.

This is the unit of work of `lms-export build`: a plain function of a path,
so `-j N` can run it in worker processes and still give the same bytes as
a serial build. It writes nothing; the bank loop writes the files it returns.
Each format succeeds or fails on its own: a question Moodle cannot hold
costs the Moodle file, not the QTI and Canvas packages.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from exporter import readers, writers
from exporter.diagnostics import Diagnostic, ReadResult, Reporter, fails
from exporter.model import Quiz
from exporter.pipeline.parallel import Outcome, write_formats
from exporter.readers import Reading
from exporter.render import cache


@dataclass
class QuizBuild:
    quiz_id: str
    id_line: int  # of its `id:` line (0: none), where a clash with another quiz's id is shown
    questions: int
    # writer name -> {file name: bytes}: a writer's output is kept or dropped as a whole
    outputs: dict[str, dict[str, bytes]] = field(default_factory=dict)

    @property
    def files(self) -> dict[str, bytes]:
        """Every file of the quiz, by name, in the writers' order."""
        return {name: data for files in self.outputs.values() for name, data in files.items()}


@dataclass
class FileBuild:
    path: Path
    quizzes: list[QuizBuild]  # every quiz read, built or not (their ids are claimed)
    diagnostics: list[Diagnostic]
    failed: bool = False  # an error (or a warning under --strict): something was not built

    @property
    def files(self) -> dict[str, bytes]:
        """Every output of the file, by name."""
        return {name: data for quiz in self.quizzes for name, data in quiz.files.items()}


def build_file(path: Path, formats: list[str], strict: bool = False, jobs: int = 1,
               reading: Reading = Reading()) -> FileBuild:
    """Every output of every quiz of one file; none for a file with errors (or with
    warnings under --strict). ``jobs`` > 1 spreads the writers of a big quiz over
    processes (see parallel.py)."""
    with _read_apart(path, reading) as result:
        build = FileBuild(path, [QuizBuild(quiz.id, quiz.id_line, len(quiz.questions))
                                 for quiz in result.quizzes], list(result.diagnostics))
        if fails(result.diagnostics, strict) or not result.quizzes:
            build.failed = True
            return build
        with cache.kept_for(path, f"build {','.join(formats)}"):
            for quiz, quiz_build in zip(result.quizzes, build.quizzes):
                quiz_build.outputs, diagnostics = write_formats(quiz, formats, jobs, write_group)
                build.diagnostics.extend(diagnostics)
    build.failed = fails(build.diagnostics, strict)
    if build.failed and strict:  # a writer's warning under --strict: nothing of the file
        for quiz_build in build.quizzes:
            quiz_build.outputs = {}
    return build


@contextmanager
def _read_apart(path: Path, reading: Reading) -> Iterator[ReadResult]:
    """The file read with the garbage collector paused, its model then set apart from the
    collector for as long as the build uses it.

    A reader makes objects by the hundred thousand and almost no cycles: collections during
    reading find nothing and cost 7% of reading a 5,000-question bank, and resuming the
    collector with all of them pending would set off a full collection that goes through
    the whole model at once (30 ms), to find nothing again. Set apart (frozen) before the
    collector resumes, the model is not gone through at every full collection the writers'
    garbage sets off (2% of a 5,000-question build), and forked writers leave its pages
    shared. What cycles reading left wait for the first collection after the build.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        result = readers.read(path, reading)
        gc.freeze()
    finally:
        if enabled:
            gc.enable()
    try:
        yield result
    finally:
        gc.unfreeze()


def write_group(quiz: Quiz, names: list[str]) -> Outcome:
    """The outputs of ``names`` in turn; a format that fails is reported and skipped."""
    files: dict[str, dict[str, bytes]] = {}
    report = Reporter(quiz.path)
    for name in names:
        try:
            files[name] = writers.get(name)(quiz, report)
        except writers.Unrepresentable as exc:
            report.error(exc.line, f"{name}: {exc}; the {name} output of this quiz is not written")
        except RecursionError:
            report.error(1, f"{name}: the file nests too deeply to render (thousands of levels "
                            "of lists or quotes)")
        except Exception as exc:  # noqa: BLE001 - one quiz's failure must not stop a bank
            report.error(1, f"internal error in the {name} writer ({type(exc).__name__}: "
                            f"{exc}); please report it with the file")
    return files, report.sorted()
