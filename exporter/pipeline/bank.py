"""Building a bank: many files, in parallel when asked, written as they finish.

The loop of `lms-export build` and `watch`: results come back in file order
whatever the number of processes, each file is handed back (to print its
diagnostics) as it is done, and every output that built is written
atomically (outputs.py).
"""
from __future__ import annotations

import signal
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

import click

from exporter import writers
from exporter.diagnostics import Reporter
from exporter.pipeline.build import FileBuild, QuizBuild, build_file
from exporter.readers import Reading
from exporter.pipeline.outputs import write_all
from exporter.pipeline.quizids import QuizIds
from exporter.pipeline.summary import Tally


def build_and_write(files: list[Path], folder: Path, formats: list[str], strict: bool = False,
                    jobs: int = 1, reading: Reading = Reading(), force: bool = False,
                    done: Callable[[FileBuild], None] = lambda result: None) -> Tally:
    """Build files and write the outputs of what built; each result goes to ``done`` (which
    prints its diagnostics) as soon as it is built, before its outputs are written.

    A file this run reads is never written over (a usage error); a Markdown file that
    lms-export did not write is replaced only with ``force``. An output that cannot be
    written stops the run (OutputError): the next one would go to the same folder.
    """
    tally = Tally()
    sources = {path.resolve() for path in files}
    # one file: its writers share the processes; a bank: its files do
    work = partial(build_file, formats=formats, strict=strict,
                   jobs=jobs if len(files) == 1 else 1, reading=reading)
    ids = QuizIds()
    for result in _run(work, files, jobs):
        _claim_ids(result, ids)
        for quiz in result.quizzes:
            _keep_sources(result, quiz, folder, sources, force)
        tally.add(result.path, len(result.quizzes), sum(q.questions for q in result.quizzes),
                  result.diagnostics, result.failed)
        done(result)
        for quiz in result.quizzes:
            if quiz.files:
                write_all(folder, quiz.files)
                tally.built += 1
                tally.written += len(quiz.files)
                tally.outputs.setdefault(result.path, set()).update(quiz.files)
        if not result.failed:
            tally.whole.add(result.path)
    return tally


def _keep_sources(result: FileBuild, quiz: QuizBuild, folder: Path, sources: set[Path],
                  force: bool) -> None:
    """Never write over a source of this run; never over a hand-written file without --force
    (then that writer's whole output is left out)."""
    for writer, files in list(quiz.outputs.items()):
        for name in files:
            target = folder / name
            if target.resolve() in sources:
                raise click.UsageError(f"{target}: is a quiz source read in this run, and "
                                       "writing it would destroy it: write to another folder (-o)")
            if not force and writers.foreign(writer, target):
                report = Reporter(result.path)
                report.error(1, f"{target} exists and was not written by lms-export: not "
                                "overwritten (build with --force to replace it)")
                result.diagnostics.extend(report.items)
                result.failed = True
                del quiz.outputs[writer]
                break


def _run(work: Callable[[Path], FileBuild], files: list[Path], jobs: int) -> Iterable[FileBuild]:
    """Results in file order, whatever the number of processes."""
    if jobs == 1 or len(files) == 1:
        return map(work, files)
    return _pooled(work, files, min(jobs, len(files)))


def _pooled(work: Callable[[Path], FileBuild], files: list[Path], workers: int
            ) -> Iterable[FileBuild]:
    """Ctrl-C (or a write that fails) stops the workers at once rather than after the files
    they hold: they write nothing, so nothing is lost. They leave SIGINT to this process."""
    import multiprocessing  # only a parallel bank pays for it

    pool = multiprocessing.Pool(workers, initializer=signal.signal,
                                initargs=(signal.SIGINT, signal.SIG_IGN))
    try:
        yield from pool.imap(work, files, chunksize=max(1, len(files) // (8 * workers)))
    except BaseException:  # KeyboardInterrupt, or GeneratorExit when the loop stopped early
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()


def _claim_ids(result: FileBuild, ids: QuizIds) -> None:
    """Two quizzes of a bank with one id would overwrite each other's packages: the later fails."""
    for quiz in result.quizzes:
        error = ids.claim(result.path, quiz.quiz_id, quiz.id_line)
        if error:
            result.diagnostics = sorted([*result.diagnostics, error])
            result.failed = True
            quiz.outputs = {}
