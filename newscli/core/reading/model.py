"""The typed article: what reading a file makes of it, and what the other layers are given.

``Fields`` are the checked values (a named tuple: made in C, and list and validate need only some);
``Loaded`` is one file read, its fields and its problems; ``Summary`` is what listing and the
staleness rules need (and the metadata cache keeps); ``Article`` is the whole of it, for `show` and
the editing commands, made from ``Fields`` only when asked for.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, NamedTuple

from newscli.core.diagnostics import Diagnostic
from newscli.core.link import Link
from newscli.core.reading import frontmatter
from newscli.core.rules.durations import ArchiveAfter, Duration

KNOWN_KEYS = (
    "title",
    "slug",
    "date",
    "lastmod",
    "modified_by",
    "author",
    "lead",
    "tags",
    "draft",
    "language",
    "evergreen",
    "stale_after",
    "superseded_by",
    "image",
    "links",
    "reviewed",
    "reviewed_by",
    "archive_after",
)
_KNOWN = frozenset(KNOWN_KEYS)  # for look-ups: a key of every file is tested against it


@dataclass(frozen=True)
class Image:
    src: str
    alt: str
    caption: str | None = None


# slots: a folder may hold 100,000 articles, and a __dict__ per object would triple their memory.
@dataclass(frozen=True, slots=True)
class Summary:
    """What listing and the staleness rules need of an article: everything but its text."""

    shown: str  # the path as printed: relative to the current folder where shorter, or as named
    archived: bool
    title: str
    slug: str
    date: datetime
    lastmod: datetime | None = None
    modified_by: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False
    language: str | None = None
    evergreen: bool = False
    stale_after: Duration | None = None
    superseded_by: str | None = None
    reviewed: datetime | None = None  # an editor confirmed it is still correct (`newscli review`)
    reviewed_by: str | None = None
    archive_after: ArchiveAfter | None = None  # its own archiving threshold, or NEVER

    @property
    def path(self) -> str:
        """The file to open: the printed path works from the current folder (one string, not two,
        for each of 100,000 articles)."""
        return self.shown


# The fields a Summary holds beyond where its file is: what the metadata cache stores.
SUMMARY_FIELDS = tuple(f.name for f in fields(Summary))[2:]


@dataclass(frozen=True, slots=True)
class Article(Summary):
    """The whole article, as `show` presents it."""

    lead: str | None = None
    image: Image | None = None
    links: tuple[Link, ...] = ()
    body: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def summary(self) -> Summary:
        return Summary(self.shown, self.archived, *(getattr(self, f) for f in SUMMARY_FIELDS))


class Fields(NamedTuple):
    """An article's checked field values, in Article's order from ``title`` to ``links``: what
    reading a file makes of it. A tuple (made in C) rather than the Article: list and validate
    need only some of it, and a frozen dataclass costs some 100 ns a field to make (2.5 µs for an
    Article, a twentieth of reading a file)."""

    title: str
    slug: str
    date: datetime
    lastmod: datetime | None
    modified_by: str | None
    author: str | None
    tags: tuple[str, ...]
    draft: bool
    language: str | None
    evergreen: bool
    stale_after: Duration | None
    superseded_by: str | None
    reviewed: datetime | None
    reviewed_by: str | None
    archive_after: ArchiveAfter | None
    lead: str | None
    image: Image | None
    links: tuple[Link, ...]


SUMMARY_COUNT = len(SUMMARY_FIELDS)  # Fields[:SUMMARY_COUNT] are a Summary's values, in its order


@dataclass  # not frozen, as frontmatter.Document (and for its reason): one per file read
class Loaded:
    """One file read: the article's fields when its essential ones are usable, and every problem
    found; ``article`` is made from them when first asked for."""

    shown: str
    fspath: str  # where it was read from, as Found has it
    archived: bool
    fields: Fields | None
    diagnostics: tuple[Diagnostic, ...]
    document: frontmatter.Document | None = None
    data: Mapping[str, Any] | None = None
    # No byte of the file can start a control character or a TOML escape (``may_hold_control``):
    # the searches for them were skipped, and validate skips its own in the body.
    plain: bool = False

    @functools.cached_property
    def article(self) -> Article | None:
        fields, doc, data = self.fields, self.document, self.data
        if fields is None or doc is None or data is None:
            return None
        extra = {k: v for k, v in data.items() if k not in _KNOWN}
        return Article(self.shown, self.archived, *fields, body=doc.body, extra=extra)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)
