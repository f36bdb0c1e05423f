#!/usr/bin/env python3
"""Peer benchmark: lms-export against text2qti on the same synthetic bank, side by side.

    python benchmarks/run.py                      # 20, 100, 1000, 5000, 50000 questions
    python benchmarks/run.py --sizes 100 --runs 1 # the smoke run the tests use
    python benchmarks/run.py --profile 5000       # also keep cProfile's top entries

Banks come from ../shared/bench/gen_bank.py (the same questions in both
syntaxes). Each tool is installed as its users install it, in a venv of its
own: text2qti from PyPI (benchmarks/work/venv), lms-export from this
checkout with `pip install .` (benchmarks/work/ours, reinstalled each run; an
editable install would add its import hook's ~10 ms to every process). Each
command runs as a fresh process, as a pipeline runs it, with bytecode
caching on as on a user's machine; after a warm-up round, every round runs
each command once in turn (text2qti, our five outputs, the same with
`--no-cache`, Canvas alone, one core, `check`), and we keep each one's
minimum time and peak RSS, since these machines are noisy and a slow moment
should fall on all alike. Our builds but the `--no-cache` one find the
fragments the warm-up kept (benchmarks/work/cache), as a rebuild does; the
`--no-cache` column is a first build on a fresh runner. Results go to
benchmarks/RESULTS.md with the command that produced them.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
GEN_BANK = ROOT.parent / "shared" / "bench" / "gen_bank.py"
LATEX_URL = "https://canvas.example.edu/equation_images/"


# Bytecode caching on, as on a user's machine: this environment sets PYTHONDONTWRITEBYTECODE;
# the fragment cache on, in a folder of the benchmark's own
ENVIRONMENT = {**{name: value for name, value in os.environ.items()
                  if name not in ("PYTHONDONTWRITEBYTECODE", "LMS_EXPORT_NO_CACHE")},
               "LMS_EXPORT_CACHE_DIR": str(WORK / "cache")}


def run_once(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one fresh process running ``command``."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, env=ENVIRONMENT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n"
                         f"{process.stderr.read().decode(errors='replace')[-2000:]}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


def measure(command: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    """Minimum wall seconds and peak RSS (MiB) of ``command`` over ``runs`` fresh processes."""
    return measure_together({"it": command}, cwd, runs)["it"]


def measure_together(commands: dict[str, list[str]], cwd: Path,
                     runs: int) -> dict[str, tuple[float, float]]:
    """Each command's minimum time and peak RSS over ``runs`` rounds, after one warm-up
    round (disk caches, bytecode); in each round every command runs once, in turn, so a
    slow moment of the machine falls on all of them alike."""
    best = {name: (float("inf"), 0.0) for name in commands}
    for round_number in range(runs + 1):
        for name, command in commands.items():
            elapsed, rss = run_once(command, cwd)
            if round_number:  # round 0 warms up
                time_so_far, peak = best[name]
                best[name] = (min(time_so_far, elapsed), max(peak, rss))
    return best


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def text2qti_python() -> Path:
    """A venv of its own for text2qti, so the peer never shares our dependencies."""
    env = WORK / "venv"
    python = env / "bin" / "python"
    if not (env / "bin" / "text2qti").exists():
        venv.create(env, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "text2qti"], check=True)
    return env / "bin" / "text2qti"


def lms_export() -> Path:
    """lms-export as a user installs it (`pip install .`, not editable), from this checkout."""
    env = WORK / "ours"
    python = env / "bin" / "python"
    if not python.exists():
        venv.create(env, with_pip=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(ROOT)], check=True)
    return env / "bin" / "lms-export"


def bank(size: int) -> Path:
    folder = WORK / f"bank-{size}"
    if not (folder / "bank.md").exists():
        subprocess.run([sys.executable, str(GEN_BANK), str(size), str(folder)], check=True,
                       stdout=subprocess.DEVNULL)
    return folder


def many_bank(files: int, size: int) -> Path:
    """A bank of ``files`` quizzes of ``size`` questions each, ids made distinct by seed."""
    folder = WORK / f"many-{files}x{size}"
    if not (folder / f"quiz-{files:03d}.md").exists():
        folder.mkdir(parents=True, exist_ok=True)
        for seed in range(1, files + 1):
            scratch = WORK / "scratch"
            subprocess.run([sys.executable, str(GEN_BANK), str(size), str(scratch), "--seed", str(seed)],
                           check=True, stdout=subprocess.DEVNULL)
            text = (scratch / "bank.md").read_text()
            (folder / f"quiz-{seed:03d}.md").write_text(
                text.replace(f"id: synthetic-{size}\n", f"id: synthetic-{size}-s{seed}\n", 1))
        shutil.rmtree(WORK / "scratch")
    return folder


def parallel_bank(lms_export: list[str], files: int, size: int, runs: int) -> list[str]:
    """-j 1 against -j 2 on a bank of many quizzes, and whether their files are identical."""
    folder = many_bank(files, size)
    ours = [*lms_export, "build", str(folder)]
    outputs = {}
    timings = {}
    for jobs in (1, 2):
        out = WORK / f"many-out-j{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        timings[jobs], _ = measure([*ours, "-o", str(out), "-j", str(jobs)], ROOT, runs)
        outputs[jobs] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    same = outputs[1] == outputs[2]
    print(f"bank of {files} x {size}: -j 1 {timings[1]:.2f} s, -j 2 {timings[2]:.2f} s "
          f"(ratio {timings[2] / timings[1]:.2f}), identical files: {same}", flush=True)
    return ["", f"## A bank of {files} quizzes of {size} questions, all five outputs", "",
            "| -j 1 s | -j 2 s | ratio | identical files |", "|---:|---:|---:|---|",
            f"| {timings[1]:.2f} | {timings[2]:.2f} | {timings[2] / timings[1]:.2f} | "
            f"{'yes' if same else 'NO'} ({len(outputs[1])} files) |"]


def profile(size: int, top: int = 15) -> str:
    """cProfile's top entries (cumulative) for an all-formats build of one bank."""
    from exporter import writers
    from exporter.pipeline.build import build_file

    profiler = cProfile.Profile()
    profiler.enable()
    build_file(bank(size) / "bank.md", list(writers.WRITERS))
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    return "\n".join(lines[start:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 100, 1000, 5000, 50000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", type=int, metavar="N", help="profile a build of N questions")
    parser.add_argument("--many", type=int, nargs=2, metavar=("FILES", "SIZE"),
                        help="also time -j 1 against -j 2 on FILES quizzes of SIZE questions")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    if not GEN_BANK.exists():
        raise SystemExit(f"{GEN_BANK} is missing: the benchmark needs ../shared beside the project")
    WORK.mkdir(exist_ok=True)
    peer = text2qti_python()
    ours = [str(lms_export())]
    shutil.rmtree(WORK / "cache", ignore_errors=True)
    rows = []
    for size in args.sizes:
        folder = bank(size)
        outputs = {name: folder / f"out-{name}" for name in ("all", "cold", "canvas", "one")}
        for out in outputs.values():
            shutil.rmtree(out, ignore_errors=True)
        # The render URL only names where Canvas draws LaTeX; nothing is fetched.
        timed = measure_together({
            "peer": [str(peer), "--latex-render-url", LATEX_URL, "bank.txt"],
            "all": [*ours, "build", "bank.md", "-o", str(outputs["all"])],
            "cold": [*ours, "build", "bank.md", "-o", str(outputs["cold"]), "--no-cache"],
            "canvas": [*ours, "build", "bank.md", "-o", str(outputs["canvas"]), "-f", "canvas"],
            "one": [*ours, "build", "bank.md", "-o", str(outputs["one"]), "-j", "1"],
            "check": [*ours, "check", "bank.md"],
            "check-cold": [*ours, "check", "bank.md", "--no-cache"],
        }, folder, args.runs)
        for other in ("one", "cold"):
            if _files(outputs["all"]) != _files(outputs[other]):
                raise SystemExit(f"{size} questions: the default build and `{other}` wrote "
                                 "different files")
        rows.append((size, *timed["peer"], *timed["all"], *timed["cold"], *timed["canvas"],
                     *timed["one"], *timed["check"], *timed["check-cold"]))
        peer_time = timed["peer"][0]
        print(f"{size:>6} questions: text2qti {peer_time:.3f} s | " + " | ".join(
            f"{name} {timed[name][0]:.3f} s {timed[name][1]:.0f} MiB "
            f"(ratio {timed[name][0] / peer_time:.2f})"
            for name in ("all", "cold", "canvas", "one", "check", "check-cold")), flush=True)
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:])
    report = [
        "# Benchmark: lms-export against text2qti", "",
        f"Produced by `{command.strip()}` on {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}, bytecode caching on (PYTHONDONTWRITEBYTECODE unset, "
        f"as on a user's machine); each figure the minimum of {args.runs} runs after a "
        "warm-up run, every command alternating with text2qti's in each round, a fresh "
        "process each; peak RSS from wait4 (of the largest process). Ratio = our time / "
        "text2qti's time for its one package (lower is better). `all five` is the default "
        "build, which uses every core: the writers of one big quiz run in two forked "
        "processes that share the model and the rendered Markdown copy-on-write, so each "
        "process's peak is shown, not their sum. `one core` is the same build with `-j 1`; "
        "`no cache` is the default build with `--no-cache` (a first build on a fresh runner); "
        "the other builds find the fragments the warm-up round kept, as every rebuild does. "
        "All three wrote byte-identical files (checked). `check` checks the bank and writes "
        "no package (the pre-commit hook's cost): `check` finds what the warm-up round's check "
        "kept of the unchanged file, as a hook does on every commit that leaves the file "
        "alone; `check cold` reads and checks it afresh (`--no-cache`), as after an edit. "
        "Each tool is installed as its users install it (`pip install`, not editable), in a "
        "venv of its own.", "",
        "| questions | text2qti s | text2qti MiB | all five s | MiB | ratio | no cache s | MiB "
        "| ratio | canvas s | MiB | ratio | one core s | MiB | ratio | check s | MiB | ratio "
        "| check cold s | MiB | ratio |",
        "|---:" * 21 + "|",
    ]
    for size, peer_time, peer_rss, *ours_measured in rows:
        cells = [f"{size}", f"{peer_time:.3f}", f"{peer_rss:.0f}"]
        for seconds, rss in zip(ours_measured[::2], ours_measured[1::2]):
            cells += [f"{seconds:.3f}", f"{rss:.0f}", f"{seconds / peer_time:.2f}"]
        report.append("| " + " | ".join(cells) + " |")
    sizes = [r[0] for r in rows]
    if 5000 in sizes and 50000 in sizes:
        t5, t50 = rows[sizes.index(5000)][3], rows[sizes.index(50000)][3]
        report += ["", f"Growth: 50,000 questions take {t50 / t5:.1f}x the time of 5,000 "
                       "(all five outputs)."]
    if args.many:
        report += parallel_bank(ours, *args.many, args.runs)
    if args.profile:
        report += ["", "## Profile: every writer (the five default outputs, Markdown and GIFT), "
                       f"{args.profile} questions (cProfile, by own time)",
                   "", "```", profile(args.profile), "```"]
    args.results.write_text("\n".join(report) + "\n")
    print(f"wrote {args.results}")


if __name__ == "__main__":
    main()
