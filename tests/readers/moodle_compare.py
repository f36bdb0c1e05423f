"""What Moodle stored for a question, as the fields the Moodle round trip compares.

The two JSON reports of ../shared/importers/moodle (the original file's and
our re-export's) are reduced to the same fields, field by field: qtype, text
as whitespace-collapsed visible text, answers with fractions, tolerances and
feedback, defaultmark, penalty, tags, idnumber (where the original has one),
the files' sha1s, and each Cloze gap the same way.
"""
from __future__ import annotations

import html
import re

import markdown

_BREAK = re.compile(r"<(?:br|/?p|/li|/t[dh]|/h\d|/?div|img)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def visible(fragment: str | None, text_format: str = "html") -> str:
    """The words a student sees, whitespace collapsed (no-break spaces too); a text Moodle
    keeps in its Markdown format (a GIFT `[markdown]` text) as Moodle shows it."""
    if text_format == "markdown":
        fragment = markdown.markdown(fragment or "")
    return " ".join(html.unescape(_TAG.sub("", _BREAK.sub(" ", fragment or ""))).split())


def _files(question: dict) -> list[str]:
    areas = [*question.get("files", {}).values(),
             *(a.get("files", {}).get(area, []) for a in question.get("answers", [])
               for area in ("answer", "answerfeedback"))]
    return sorted(f["sha1"] for files in areas for f in files)


def fields(question: dict) -> dict[str, object]:
    answers = [(visible(a["answer"], a.get("answerformat", "html")),
                round(float(a["fraction"]), 5),
                visible(a["feedback"], a.get("feedbackformat", "html")), a.get("tolerance"))
               for a in question.get("answers", [])]
    return {
        "qtype": question["qtype"],
        "text": visible(question["questiontext"], question.get("questiontextformat", "html")),
        "answers": answers,
        "feedback": visible(question["generalfeedback"], question.get("generalfeedbackformat", "html")),
        "defaultmark": float(question["defaultmark"]),
        "penalty": round(float(question["penalty"]), 5),
        "tags": sorted(question.get("tags") or []),
        "files": _files(question),
    }


def differences(original: list[dict], ours: list[dict]) -> list[str]:
    """Each field where our re-export's question differs from the original's."""
    found = []
    if len(original) != len(ours):
        return [f"{len(original)} questions stored, then {len(ours)}"]
    for before, after in zip(original, ours):
        name = before["name"]
        pairs = [(name, fields(before), fields(after))]
        if before.get("idnumber"):
            pairs[0][1]["idnumber"], pairs[0][2]["idnumber"] = before["idnumber"], after["idnumber"]
        subs_before, subs_after = before.get("subquestions") or [], after.get("subquestions") or []
        if before["qtype"] == "match":  # a matching question's pairs: left side and right side
            pairs[0][1]["pairs"], pairs[0][2]["pairs"] = (
                [(visible(sub["questiontext"]), sub["answertext"]) for sub in subs]
                for subs in (subs_before, subs_after))
        else:  # a Cloze question's gaps, each a question of its own
            pairs += [(f"{name} gap {n}", fields(b), fields(a))
                      for n, (b, a) in enumerate(zip(subs_before, subs_after), start=1)]
        for label, old, new in pairs:
            for key in old:
                if key == "text" and " gap " in label:
                    continue  # a gap's text is its own {1:...} source: its answers say it all
                if old[key] != new[key]:
                    found.append(f"{label}: {key}: {old[key]!r} -> {new[key]!r}")
    return found
