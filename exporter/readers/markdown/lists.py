"""Options written as a Markdown list, and the marks that give their key.

Many real banks write options as a plain list (`- text`, `* text`, task
lists `- [ ]` / `- [x]`, numbered items under a `### Q1.` heading, `☐` /
`✅`) and give the key in the list itself: a ticked box, the right option
in bold or in colour, a trailing `*`. A list is only options when it ends
the question's text and something gives its key (a mark, or an `Answer:`
naming a letter or an item's text); a list inside a stem that carries no
key stays stem text, so nothing is guessed. The text after the list (a
note, an explanation, a reference) is feedback, shown after the answer.

The same marks are read on lettered options (`(A)`, `a)`), see :func:`mark`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from exporter.readers.markdown import answerline, syntax
from exporter.readers.markdown.scan import Body, Draft


@dataclass
class Marked:
    """An option's text with its key mark taken off, and what the mark was."""

    text: str
    mark: str = ""  # "tick", "bold", "colour", "star"; "" unmarked
    partial: str = ""  # a mark on part of the text only ("bold", "colour"): not a key
    source: str = ""  # the text as written, mark included

    def unmarked(self) -> Marked:
        """The same option read without its mark (bold on every option is styling)."""
        return Marked(self.source, "", self.mark, self.source)


@dataclass
class ListOptions:
    """A question's text cut at the list that holds its options."""

    stem: list[str]  # the stem's lines before the list
    options: list[tuple[int, Body, Marked]] = field(default_factory=list)  # line, body, mark
    after: Body | None = None  # the text after the list


def raw_marks(draft: Draft, listed: ListOptions | None) -> list[Marked]:
    """The key marks of a question's options as written, lettered or listed."""
    if listed is not None:
        return [marked for _, _, marked in listed.options]
    return [Marked(body.lines[0].strip(), "star", source=body.lines[0].strip())
            if index in draft.starred else mark(body.lines[0].strip())
            for index, (_, _, body) in enumerate(draft.options)]


# An option with none of these can carry no mark
_MARK_CHARS = re.compile("[*_<✅✔]")


def take_options(draft: Draft, listed: ListOptions | None, marks: list[Marked]) -> dict[str, Marked]:
    """The options' key marks by letter (``marks``: raw_marks made usable), taken off their
    text. Options written as a list are taken from the stem only when the list carries a key
    (a mark, or an Answer: naming a letter or an item's text); the text after such a list
    becomes feedback."""
    if listed is None:
        for (_, _, body), marked in zip(draft.options, marks):
            if marked.mark:
                body.lines[0] = marked.text
        return {letter.upper(): marked for (letter, _, _), marked in zip(draft.options, marks)}
    if not listed.options or len(listed.options) > 26:
        return {}
    letters = [chr(ord("A") + n) for n in range(len(listed.options))]
    answer = draft.answer.lines[0].strip() if draft.answer else ""
    named = answer and (answerline.letters_in(answer) or answerline.names_text(
        answer, [marked.text for marked in marks]))
    if not any(m.mark for m in marks) and not named:
        draft.unkeyed_list = listed.options[0][0]
        return {}
    draft.stem = Body(draft.stem.line, listed.stem, draft.stem.column)
    for letter, (line, body, _), marked in zip(letters, listed.options, marks):
        body.lines[0] = marked.text
        draft.options.append((letter, line, body))
    if listed.after is not None:
        if draft.feedback is not None:
            listed.after.lines += ["", *draft.feedback.lines]
        draft.feedback = listed.after
    return dict(zip(letters, marks))


def key_styles(questions: list[list[Marked]]) -> set[str]:
    """The marks a file uses for keys: bold (or colour) on some options of a question and
    not on the others. Where a file does, bold on every option of a question means every
    option is right; where it never does, bold on every option is only styling."""
    styles = set()
    for marks in questions:
        if any(m.mark for m in marks):  # most questions mark nothing
            styles.update(kind for kind in ("bold", "colour")
                          if 0 < sum(m.mark == kind for m in marks) < len(marks))
    return styles


def usable(marks: list[Marked], styles: set[str]) -> list[Marked]:
    """The marks that give a key: bold or colour on every option only in a file whose
    other questions mark keys that way (see key_styles)."""
    for kind in ("bold", "colour"):
        if len(marks) > 1 and all(m.mark == kind for m in marks) and kind not in styles:
            return [m.unmarked() for m in marks]
    return marks


def mark(text: str, tick: str | None = None) -> Marked:
    """The key mark of one option's first-line text; ``tick``: its box or tick, if any."""
    if tick is not None:
        return Marked(text, "tick" if tick in syntax.TICKS else "", source=text)
    if not _MARK_CHARS.search(text):
        return Marked(text, source=text)  # most options
    if bold := syntax.WHOLE_BOLD.match(text):
        return Marked(bold.group(2).strip(), "bold", source=text)
    if "<" in text and (coloured := syntax.WHOLE_COLOURED.match(text)):
        return Marked((coloured.group(2) or coloured.group(4) or "").strip(), "colour", source=text)
    if text.endswith(("*", "✅", "✔", "\ufe0f")) and not text.endswith("**") and \
            (star := syntax.TRAILING_MARK.match(text)):
        return Marked(star.group(1), "star", source=text)
    lower = text.lower()
    partial = ("bold" if "**" in text or "__" in text else
               "colour" if "<span" in lower and "color" in lower or "<mark" in lower else "")
    return Marked(text, "", partial, text)


