"""Pools in Moodle's two formats, written and read back the same way.

Moodle XML and GIFT hold questions in categories, never a quiz: a Moodle quiz
draws "N random questions from category X". So a pool is a subcategory of
its quiz's category, named by the pool's title, and what makes it a pool
travels with it: in Moodle XML the category's ``idnumber`` (the pool id) and
``info`` (a sentence saying the draw, for the teacher who opens the
category, and for our reader); in GIFT, whose categories carry neither, a
comment ``// pool: ID pick N`` in the ``$CATEGORY:`` block. The writers and
readers of both formats take these from here, so they cannot drift apart.
"""
from __future__ import annotations

import html
import re
from collections import Counter

from exporter.model import Pool, Quiz

_INFO_PICK = re.compile(r"each student draws (\d+) of these \d+ questions at random")
_GIFT_COMMENT = re.compile(r"//[ \t]*pool:[ \t]*(\S+)[ \t]+pick[ \t]+(\d+)[ \t]*\Z")


def quiz_category(quiz: Quiz) -> str:
    """The quiz's category below ``top``: its own, else its title (``//`` for a `/`)."""
    return quiz.category.strip("/ ") or quiz.title.replace("/", "//")


def pool_categories(quiz: Quiz) -> dict[str, str]:
    """Each pool's subcategory, by pool id: the quiz's category, then the pool's title, and
    its id too where another pool of the quiz has that title (Moodle would make the two one
    category). Made once for all the pools: each name depends on the others."""
    pools = quiz.pools()
    names = [_category_name(pool) for pool in pools]
    taken = Counter(names)
    categories = {}
    for pool, name in zip(pools, names):
        if taken[name] > 1:
            name = f"{name} ({pool.id})"
        categories[pool.id] = f"{quiz_category(quiz)}/{name.replace('/', '//')}"
    return categories


def _category_name(pool: Pool) -> str:
    """The pool's title as a category name: a `/` at either end cannot be told from the
    path's own separator (`//` is a slash inside a name), so it goes; an empty name is the id."""
    return pool.title.strip("/ ") or pool.id


def pool_info(pool: Pool) -> str:
    """The category's description, as HTML: what the category is, and the step left to do."""
    size = len(pool.questions)
    return (f"<p>Pool {html.escape(pool.id)}: each student draws {pool.pick} of these {size} "
            f"questions at random. In the quiz, add {pool.pick} random "
            f"question{'s' * (pool.pick != 1)} from this category.</p>")


def pick_in_info(text: str) -> int | None:
    """The pick a category's description states, if :func:`pool_info` wrote it."""
    found = _INFO_PICK.search(" ".join(text.split()))
    return int(found.group(1)) if found else None


def manual_step(pool: Pool, category: str) -> str:
    """What the teacher does in Moodle, which no Moodle file can do for them."""
    return (f"pool `{pool.id}` is the category `{category}`: in the Moodle quiz, "
            f"choose Add > a random question, that category, and {pool.pick} "
            f"question{'s' * (pool.pick != 1)}")


def order_lost(pool: Pool) -> str:
    """The warning for a pool whose order Moodle cannot keep (``shuffle=false``)."""
    return (f"Moodle draws each random question on its own, in no fixed order; shuffle=false "
            f"of pool `{pool.id}` is not kept there")


def gift_comment(pool: Pool) -> str:
    return f"// pool: {pool.id} pick {pool.pick}"


def read_gift_comment(comment: str) -> tuple[str, int] | None:
    """(id, pick) of a ``// pool: ID pick N`` comment."""
    found = _GIFT_COMMENT.match(comment.strip())
    return (found.group(1), int(found.group(2))) if found else None
