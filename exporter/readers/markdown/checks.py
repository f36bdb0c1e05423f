"""Checks on a question's Markdown texts: math delimiters and images.

They use the renderer's own tokenizer and image resolver, so `check` flags
exactly what `build` would trip on, at the line and column of the source.
"""
from __future__ import annotations

import re
from pathlib import Path

from exporter.diagnostics import Reporter
from exporter.model import Question, ShortAnswer
from exporter.readers.markdown import syntax
from exporter.render.images import ImageError, all_images, resolve_image
from exporter.render.mathspans import UnbalancedMath, prose_spans, split_math


# Raw HTML that the sanitiser removes from every output; the author should know.
_UNSAFE_HTML = re.compile(
    r"<\s*(script|iframe|object|embed|style|form|input|button|link|meta|base|frame|frameset)\b"
    r"|\s(on[a-z]+)\s*=|(javascript|vbscript)\s*:", re.IGNORECASE)
# Characters one of the checks below needs to find anything at all
_CHECKED = re.compile(r"[$\\<!`=:]")


def check_text(text: str, line: int, column: int, base_dir: Path, report: Reporter) -> None:
    """Report unbalanced math and bad images in one part's text.

    ``line`` and ``column`` say where the text's first character stands in
    the source, so offsets can be turned back into positions.
    """
    if not _CHECKED.search(text):
        return  # no math, code, HTML, link or image could be in it: most options

    def position(offset: int) -> tuple[int, int]:
        before = text[:offset]
        newlines = before.count("\n")
        if newlines:
            return line + newlines, offset - before.rfind("\n")
        return line, column + offset

    # each check only where its characters are: math and code are everywhere in some banks
    # (options of `$x$`, `` `5` ``), and scanning such a text three times for nothing cost
    # reading a 5,000-question bank 6% of its time
    if "$" in text or "\\" in text:  # no delimiter, nothing to leave unclosed
        try:
            split_math(text)
        except UnbalancedMath as exc:
            at_line, at_column = position(exc.offset)
            report.error(at_line, f"unbalanced math: `{exc.delimiter}` is never closed "
                                  "(write `\\$` for a literal dollar sign)", at_column)
    if "<" in text or "=" in text or ":" in text:  # what every _UNSAFE_HTML match holds
        for start, end in prose_spans(text):
            for match in _UNSAFE_HTML.finditer(text, start, end):
                what = (f"<{match.group(1).lower()}>" if match.group(1) else
                        f"{match.group(2).lower()}= attribute" if match.group(2) else
                        f"{match.group(3).lower()}: link")
                at_line, at_column = position(match.start() if not match.group(2)
                                              else match.start(2))
                report.warning(at_line, f"raw HTML {what} is removed from every output: "
                                        "it is unsafe in an LMS page", at_column)
    if "!" not in text and "<" not in text:  # neither `![...](...)` nor `<img>`
        return
    for image in all_images(text):
        try:
            resolve_image(base_dir, image.src)
        except ImageError as exc:
            at_line, at_column = position(image.offset)
            report.error(at_line, str(exc), at_column)


def check_question_text(question: Question, report: Reporter) -> None:
    """What a careful reader would tell the author: a stem with no words outside code (its
    question was lost), options that are only placeholders for missing images."""
    stem = question.stem
    if ("```" in stem or "~~~" in stem or "![" in stem) and not any(
            syntax.WORD.search(syntax.IMAGE.sub("", stem[start:end]))
            for start, end in prose_spans(stem)):
        report.warning(question.line, "this question's text is only code or images, with no "
                                      "words: the question itself may be missing")
    if isinstance(question.answer, ShortAnswer):
        shown = next((text for text in question.answer.accepted
                      if len(text) >= 5 and text.casefold() in stem.casefold()), None)
        if shown:
            report.warning(question.line, f"the answer `{shown}` stands in the question's own "
                                          "text, where students can read it off: is the question "
                                          "complete?")
    texts = [option.text.strip() for option in question.options]
    if len(texts) > 1 and all(syntax.PLACEHOLDER.match(text) for text in texts):
        report.warning(question.line, f"the options are only placeholders (`{texts[0]}`, "
                                      f"`{texts[1]}`, ...): the images or text they stood for "
                                      "are missing")