def list_options(stem: Body) -> ListOptions | None:
    """The list that holds the options: the last list of the question's text that marks a
    key, else its last list; None when the text holds no list. Lists after it (in an
    explanation) are part of the text after it."""
    lines = stem.lines
    code = _code_lines(lines)
    items = [(index, match) for index, line in enumerate(lines)
             if index not in code and (match := syntax.LIST_ITEM.match(line))]
    if not items:
        return None
    candidates = []
    while items:
        first, base = _last_list(lines, code, items)
        candidates.append(_cut(stem, code, [index for index, _ in items], first, base))
        if any(marked.mark for _, _, marked in candidates[-1].options):
            return candidates[-1]
        items = [(index, match) for index, match in items if index < first]
    return candidates[0]


def _cut(stem: Body, code: set[int], items: list[int], first: int, base: int) -> ListOptions:
    """The stem cut at the list that starts at line index ``first``; ``items``: the
    indexes of the stem's list items."""
    lines = stem.lines
    found = ListOptions(lines[:first])
    starts = []
    for index in items:  # the list's own items: up to the first text at its level
        if index >= first and _indent(lines[index]) == base and (not starts or not any(
                line.strip() for line in lines[_list_end(lines, code, starts[-1], base):index])):
            starts.append(index)
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else _list_end(lines, code, start, base)
        match = syntax.LIST_ITEM.match(lines[start])
        text = match.group("text").strip()
        tick = match.group("box") or match.group("tick") or match.group("alone")
        if text == ":":  # `- [ ] :` and a code block below: the option is the code
            text = ""
        body_lines = [text] + _trim(lines[start + 1:end])
        body = Body(stem.line + start, body_lines, match.start("text") + 1)
        if tick in syntax.TICKS and not match.group("box") and _tick_repeats(found, text):
            continue  # `✅ Paris` after `⬜ Paris`: the key, given by the option's text
        found.options.append((stem.line + start, body, mark(text, tick)))
    last = starts[-1] if starts else first
    end = _list_end(lines, code, last, base)
    rest = lines[end:]
    if any(line.strip() for line in rest):
        skip = next(i for i, line in enumerate(rest) if line.strip())
        found.after = Body(stem.line + end + skip, rest[skip:])
    return found


def _tick_repeats(found: ListOptions, text: str) -> bool:
    """Tick the earlier option whose text a `✅ text` line repeats, if there is one."""
    wanted = " ".join(text.casefold().split())
    for index, (line, body, marked) in enumerate(found.options):
        if " ".join(marked.text.casefold().split()) == wanted:
            found.options[index] = (line, body, Marked(marked.text, "tick", source=marked.source))
            return True
    return False


def _last_list(lines: list[str], code: set[int], items: list) -> tuple[int, int]:
    """Where the list holding the last item starts, and its items' indent: walking back over
    its items (a shallower item is the parent list) to the first text at the list's level."""
    item_lines = {index for index, _ in items}
    base = _indent(lines[items[-1][0]])
    first = items[-1][0]
    for index in range(items[-1][0], -1, -1):
        if index in code or not lines[index].strip():
            continue
        indent = _indent(lines[index])
        if index in item_lines and indent <= base:
            base, first = indent, index
        elif index not in item_lines and indent <= base and \
                not _continues_item(lines, index, item_lines):
            break  # text at the list's level: what comes before is the stem
    return first, base


def _continues_item(lines: list[str], index: int, items: set[int]) -> bool:
    """A lazy continuation: the line is in the same paragraph as an item's first line."""
    while index > 0 and lines[index - 1].strip():
        index -= 1
        if index in items:
            return True
    return False


def _list_end(lines: list[str], code: set[int], start: int, base: int) -> int:
    """The index after the last line of the item at ``start``: its indented continuation,
    the text right after its own (lazy continuation), and the code block an empty item
    (`- [ ] :`) introduces."""
    introduces_code = syntax.LIST_ITEM.match(lines[start]).group("text").strip() in ("", ":")
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if end in code:
            if (end - 1) in code or introduces_code or _indent(line) > base:
                end += 1  # inside a code block already taken, or one the item takes
                continue
            break
        if not line.strip():
            following = next((i for i in range(end, len(lines)) if lines[i].strip()), None)
            if following is None or _indent(lines[following]) <= base and \
                    (following not in code or not introduces_code):
                break  # what follows the blank lines is at the list's level: the item ends
            end += 1
            continue
        if _indent(line) > base:
            end += 1
            continue
        if (end - 1) not in code and lines[end - 1].strip() and not syntax.LIST_ITEM.match(line) \
                and not line.lstrip().startswith(">"):
            end += 1  # lazy continuation of the item's paragraph
            continue
        break
    return end


def _code_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines inside fenced code (the fences included)."""
    return set(range(len(lines))) - {index for index, _ in syntax.outside_code(lines)}


def _indent(line: str) -> int:
    """The columns of leading white space (a tab counts as four)."""
    expanded = line.expandtabs(4) if "\t" in line else line
    return len(expanded) - len(expanded.lstrip(" "))


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines
