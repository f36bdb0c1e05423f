"""What the big-bank savings must not change: a file streamed into its zip entry, an item
built from copied templates, are the same bytes as before."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from exporter import writers
from exporter.pipeline.build import build_file
from exporter.writers.package import zip_bytes
from exporter.writers.xml import Indented, streamed, written


def _content(out: etree._IncrementalFileWriter) -> None:
    """Enough XML for the incremental writer to hand it over in many pieces."""
    write = Indented(out)
    with write.element("root", {"id": "r"}):
        for number in range(20_000):
            with write.element("item", {"n": str(number)}):
                write.leaf("text", f"item {number} & more")
                write.leaf("empty")


def test_a_streamed_entry_is_the_same_zip_as_its_bytes():
    held = zip_bytes([("a.txt", b"first"), ("big.xml", streamed(_content)), ("z.txt", b"last")])
    flowing = zip_bytes([("a.txt", b"first"), ("big.xml", written(_content)), ("z.txt", b"last")])
    assert flowing == held
    assert zipfile.ZipFile(io.BytesIO(flowing)).read("big.xml") == streamed(_content)


def test_indented_elements_are_pretty_printed_as_a_tree():
    def content(out: etree._IncrementalFileWriter) -> None:
        write = Indented(out)
        with write.element("root"):
            with write.element("a"):
                write.leaf("b", "text", key="value")
            write.leaf("c")

    assert streamed(content) == (b"<?xml version='1.0' encoding='UTF-8'?>\n<root>\n  <a>\n"
                                 b"    <b key=\"value\">text</b>\n  </a>\n  <c></c>\n</root>\n")


def test_items_past_the_templates_kept_are_still_scored_by_their_own_points(tmp_path: Path):
    """Each points value is a template of its own, up to a bound: past it, items still
    declare their own MAXSCORE."""
    questions = "".join(f"{n}. Question {n}?\n\n(A) yes\n(B) no\n\nAnswer: A\nPoints: {n}\n\n"
                        for n in range(1, 301))
    path = tmp_path / "points.md"
    path.write_text(f"# Points\n\n{questions}")
    first = build_file(path, ["qti21", "qti30"])
    assert first.diagnostics == []
    for name, data in first.files.items():
        package = zipfile.ZipFile(io.BytesIO(data))
        items = [info for info in package.infolist() if info.filename.startswith("item-")]
        assert len(items) == 300
        for number, info in enumerate(items, start=1):
            maximum = etree.fromstring(package.read(info)).xpath(
                "string(//*[@identifier='MAXSCORE']//*[local-name()='value' or "
                "local-name()='qti-value'])")
            assert maximum == str(number), (name, info.filename)
    assert build_file(path, ["qti21", "qti30"]).files == first.files


def test_every_writer_gives_the_same_bytes_twice_in_one_process(tmp_path: Path):
    """Templates and caches kept between builds never leak one build into the next."""
    path = tmp_path / "quiz.md"
    path.write_text("# Q\n\n1. What is $x^2$?\n\n(A) `a`\n(B) b\n\nAnswer: B\nFeedback: **yes**\n\n"
                    "2. Name it.\n\nAnswer: x\n")
    assert build_file(path, list(writers.WRITERS)).files == \
        build_file(path, list(writers.WRITERS)).files
