"""What every written package must be, whatever the input: parseable, complete and script-free."""
from __future__ import annotations

import io
import zipfile

from lxml import etree

DANGEROUS = {"script", "iframe", "object", "embed"}
HTML_AS_TEXT = {"text", "mattext"}


def contents(name: str, data: bytes) -> list[bytes]:
    """The bytes a user would open: each member of a zip, or the file itself."""
    if not name.endswith(".zip"):
        return [data]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [archive.read(member) for member in archive.namelist()]


def assert_safe_outputs(files: dict[str, bytes]) -> None:
    """Every XML parses, every zip opens and matches its manifest, nothing can run script."""
    for name, data in files.items():
        if name.endswith(".xml"):
            _assert_safe_xml(data)
        elif name.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                assert archive.testzip() is None
                names = set(archive.namelist())
                manifest = etree.fromstring(archive.read("imsmanifest.xml"))
                listed = {f.get("href") for f in manifest.iter() if isinstance(f.tag, str)
                          and etree.QName(f).localname == "file"}
                assert listed <= names, listed - names
                for member in names:
                    if member.endswith(".xml"):
                        _assert_safe_xml(archive.read(member))


def _assert_safe_xml(data: bytes) -> None:
    root = etree.fromstring(data)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        assert etree.QName(element).localname.lower() not in DANGEROUS
        assert not any(attr.lower().startswith("on") for attr in element.attrib)
    # HTML kept as text (CDATA or escaped, as Moodle's <text> and Canvas's <mattext> store
    # it) is checked as HTML; anywhere else, an escaped "<" is only a character of plain text
    for element in root.iter():
        if not isinstance(element.tag, str) or etree.QName(element).localname not in HTML_AS_TEXT:
            continue
        chunk = element.text or ""
        if "<" in chunk:
            html = etree.HTML(f"<div>{chunk}</div>")
            if html is None:
                continue
            for node in html.iter():
                if isinstance(node.tag, str):
                    assert node.tag.lower() not in DANGEROUS, chunk
                    assert not any(a.lower().startswith("on") for a in node.attrib), chunk
                    assert "javascript:" not in node.get("href", "").lower(), chunk
