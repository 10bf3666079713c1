"""An article's name: its file is ``YYYY-MM-DD-<slug>.md`` (SPEC), and its slug is no other file's.

The date in the name is the publication day in the config's zone. ``new`` names the file so,
``publish`` renames a draft so, and ``edit`` and ``publish`` find a broken or half-renamed file by
it; ``new``, ``publish`` and ``edit`` refuse a slug another file has in the same words.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import date, datetime, tzinfo

from newscli.core.rules.timeutil import in_zone
from newscli.i18n import Message

NAME_MAX = 255  # bytes in a file name on every filesystem newsrooms use (ext4, APFS, NTFS)
LONGEST_SLUG = NAME_MAX - len("YYYY-MM-DD-.md")
_DATE_PREFIX = r"[0-9]{4}-[0-9]{2}-[0-9]{2}-"
# Any article's name: a date, then a slug of lower-case letters, digits and single hyphens.
NAME_PATTERN = re.compile(_DATE_PREFIX + r"[a-z0-9]+(?:-[a-z0-9]+)*\.md")


def file_name(when: date | datetime, slug: str, tz: tzinfo) -> str:
    """The name of the article published ``when`` (its day in ``tz``; a bare date is that day)."""
    return day_name(in_zone(when, tz).date(), slug)


def day_name(day: date, slug: str) -> str:
    """``YYYY-MM-DD-<slug>.md`` for a day already in the config's zone."""
    return f"{day.isoformat()}-{slug}.md"


def slug_of_name(name: str) -> str:
    """The slug a file's name says: ``YYYY-MM-DD-<slug>.md`` without its date and ending."""
    return re.sub("^" + _DATE_PREFIX, "", name.removesuffix(".md"))


def is_dated_name(name: str, slug: str) -> bool:
    """``name`` is ``YYYY-MM-DD-<slug>.md`` for this slug, whatever the day."""
    return re.fullmatch(_DATE_PREFIX + re.escape(slug) + r"\.md", name) is not None


def slug_taken(
    slug: str, slugs: Iterable[tuple[str, str]], mine: str | os.PathLike[str] | None = None
) -> Message | None:
    """Why ``slug`` cannot be this article's: the file (live or archived) that already has it, or
    None. ``slugs`` are (slug, path as shown) of the folder; ``mine``, the file being changed, is
    not another one, under whatever name it is reached (compared by real path)."""
    real = None if mine is None else os.path.realpath(mine)
    for other, shown in slugs:
        if other == slug and (real is None or os.path.realpath(shown) != real):
            return Message("the slug {slug} is already used by {path}", slug=slug, path=shown)
    return None
