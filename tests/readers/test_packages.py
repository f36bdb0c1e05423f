"""Hostile zip packages: each refused whole with a clear error, exit status 1, and nothing
written anywhere (inside or outside ``-o``). Every case is a zip an attacker could send
as "my Canvas export" or "my QTI package"."""
from __future__ import annotations

import io
import stat
import zipfile

import pytest
from click.testing import CliRunner

from exporter import readers
from exporter.cli import main
from exporter.readers import package

MANIFEST = ('<?xml version="1.0"?>\n<manifest xmlns="http://www.imsglobal.org/xsd/imsccv1p1/'
            'imscp_v1p1">\n<resources>\n<resource identifier="g0" type="imsqti_xmlv1p2">\n'
            '<file href="{href}"/>\n</resource>\n</resources>\n</manifest>\n')
ITEMS = ('<?xml version="1.0"?>\n<questestinterop xmlns="http://www.imsglobal.org/xsd/'
         'ims_qtiasiv1p2"><assessment ident="g0" title="T"><section ident="root_section">'
         '<item ident="g1"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>'
         'question_type</fieldlabel><fieldentry>essay_question</fieldentry></qtimetadatafield>'
         '</qtimetadata></itemmetadata><presentation><material><mattext>{stem}</mattext>'
         '</material></presentation></item></section></assessment></questestinterop>\n')
XXE = ('<?xml version="1.0"?>\n<!DOCTYPE manifest [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
       '<manifest><resources><resource type="imsqti_xmlv1p2" href="&x;"/></resources>'
       '</manifest>\n')
LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE q [<!ENTITY a "aaaaaaaaaa">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                    for i in range(9)) + ']>\n<questestinterop>&j;</questestinterop>\n')


def zip_of(members: dict[str, bytes | str], symlink: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name == symlink:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def good(**extra: bytes | str) -> dict[str, bytes | str]:
    return {"imsmanifest.xml": MANIFEST.format(href="g0/g0.xml"),
            "g0/g0.xml": ITEMS.format(stem="Explain."), **extra}


CASES = {
    "zip slip": (zip_of(good(**{"../../evil.xml": "x"})),
                 1, "the zip entry `../../evil.xml` points outside the package (zip slip)"),
    "absolute path": (zip_of(good(**{"/etc/cron.d/evil": "x"})),
                      1, "the zip entry `/etc/cron.d/evil` points outside the package"),
    "symbolic link": (zip_of(good(link="/etc/passwd"), symlink="link"),
                      1, "the zip entry `link` is a symbolic link"),
    "compression ratio": (zip_of(good(**{"g0/big.png": b"\0" * (4 << 20)})),
                          1, "the zip entry `g0/big.png` inflates 4,194,304 bytes from"),
    "manifest outside": (zip_of({**good(), "imsmanifest.xml":
                                 MANIFEST.format(href="../../etc/passwd")}),
                         5, "the manifest points outside the package: `../../etc/passwd`"),
    "xxe in the manifest": (zip_of({**good(), "imsmanifest.xml": XXE}),
                            2, "a DTD is not allowed"),
    "entity bomb in an item": (zip_of({**good(), "g0/g0.xml": LAUGHS}),
                               2, "a DTD is not allowed"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_package_is_an_error_at_its_place_exit_1_nothing_written(case, tmp_path,
                                                                           monkeypatch):
    data, line, message = CASES[case]
    (tmp_path / "in").mkdir()
    source = tmp_path / "in" / "export.zip"
    source.write_bytes(data)
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(main, ["build", str(source), "-o", "out"])
    assert done.exit_code == 1, done.output
    [error] = [line_ for line_ in done.output.splitlines() if ": error: " in line_]
    assert f":{line}:1: error: " in error and message in error
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                  if p.is_file()) == ["in/export.zip"]


@pytest.mark.parametrize("limit, value, message", [
    ("MAX_TOTAL", 1000, "more than the 2 GiB a package may hold"),
    ("MAX_ENTRIES", 2, "more than the 2 a package may hold"),
])
def test_packages_past_the_size_or_entry_limits_are_refused(limit, value, message, tmp_path,
                                                            monkeypatch):
    """The limits themselves (2 GiB, 50,000 entries) are lowered here: a test cannot write
    2 GiB, and the check is the same."""
    monkeypatch.setattr(package, limit, value)
    path = tmp_path / "export.zip"
    path.write_bytes(zip_of(good(**{"web_resources/a.txt": "x" * 1200})))
    [error] = readers.read(path).diagnostics
    assert error.is_error and "refused as a zip bomb" in error.message
    if limit == "MAX_ENTRIES":
        assert message in error.message


def test_a_member_whose_entry_lies_about_its_size_is_refused(tmp_path):
    """A member is never inflated past the size its entry declares (a lying header cannot
    make a bomb of a small entry): the shortened read fails its check, and says so."""
    data = bytearray(zip_of(good()))
    index = data.rfind(b"PK\x01\x02", 0, data.rfind(b"g0/g0.xml"))
    size = int.from_bytes(data[index + 24:index + 28], "little")
    data[index + 24:index + 28] = (size // 2).to_bytes(4, "little")
    path = tmp_path / "export.zip"
    path.write_bytes(bytes(data))
    errors = [d for d in readers.read(path).diagnostics if d.is_error]
    assert errors and "cannot read `g0/g0.xml` from the zip" in errors[0].message
