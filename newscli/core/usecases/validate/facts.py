"""One file's facts: what validate needs of a file, made once, and kept in the metadata cache.

``FileFacts`` hold the file's own problems (reading, fields, warnings) and the few values the checks
across files look at (slug, successor, date, tags, and their lines). They are made on both cores on
a first run, crossing the pipe as plain values, and cached as a column per field, so a warm run
reads only the files that changed. Key lines are looked up only where a problem needs them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from newscli.core.diagnostics import Diagnostic
from newscli.core.folder.corpus import load_one
from newscli.core.folder.discover import Found, shown_root
from newscli.core.reading.fields import SLUG_PATTERN
from newscli.core.reading.frontmatter import Document, key_line
from newscli.core.reading.model import Loaded
from newscli.core.rules.config import Config
from newscli.core.rules.template import Placeholders, read_placeholders
from newscli.core.usecases.validate.checks import file_warnings

if TYPE_CHECKING:
    from datetime import tzinfo

    from newscli.core.folder.cache import Codec, FileCache, Key

_NO_PLACEHOLDERS = Placeholders()


# slots: 100,000 of them, a __dict__ each was 10 MB more. Not frozen, though nothing changes them:
# a frozen dataclass sets each field through object.__setattr__ (a call that builds a tuple), 1.5 us
# an object, and the parent of a first run makes the child's 5,000 after the child is done.
@dataclass(slots=True)
class FileFacts:
    """What validate needs of one file: its own problems, and what the cross-file rules look at."""

    shown: str
    archived: bool
    diagnostics: tuple[Diagnostic, ...]  # the file's own: reading, fields, warnings
    slug: str | None  # the slug it claims, even when other fields are wrong
    successor: str | None
    slug_line: int
    successor_line: int
    date: datetime | None = None  # publication time, when the article is usable
    tags: tuple[str, ...] = ()
    tags_line: int = 1

    def __reduce__(self) -> tuple[type[FileFacts], tuple[Any, ...]]:
        # How the child of a first run sends them (parallel.on_both_cores): as the class and its
        # values. A slotted dataclass's own pickling calls dataclasses.fields() for each object,
        # both ways: a fifth of the time the parent spent on the child's half.
        return FileFacts, _FACT_VALUES(self)


_FACT_VALUES = attrgetter(*(f.name for f in dataclasses.fields(FileFacts)))


def facts(item: Loaded, config: Config, placeholders: Placeholders = _NO_PLACEHOLDERS) -> FileFacts:
    slug, successor, doc = _slug(item), _successor(item), item.document
    fields = item.fields  # the checked values, not the Article: validate needs three of them
    tags = fields.tags if fields is not None else ()
    return FileFacts(
        item.shown,
        item.archived,
        (*item.diagnostics, *file_warnings(item, config, placeholders)),
        slug,
        successor,
        _line(doc, "slug") if doc is not None and slug is not None else 1,
        key_line(doc, "superseded_by") if doc is not None and successor is not None else 1,
        fields.date if fields is not None else None,
        tags,
        _line(doc, "tags") if doc is not None and tags else 1,
    )


def _line(doc: Document, key: str) -> int:
    """key_line's answer, found with one search where the key starts a line (nearly always)."""
    text = doc.toml
    at = 0 if text.startswith(key) else text.find("\n" + key) + 1
    if at > 0 or text.startswith(key):
        rest = text[at + len(key) : at + len(key) + 8].lstrip(" \t")
        if rest.startswith("="):
            return doc.toml_line + text.count("\n", 0, at)
    return key_line(doc, key)


def _facts_codec(tz: tzinfo) -> Codec[FileFacts]:
    """FileFacts as plain data: a column per field, each checked."""
    from newscli.core.folder.cache import Codec, record_codec

    values = record_codec(FileFacts, 0, tz)
    names = tuple(f.name for f in dataclasses.fields(FileFacts))

    def facts_of(record: tuple[Any, ...]) -> FileFacts:
        return FileFacts(*record)

    return Codec(
        values.schema,
        lambda batch: values.encode([tuple(getattr(item, n) for n in names) for item in batch]),
        lambda data, n: list(map(facts_of, values.decode(data, n))),
    )


class FactsCache:
    """FileFacts of the articles folder's files, from the metadata cache where they are unchanged."""

    def __init__(self, config: Config) -> None:
        from newscli.core.folder.cache import FileCache

        self.config = config
        self.placeholders = read_placeholders(config.articles_dir)
        settings = "\0".join(
            [
                "validate",
                config.timezone_name,
                shown_root(config.articles_dir),
                self.placeholders.identity(),  # body-template's findings depend on the template
                *sorted(config.extra_keys),
            ]
        )
        self.cache: FileCache[FileFacts] = FileCache(
            config.cache_dir, config.articles_dir, settings, _facts_codec(config.timezone)
        )

    def __enter__(self) -> FactsCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cache.save()

    def all_facts(self, found: Sequence[Found]) -> list[FileFacts]:
        """Facts of every file, in order; the files the cache cannot answer for are read on both
        cores when there are many of them (a first run, or CI's fresh clone)."""
        from newscli.core.folder.cache import file_key

        results: list[FileFacts | None] = []
        misses: list[tuple[int, Found, Key | None]] = []
        # No stat when nothing is cached (NEWSCLI_CACHE=0): a system call per file for nothing.
        caching = self.cache.path is not None
        for item in found:
            key = None if item.problem is not None or not caching else file_key(item.fspath)
            hit = self.cache.get(item.rel, key) if key is not None else None
            if hit is None:
                misses.append((len(results), item, key))
                hit = None
            results.append(hit)
        read = _read_facts([item for _, item, _ in misses], self.config, self.placeholders)
        for (index, item, key), fresh in zip(misses, read, strict=True):
            results[index] = fresh
            if key is not None:
                self.cache.put(item.rel, key, fresh)
        return [r for r in results if r is not None]


def _facts_of(found: Sequence[Found], config: Config, placeholders: Placeholders) -> list[FileFacts]:
    root = config.articles_dir
    return [facts(load_one(item, config.timezone, root, True), config, placeholders) for item in found]


def _read_facts(found: Sequence[Found], config: Config, placeholders: Placeholders) -> list[FileFacts]:
    """``_facts_of`` on both cores when the list is long (a first run, or CI's fresh clone)."""
    from newscli.core.folder.parallel import on_both_cores

    return on_both_cores(lambda items: _facts_of(items, config, placeholders), found)


def _slug(item: Loaded) -> str | None:
    """The slug a file claims, even when other fields are wrong (so one typo does not cascade)."""
    slug = item.data.get("slug") if item.data is not None else None
    return slug if isinstance(slug, str) and SLUG_PATTERN.fullmatch(slug) else None


def _successor(item: Loaded) -> str | None:
    value = item.data.get("superseded_by") if item.data is not None else None
    return value if isinstance(value, str) else None
