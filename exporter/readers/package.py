"""A zip package (Canvas export, QTI content package) opened safely, read member by member.

A package comes from anywhere (a colleague, a forum, another platform), so
it is treated as hostile until proven otherwise, before any member is read:

- Every entry name must stay inside the package: no ``..`` segment, no
  absolute path (``/x``, ``C:x``, ``\\\\server``), no symbolic link. Nothing is
  ever extracted to disk, so such a name could do no harm here, but a zip
  that holds one was made to attack an unzipper: it is refused whole.
- Zip bombs: a member whose size passes 200 times its compressed size, or a
  package whose members add up to more than 2 GiB or number more than
  50,000, is refused before anything is inflated; a member is read only up
  to the size its entry declares, so a lying header cannot inflate past it.
- Every XML member is parsed by :mod:`exporter.readers.safexml` (no DTD,
  entities or network), and a reference from the manifest (an ``href``) that
  leaves the package is refused where it is written.

Members are read lazily from the open zip, one at a time.
"""
from __future__ import annotations

import posixpath
import re
import stat
import zipfile
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from lxml import etree

from exporter.diagnostics import Reporter
from exporter.readers.safexml import parse

MAX_RATIO = 200  # a member may inflate to at most 200 times its compressed size
MAX_TOTAL = 2 << 30  # 2 GiB unpacked, all members together
MAX_ENTRIES = 50_000
MANIFEST = "imsmanifest.xml"
_DRIVE = re.compile(r"^[A-Za-z]:")


class Unsafe(Exception):
    """The package is refused whole; the message says why, naming the entry."""


def unsafe_name(name: str) -> bool:
    """Whether an entry name or reference leaves the package: absolute, a drive, ``..``."""
    name = name.replace("\\", "/")
    if name.startswith("/") or _DRIVE.match(name):
        return True
    return ".." in name.split("/")


class Package:
    """The members of one zip, checked whole on opening, each read on demand."""

    def __init__(self, source: BinaryIO) -> None:
        try:
            self.zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise Unsafe(f"not a readable zip file ({exc})") from None
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise Unsafe(f"the zip holds {len(infos):,} entries, more than the {MAX_ENTRIES:,} "
                         "a package may hold: refused as a zip bomb")
        total = 0
        for info in infos:
            _check_entry(info)
            total += info.file_size
        if total > MAX_TOTAL:
            raise Unsafe(f"the zip's members unpack to {total:,} bytes, more than the 2 GiB a "
                         "package may hold: refused as a zip bomb")
        self.members = {info.filename: info for info in infos if not info.is_dir()}

    def read(self, name: str) -> bytes:
        """One member's bytes, never more than its entry declares."""
        info = self.members[name]
        try:
            with self.zip.open(info) as member:
                data = member.read(info.file_size + 1)
        except (zipfile.BadZipFile, RuntimeError, OSError, EOFError,
                NotImplementedError) as exc:  # broken, encrypted, an unknown compression
            raise Unsafe(f"cannot read `{name}` from the zip ({exc})") from None
        if len(data) > info.file_size:
            raise Unsafe(f"`{name}` inflates past the size its entry declares: refused as a "
                         "zip bomb")
        return data

    def xml(self, name: str, which: str, report: Reporter,
            encoding: str | None = None) -> etree._Element | None:
        """One XML member, parsed safely (see :func:`exporter.readers.safexml.parse`); a
        refusal is reported in ``report`` (the member's own: see :func:`member_report`)."""
        return parse(self.read(name), which, report, encoding)

    def resolve(self, base: str, href: str) -> str | None:
        """The member an ``href`` written in member ``base`` names (percent-escapes and
        ``./`` undone), or None when it leaves the package (``../``, absolute, a URL)."""
        parts = urlsplit(href.strip())
        if parts.scheme or parts.netloc:
            return None
        path = unquote(parts.path).replace("\\", "/")
        if path.startswith("/") or _DRIVE.match(path):
            return None
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
        return None if joined == ".." or joined.startswith("../") else joined


def _check_entry(info: zipfile.ZipInfo) -> None:
    name = info.filename
    if unsafe_name(name):
        raise Unsafe(f"the zip entry `{name}` points outside the package (zip slip): refused")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise Unsafe(f"the zip entry `{name}` is a symbolic link: refused")
    if info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise Unsafe(f"the zip entry `{name}` inflates {info.file_size:,} bytes from "
                     f"{info.compress_size:,}, past the {MAX_RATIO}:1 a package may: "
                     "refused as a zip bomb")


def member_report(report: Reporter, member: str) -> Reporter:
    """A reporter whose diagnostics name ``member`` inside the package (``quiz.zip/a/b.xml``)
    and land in ``report``, so that every line points into the right file."""
    inner = Reporter(f"{report.path}/{member}")
    inner.items = report.items
    return inner

