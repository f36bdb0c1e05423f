#!/usr/bin/env python3
"""Memory of reading a big Moodle export: peak RSS against the file's size.

    python benchmarks/moodle_memory.py                 # 25, 100 and 300 MB exports
    python benchmarks/moodle_memory.py --sizes 50      # one size

Real exports with many images run to hundreds of MB. Each generated export
has questions of every core type, and one distinct image (random bytes,
base64 in a `<file>`) per question, so the images make up the size, as in
real banks. Each size is read by `lms-export check` and built by
`lms-export build -f moodle` in a fresh process; we print the peak RSS, and
what it is beyond the images' own bytes, which the quiz must hold to write
them again. Exports go to benchmarks/work/ (ignored by git).
"""
from __future__ import annotations

import argparse
import base64
import os
import random
import sys
from pathlib import Path

from run import WORK, measure

IMAGE_BYTES = 96 * 1024
QUESTION = """  <question type="multichoice">
    <name><text>q{n}</text></name>
    <questiontext format="html"><text><![CDATA[<p>Question {n}: which is right?</p>
<p><img src="@@PLUGINFILE@@/figure{n}.png" alt="figure {n}"></p>]]></text>
<file name="figure{n}.png" path="/" encoding="base64">{image}</file>
    </questiontext>
    <defaultgrade>1</defaultgrade>
    <idnumber>q-{n}</idnumber>
    <single>true</single>
    <answer fraction="100" format="html"><text>right {n}</text></answer>
    <answer fraction="0" format="html"><text>wrong {n}</text></answer>
  </question>
"""


def export(size_mb: int) -> Path:
    """A Moodle export of about ``size_mb`` MB, made once and kept."""
    path = WORK / f"moodle-{size_mb}mb.xml"
    if path.exists():
        return path
    WORK.mkdir(parents=True, exist_ok=True)
    randomness = random.Random(size_mb)
    per_question = len(base64.b64encode(bytes(IMAGE_BYTES))) + len(QUESTION)
    with path.open("w") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')
        out.write('  <question type="category"><category><text>$course$/top/Big</text>'
                  '</category></question>\n')
        for n in range(size_mb * 1024 * 1024 // per_question):
            image = b"\x89PNG\r\n\x1a\n" + randomness.randbytes(IMAGE_BYTES - 8)
            out.write(QUESTION.format(n=n, image=base64.b64encode(image).decode("ascii")))
        out.write("</quiz>\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 100, 300])
    args = parser.parse_args()
    command = str(Path(sys.executable).with_name("lms-export"))
    print("| export | images | check: peak RSS | beyond the images | build -f moodle: peak RSS |")
    print("|---|---|---|---|---|")
    for size in args.sizes:
        path = export(size)
        images = path.stat().st_size * 3 / 4 / 2**20  # base64 holds 3 bytes in 4 characters
        _, checked = measure([command, "check", str(path)], WORK, 1)
        out = WORK / f"out-{size}"
        _, built = measure([command, "build", str(path), "-f", "moodle", "-o", str(out)], WORK, 1)
        print(f"| {os.path.getsize(path) / 2**20:.0f} MB | {images:.0f} MB | {checked:.0f} MiB | "
              f"{checked - images:.0f} MiB | {built:.0f} MiB |")


if __name__ == "__main__":
    main()
