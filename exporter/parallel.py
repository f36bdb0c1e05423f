"""The writers of one big quiz, spread over processes.

A bank spreads its quizzes over ``-j`` processes; a single quiz of thousands
of questions would leave all but one core idle while five writers run one
after the other. Its writers are split into groups of about equal cost; the
Markdown of every text is rendered once before the split, so each forked
process starts with the shared fragments (and the model) already in memory,
copy-on-write. Where the platform cannot fork, the writers run in turn.
"""
from __future__ import annotations

import multiprocessing
import signal
from typing import Callable

from exporter import writers
from exporter.model import Quiz
from exporter.render import Renderer

# Relative cost per question, measured on the benchmark bank (benchmarks/RESULTS.md)
_COST = {"qti21": 10, "qti30": 10, "canvas": 5, "moodle": 3, "answers": 0}
# Relative size of the output: what a forked process must send back through a pipe
_SIZE = {"moodle": 7, "qti21": 4, "qti30": 4, "canvas": 1, "answers": 0}
# Below this many questions a process costs more than it saves
MIN_QUESTIONS = 500

# The files written, and the first failure as (line, message) for a diagnostic
Outcome = tuple[dict[str, bytes], tuple[int, str] | None]


def write_formats(quiz: Quiz, names: list[str], jobs: int,
                  write_group: Callable[[Quiz, list[str]], Outcome]) -> Outcome:
    """Every output of ``names``; ``write_group`` runs one group in one process."""
    groups = _groups(names, jobs)
    if len(groups) == 1 or len(quiz.questions) < MIN_QUESTIONS \
            or "fork" not in multiprocessing.get_all_start_methods():
        return write_group(quiz, names)
    _render_every_text(quiz)
    context = multiprocessing.get_context("fork")
    pipes = []
    for group in groups[1:]:
        receiver, sender = context.Pipe(duplex=False)
        worker = context.Process(target=_child, args=(sender, quiz, group, write_group),
                                 daemon=True)
        worker.start()
        sender.close()
        pipes.append((receiver, worker))
    files, failure = write_group(quiz, groups[0])
    for receiver, worker in pipes:
        try:
            their_files, their_failure = receiver.recv()
        except EOFError:  # the process died without a word (killed, out of memory)
            their_files, their_failure = {}, (1, "a writer process ended unexpectedly; "
                                                 "build again with -j 1 to see why")
        worker.join()
        files.update(their_files)
        failure = failure or their_failure
    return {name: files[name] for name in _output_order(quiz, names, files)}, failure


def _child(sender, quiz: Quiz, group: list[str],
           write_group: Callable[[Quiz, list[str]], Outcome]) -> None:
    # Ctrl-C is the parent's to answer ("Aborted!"); this daemon process ends with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sender.send(write_group(quiz, group))
    sender.close()


def _groups(names: list[str], jobs: int) -> list[list[str]]:
    """Writers in at most ``jobs`` groups of about equal cost, costliest placed first;
    the group with the biggest outputs comes first."""
    groups: list[list[str]] = [[] for _ in range(min(jobs, len(names)))]
    loads = [0] * len(groups)
    for name in sorted(names, key=lambda n: -_COST.get(n, 5)):
        least = loads.index(min(loads))
        groups[least].append(name)
        loads[least] += _COST.get(name, 5)
    # this process keeps the group with the biggest outputs, the others send theirs over
    return sorted((group for group in groups if group),
                  key=lambda group: -sum(_SIZE.get(name, 1) for name in group))


def _output_order(quiz: Quiz, names: list[str], files: dict[str, bytes]) -> list[str]:
    wanted = [quiz.id + writers.WRITERS[name].suffix for name in names]
    return [name for name in wanted if name in files]


def _render_every_text(quiz: Quiz) -> None:
    """Fill the renderer's fragment cache, which every target shares."""
    renderer = Renderer(quiz, "moodle")
    renderer.html(quiz.description)
    for question in quiz.questions:
        for text in question.texts():
            renderer.html(text, question)
