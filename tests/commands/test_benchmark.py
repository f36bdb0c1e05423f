"""A smoke run of the peer benchmark, so the script never rots (timings are not asserted)."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GEN_BANK = ROOT.parent / "shared" / "bench" / "gen_bank.py"


@pytest.mark.skipif(not GEN_BANK.exists(), reason="../shared/bench/gen_bank.py is absent")
def test_benchmark_smoke_run_writes_a_results_table(tmp_path):
    results = tmp_path / "RESULTS.md"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "100",
                          "--runs", "1", "--many", "3", "20", "--results", str(results)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    report = results.read_text()
    assert "Produced by `python benchmarks/run.py --sizes 100 --runs 1 --many 3 20" in report
    row = re.search(r"^\| 100 \| ([\d.]+) \| \d+ \| ([\d.]+) \| \d+ \| ([\d.]+) \|", report, re.MULTILINE)
    assert row, report
    # the table rounds seconds to 0.01 s; the ratio is of the unrounded times
    assert float(row.group(3)) == pytest.approx(float(row.group(2)) / float(row.group(1)), rel=0.1)
    assert re.search(r"\| yes \(15 files\) \|", report), report
