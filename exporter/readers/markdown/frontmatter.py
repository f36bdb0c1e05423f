"""YAML front matter: parsed with PyYAML's safe loader, checked key by key.

Each key's line is taken from PyYAML's node marks, so `points: many` is
reported on its own line rather than on the `---`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

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
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        values = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        column = mark.column + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        report.error(line, f"invalid front matter: {problem}{_quoting_hint(lines, line)}", column)
        return FrontMatter(end_line=end_line)
    if values is None:
        return FrontMatter(end_line=end_line)
    if not isinstance(values, dict):
        report.error(2, "invalid front matter: expected `key: value` lines, "
                        f"found a {type(values).__name__}")
        return FrontMatter(end_line=end_line)
    key_lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value}
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


def _quoting_hint(lines: list[str], line: int) -> str:
    """YAML reads `title: Week 5: Graphs` as a mapping inside a value; the fix is quotes."""
    key, colon, value = lines[line - 1].partition(":") if 0 < line <= len(lines) else ("", "", "")
    value = value.strip()
    if not colon or ": " not in value or value[:1] in "\"'":
        return ""
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    return f" (a value holding `: ` must be quoted: `{key.strip()}: \"{quoted}\"`)"
