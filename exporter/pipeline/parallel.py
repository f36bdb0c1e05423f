"""The writers of one big quiz, spread over processes.

A bank spreads its quizzes over ``-j`` processes; a single quiz of thousands
of questions would leave all but one core idle while five writers run one
after the other. Its writers are split into groups of about equal cost; the
Markdown of every text is rendered once before the split, so each forked
process starts with the shared fragments (and the model) already in memory,
copy-on-write. Where the platform cannot fork, the writers run in turn.
"""
from __future__ import annotations

import gc
import signal
from typing import Callable

from exporter import writers
from exporter.diagnostics import Diagnostic, Reporter
from exporter.model import Quiz
from exporter.render import cache
from exporter.render.renderer import render_ahead

# Below this many questions a process costs more than it saves
MIN_QUESTIONS = 500

# The files of each writer that succeeded, by writer, and the writers' diagnostics
# (a format that failed is an error)
Outcome = tuple[dict[str, dict[str, bytes]], list[Diagnostic]]


def write_formats(quiz: Quiz, names: list[str], jobs: int,
                  write_group: Callable[[Quiz, list[str]], Outcome]) -> Outcome:
    """Every output of ``names``, in that order; ``write_group`` runs one group in one process."""
    groups = writer_groups(names, jobs)
    if len(groups) == 1 or len(quiz.questions) < MIN_QUESTIONS:
        return write_group(quiz, names)
    import multiprocessing  # a small quiz, the usual case, never pays for it

    if "fork" not in multiprocessing.get_all_start_methods():
        return write_group(quiz, names)
    render_ahead(quiz)
    # The fragments live as long as the writers, as the model does: set apart from the
    # garbage collector with it (build_file, the caller, takes both back once the file is
    # built), they are not gone through by each full collection the writers' garbage sets
    # off (a quarter of a second of each process of a 50,000-question build)
    gc.freeze()
    context = multiprocessing.get_context("fork")
    pipes = []
    for group in groups[1:]:
        receiver, sender = context.Pipe(duplex=False)
        worker = context.Process(target=_child, args=(sender, quiz, group, write_group),
                                 daemon=True)
        worker.start()
        sender.close()
        pipes.append((receiver, worker))
    files, diagnostics = write_group(quiz, groups[0])
    for (receiver, worker), group in zip(pipes, groups[1:]):
        try:
            their_files, their_diagnostics = _receive(receiver)
        except EOFError:  # the process died without a word (killed, out of memory)
            report = Reporter(quiz.path)
            report.error(1, f"the process writing {', '.join(group)} ended unexpectedly; "
                            "build again with -j 1 to see why")
            their_files, their_diagnostics = {}, report.items
        worker.join()
        files.update(their_files)
        diagnostics += their_diagnostics
    return {name: files[name] for name in names if name in files}, sorted(diagnostics)


def _child(sender, quiz: Quiz, group: list[str],
           write_group: Callable[[Quiz, list[str]], Outcome]) -> None:
    # Ctrl-C is the parent's to answer (exit 130); this daemon process ends with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    files, diagnostics = write_group(quiz, group)
    # the files go as raw bytes after what names them: pickled with the rest, each package
    # would be copied once more on either side of the pipe (5 MB of a 5,000-question bank);
    # with them the fragments it rendered, for the parent to keep
    sender.send(({writer: list(outputs) for writer, outputs in files.items()}, diagnostics,
                 cache.used()))
    for outputs in files.values():
        for data in outputs.values():
            sender.send_bytes(data)
    sender.close()


def _receive(receiver) -> Outcome:
    """What ``_child`` sent: the names, diagnostics and fragments, then each file's bytes in
    turn."""
    names, diagnostics, fragments = receiver.recv()
    cache.absorb(fragments)
    return {writer: {name: receiver.recv_bytes() for name in file_names}
            for writer, file_names in names.items()}, diagnostics


def writer_groups(names: list[str], jobs: int) -> list[list[str]]:
    """Writers in at most ``jobs`` groups of about equal cost, costliest placed first;
    the group with the biggest outputs comes first."""
    groups: list[list[str]] = [[] for _ in range(min(jobs, len(names)))]
    loads = [0] * len(groups)
    for name in sorted(names, key=lambda n: -writers.WRITERS[n].cost):
        least = loads.index(min(loads))
        groups[least].append(name)
        loads[least] += writers.WRITERS[name].cost
    # this process keeps the group with the biggest outputs, the others send theirs over
    return sorted((group for group in groups if group),
                  key=lambda group: -sum(writers.WRITERS[name].size for name in group))

