"""YAML front matter: parsed with PyYAML's safe loader, checked key by key.

Each key's line is taken from PyYAML's node marks, so `points: many` is
reported on its own line rather than on the `---`.

Nearly every front matter is plain `key: value` lines, which are read here
without importing PyYAML (some 10 ms, a sixth of checking a small quiz) to
exactly what PyYAML would give; anything else goes to PyYAML.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from exporter.diagnostics import Reporter

# Quiz ids name output files: keep them to characters no file system or LMS
# treats specially, and never let them climb out of the output folder.
QUIZ_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")

_KINDS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "title": (str, "a text"),
    "id": (str, "a text"),
    "category": (str, "a text"),
    "language": (str, "a text"),
    "description": (str, "a text"),
    "points": ((int, float), "a positive number"),
    "shuffle": (bool, "true or false"),
}


@dataclass
class FrontMatter:
    """The front matter's settings, the line it ends on, and the line of each key,
    for a problem found after it was read."""

    values: dict = field(default_factory=dict)
    end_line: int = 0  # the closing `---`; 0 when there is no front matter
    # each accepted key's line, for problems found later (a quiz id another quiz uses)
    lines: dict[str, int] = field(default_factory=dict)


def split_front_matter(lines: list[str], report: Reporter) -> FrontMatter:
    """Read front matter between `---` lines at the very top, if any."""
    if not lines or lines[0].rstrip() != "---":
        return FrontMatter()
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        # read on from the next line, so the questions are still found and checked
        report.error(1, "front matter opened with `---` here is not closed: add a `---` line "
                        "after its last `key: value` line")
        return FrontMatter(end_line=1)
    text = "\n".join(lines[1:index])
    end_line = index + 1
    parsed = read_plain(text) or _read_yaml(text, lines, report)
    if parsed is None:
        return FrontMatter(end_line=end_line)
    values, key_lines = parsed
    if values is None:
        return FrontMatter(end_line=end_line)
    if not isinstance(values, dict):
        report.error(2, "invalid front matter: expected `key: value` lines, "
                        f"found a {type(values).__name__}")
        return FrontMatter(end_line=end_line)
    checked: dict = {}
    for key, value in values.items():
        key = str(key)
        line = key_lines.get(key, 2)
        if key not in _KINDS:
            report.warning(line, f"unknown front matter key `{key}` ignored "
                                 f"(known: {', '.join(_KINDS)})")
            continue
        kinds, wanted = _KINDS[key]
        if key in ("title", "category", "description", "language", "id") and isinstance(
                value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if value is None or isinstance(value, bool) and kinds is not bool or not isinstance(value, kinds):
            report.error(line, f"invalid front matter: `{key}` must be {wanted}, not {value!r}")
            continue
        if key == "points" and value <= 0:
            report.error(line, f"invalid front matter: `points` must be a positive number, not {value!r}")
            continue
        if key == "id" and (not QUIZ_ID.match(value) or ".." in value):
            report.error(line, f"invalid front matter: `id` {value!r} must be letters, digits, "
                               "`-`, `_` or `.` (it names the output files)")
            continue
        checked[key] = value.strip() if isinstance(value, str) else value
    return FrontMatter(checked, end_line, {key: key_lines.get(key, 2) for key in checked})


# Characters left to PyYAML: what its reader rejects as not printable (C0 and C1 controls,
# surrogates, U+FFFE, U+FFFF), the tab, the line breaks it knows besides `\n` (`\r`, \x85
# among the C1 codes, \u2028, \u2029) and the BOM (skipped at the start of its stream).
_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff\ufffe\uffff]")
# A key at column 0 (far shorter than PyYAML's 1024-character simple key limit) that no
# implicit resolver claims (none is registered for `_`; letters other than yYnNtTfFoO have
# none, and those resolve only the words below), `: `, then either
# - a decimal integer PyYAML's int constructor reads as int() does (no sign, `_`, `0x`,
#   octal `0..` or `1:30`; at most 18 digits, far from Python's limit), or
# - a text starting with an ASCII letter or a non-ASCII character (no resolver is
#   registered for those), holding neither `:` nor `#`: in block context a plain scalar
#   ends only at a line break, `: ` or ` #`, so this one runs to the end of its line, and
#   every indicator after its first character is plain text there.
_ENTRY = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_-]{0,127}): +(?:(?P<int>0|[1-9][0-9]{0,17}) *"
                    r"|(?P<text>(?![\x00-\x40\x5b-\x60\x7b-\x7f])[^:#]+))\Z")
# A comment at column 0 or a line of spaces: PyYAML skips both and ends the plain scalar
# before them.
_SKIPPED = re.compile(r"(?:#.*| *)\Z")
# The words PyYAML's YAML 1.1 resolver reads as bool or null (its `~` and the empty
# value never match _ENTRY).
_RESERVED = frozenset("yes Yes YES no No NO true True TRUE false False FALSE "
                      "on On ON off Off OFF null Null NULL".split())


def read_plain(text: str) -> tuple[dict | None, dict[str, int]] | None:
    """The values and each key's line, as PyYAML gives them, when no character is _UNSAFE and
    every line is a plain `key: value` (see _ENTRY), a comment or blank; None otherwise.

    Values are what `yaml.safe_load` gives: a text rstripped of spaces only (PyYAML does not
    strip other white space) or an int; a later duplicate key replaces the value and keeps
    the first one's place, and its line is the last one's, as the PyYAML path's are.
    """
    if _UNSAFE.search(text):
        return None
    values: dict = {}
    key_lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=2):
        entry = _ENTRY.match(line)
        if entry is None:
            if _SKIPPED.match(line) is None:
                return None
            continue
        key = entry["key"]
        value = int(entry["int"]) if entry["int"] else entry["text"].rstrip(" ")
        if key in _RESERVED or value in _RESERVED:
            return None
        values[key] = value
        key_lines[key] = number
    return values or None, key_lines  # PyYAML reads only comments and blanks as null


def _read_yaml(text: str, lines: list[str],
               report: Reporter) -> tuple[object, dict[str, int]] | None:
    """The values and each key's line from PyYAML's safe loader; None after reporting a YAML
    error at its line."""
    import yaml  # only here: importing it takes some 10 ms

    try:
        values, pairs = _load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        column = mark.column + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        report.error(line, f"invalid front matter: {problem}{_quoting_hint(lines, line)}", column)
        return None
    return values, {str(k.value): k.start_mark.line + 2 for k, _ in pairs}


def _load(text: str) -> tuple[object, list]:
    """What `yaml.safe_load` gives, and the top-level pairs of the node it composed.

    The text is parsed once, the values constructed from the composed node as `safe_load`
    does; the pairs are copied first because constructing a mapping with a merge key
    (`<<: *base`) rewrites its node's pairs in place.
    """
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        pairs = list(node.value) if isinstance(node, yaml.MappingNode) else []
        return None if node is None else loader.construct_document(node), pairs
    finally:
        loader.dispose()


def _quoting_hint(lines: list[str], line: int) -> str:
    """YAML reads `title: Week 5: Graphs` as a mapping inside a value; the fix is quotes."""
    key, colon, value = lines[line - 1].partition(":") if 0 < line <= len(lines) else ("", "", "")
    value = value.strip()
    if not colon or ": " not in value or value[:1] in "\"'":
        return ""
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    return f" (a value holding `: ` must be quoted: `{key.strip()}: \"{quoted}\"`)"
