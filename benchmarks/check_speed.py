#!/usr/bin/env python3
"""`lms-export check` on a big bank, this checkout against another install, side by side.

    python benchmarks/check_speed.py --baseline /path/to/other/venv/bin/python [--size 5000]

The reader grows with every convention it learns; this keeps its cost in view: both
interpreters check the same bank from ../shared/bench/gen_bank.py, runs interleaved so
the machine's noise falls on both, and the minimum of each is compared.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GEN_BANK = HERE.parent.parent / "shared" / "bench" / "gen_bank.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="python of the install to compare with")
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = HERE / "work" / f"bank-{args.size}"
    if not (folder / "bank.md").exists():
        subprocess.run([sys.executable, str(GEN_BANK), str(args.size), str(folder)], check=True,
                       stdout=subprocess.DEVNULL)
    bank = str(folder / "bank.md")
    times: dict[str, list[float]] = {"baseline": [], "this": []}
    for _ in range(args.runs):
        for name, python in (("baseline", args.baseline), ("this", sys.executable)):
            started = time.perf_counter()
            # exit 0 expected: a broken install would time its own error message
            subprocess.run([python, "-m", "exporter", "check", bank], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           cwd=folder,  # not the project: -m imports from the cwd first
                           # the reader's work, not what an earlier check kept of the bank
                           env={**os.environ, "LMS_EXPORT_NO_CACHE": "1"})
            times[name].append(time.perf_counter() - started)
    base, this = min(times["baseline"]), min(times["this"])
    print(f"check, {args.size} questions: baseline {base:.3f} s, this checkout {this:.3f} s, "
          f"ratio {this / base:.2f} (min of {args.runs} interleaved runs)")


if __name__ == "__main__":
    main()
