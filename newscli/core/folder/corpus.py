"""Every article of the articles folder as list, new and show need it: summaries, from the cache."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscli.core.diagnostics import Diagnostic, error
from newscli.core.folder.discover import Found, find_articles, shown_root
from newscli.core.reading.article import load
from newscli.core.reading.model import SUMMARY_COUNT, SUMMARY_FIELDS, Loaded, Summary
from newscli.core.rules.config import Config, require_articles_dir

if TYPE_CHECKING:  # the cache (marshal, hashlib) is imported only when a command reads articles
    from newscli.core.folder.cache import Codec, FileCache, Key


@dataclass(frozen=True, slots=True)
class Entry:
    """One file: its summary when title, slug and date are usable, and its problems."""

    shown: str  # the path as printed; it opens the file from the current folder
    archived: bool
    summary: Summary | None
    diagnostics: tuple[Diagnostic, ...]
    claimed_slug: str | None = None  # the slug a file with errors claims: still taken, for `new`

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)


@dataclass
class Corpus:
    entries: list[Entry] = field(default_factory=list)

    @property
    def articles(self) -> list[Summary]:
        return [entry.summary for entry in self.entries if entry.summary is not None]

    @property
    def failed(self) -> list[Entry]:
        """Files with at least one error (the article may still be usable)."""
        return [entry for entry in self.entries if entry.diagnostics and entry.errors]

    def slugs(self) -> list[tuple[str, str]]:
        """(slug, path) of every file that claims one, readable or not: the slugs already taken."""
        taken = []
        for entry in self.entries:
            slug = entry.summary.slug if entry.summary is not None else entry.claimed_slug
            if slug is not None:
                taken.append((slug, entry.shown))
        return taken

    def by_slug(self) -> dict[str, Summary]:
        """Slug to article; on a duplicate slug, live wins over archived, then the first path."""
        table: dict[str, Summary] = {}
        for article in sorted(self.articles, key=lambda a: (a.archived, a.shown), reverse=True):
            table[article.slug] = article
        return table


def load_one(item: Found, tz: tzinfo, root: Path | None, quick_look: bool = False) -> Loaded:
    """One found file read and checked; a folder that could not be listed becomes its diagnostic.
    ``quick_look``: see ``article.load_bytes``."""
    if item.problem is not None:
        diag = error(item.shown, 1, 1, item.problem, "file-unreadable")
        return Loaded(item.shown, item.fspath, item.archived, None, (diag,))
    return load(item.fspath, item.shown, item.archived, tz, root, quick_look)


def successors(corpus: Corpus, config: Config, live: bool, archived: bool) -> dict[str, Summary]:
    """Every article by slug for the staleness rules: a successor may be in the part not loaded
    (a live article superseded by an archived one), which is then read too, but only if needed."""
    table = corpus.by_slug()
    if live and archived:
        return table
    missing = {a.superseded_by for a in corpus.articles if a.superseded_by and a.superseded_by not in table}
    if not missing:
        return table
    other = load_corpus(config, live=not live, archived=not archived).by_slug()
    return {**{slug: other[slug] for slug in missing if slug in other}, **table}


def load_corpus(config: Config, live: bool = True, archived: bool = True) -> Corpus:
    """Every article file of the folder, summarised; unchanged files come from the metadata cache."""
    require_articles_dir(config)
    corpus = Corpus(_entries(find_articles(config.articles_dir, live=live, archived=archived), config))
    _store_slug_index(config, corpus, live, archived)
    return corpus


def _store_slug_index(config: Config, corpus: Corpus, live: bool, archived: bool) -> None:
    """Keep shell completion's index of slugs and tags current (see newscli.core.folder.slugindex)."""
    from newscli.core.folder import slugindex
    from newscli.core.folder.slugindex import Part

    for part, wanted in ((Part.LIVE, live), (Part.ARCHIVED, archived)):
        if wanted:
            in_part = (a for a in corpus.articles if a.archived == (part is Part.ARCHIVED))
            slugindex.store(config, part, ((a.slug, a.tags, a.shown) for a in in_part))


def summary_cache(config: Config, archived: bool) -> FileCache[Packed]:
    """The cache of summaries that list, show, new and archive share: one for the live articles
    and one for archive/, so a run over one part neither reads nor forgets the other."""
    from newscli.core.folder.cache import FileCache
    from newscli.core.folder.slugindex import Part

    root = config.articles_dir
    # Diagnostics hold paths as printed, relative to the current folder: part of the cache's identity.
    part = Part.ARCHIVED if archived else Part.LIVE
    settings = f"summaries\0{part}\0{config.timezone_name}\0{shown_root(root)}"
    return FileCache(config.cache_dir, root, settings, packed_codec(config.timezone))


def _entries(found: Iterable[Found], config: Config) -> list[Entry]:
    """An entry per file, in order: from the cache where it answers, else read — on both cores
    when many files must be read (a first run, CI's fresh clone, every file changed)."""
    return _read_entries(found, config)


def _read_entries(found: Iterable[Found], config: Config) -> list[Entry]:
    from newscli.core.folder.cache import file_key
    from newscli.core.folder.parallel import on_both_cores_then

    entries: list[Entry | None] = []
    # The files to read, as parallel lists (100,000 of them: no tuple per file), and where to
    # store what is read: a cache and a key, or None where nothing is stored (caching off, a
    # symbolic link, a folder that could not be listed).
    at: list[int] = []
    unread: list[Found] = []
    store: list[tuple[FileCache[Packed], Key] | None] = []
    caches: dict[bool, FileCache[Packed]] = {}
    for item in found:
        cache = caches.get(item.archived)
        if cache is None:
            cache = caches[item.archived] = summary_cache(config, item.archived)
        caching = cache.path is not None and item.problem is None
        key = file_key(item.fspath) if caching else None
        if key is not None:
            packed = cache.get(item.rel, key)
            if packed is not None:
                entries.append(entry_of(item, packed))
                continue
        at.append(len(entries))
        unread.append(item)
        store.append((cache, key) if key is not None else None)
        entries.append(None)

    tz, root = config.timezone, config.articles_dir

    def read(items: Sequence[Found]) -> list[Packed]:
        return [pack(load_one(item, tz, root)) for item in items]

    def made(items: Sequence[Found], results: list[Packed]) -> list[Entry]:
        return list(map(entry_of, items, results))

    # The entries are made in this process (objects do not cross the pipe), those of its own half
    # while the child still reads: 10,000 of them took 40 ms with the other core idle.
    read_entries = on_both_cores_then(read, made, unread)
    if len(read_entries) != len(unread):
        raise AssertionError("an entry for each file read")
    # Taken from the end, each file's walk record and entry let go once it is placed: at 100,000
    # files, holding them all until the last entry was a third of the peak memory.
    while read_entries:
        index, item, where, entry = at.pop(), unread.pop(), store.pop(), read_entries.pop()
        if where is not None:
            where[0].put(item.rel, where[1], packed_of(entry))
        entries[index] = entry
    for cache in caches.values():
        cache.save()
    return [entry for entry in entries if entry is not None]


# What the cache stores of a file: the summary's values (not an object), its diagnostics and the
# slug a broken file claims; where the file is comes from the walk.
Packed = tuple[tuple[Any, ...] | None, tuple[Diagnostic, ...], str | None]


def packed_codec(tz: tzinfo) -> Codec[Packed]:
    """Packed, by column: which files have a summary (one byte each), the summaries' fields,
    every file's diagnostics and claimed slug; each column checked."""
    from newscli.core.folder.cache import BadEntry, Codec, diagnostics_codec, field_codec, record_codec

    values = record_codec(Summary, 2, tz)
    encode_diagnostics, _ = diagnostics_codec()
    _, _, diagnostics_column = field_codec("tuple[Diagnostic, ...]", tz)
    _, _, claimed_column = field_codec("str | None", tz)

    def encode(batch: Sequence[Packed]) -> Any:
        mask = bytes(summary is not None for summary, _, _ in batch)
        return (
            mask,
            values.encode([summary for summary, _, _ in batch if summary is not None]),
            tuple(encode_diagnostics(problems) for _, problems, _ in batch),
            tuple(claimed for _, _, claimed in batch),
        )

    def decode(data: Any, n: int) -> list[Packed]:
        mask, stored, problems, claimed = data
        if type(mask) is not bytes or len(mask) != n:
            raise BadEntry("not a mask of this many files")
        present = values.decode(stored, mask.count(1))
        if len(present) == n:
            summaries: list[tuple[Any, ...] | None] = list(present)
        else:  # files without a summary (broken ones) are rare: placed one by one
            given = iter(present)
            summaries = [next(given) if has else None for has in mask]
        return list(zip(summaries, diagnostics_column(problems, n), claimed_column(claimed, n), strict=True))

    return Codec(f"Packed({values.schema},Diagnostic*,str?)", encode, decode)


def pack(item: Loaded) -> Packed:
    fields = item.fields
    values = None if fields is None else fields[:SUMMARY_COUNT]  # no Article made: list needs none
    claimed = item.data.get("slug") if fields is None and item.data is not None else None
    return values, item.diagnostics, claimed if isinstance(claimed, str) else None


_SUMMARY_VALUES = attrgetter(*SUMMARY_FIELDS)  # one C call for the dozen fields, in order


def packed_of(entry: Entry) -> Packed:
    """What ``pack`` made of the file (``entry_of``'s inverse): what the cache stores."""
    summary = entry.summary
    values = None if summary is None else _SUMMARY_VALUES(summary)
    return values, entry.diagnostics, entry.claimed_slug


def entry_of(item: Found, packed: Packed) -> Entry:
    values, diagnostics, claimed = packed
    summary = None if values is None else Summary(item.shown, item.archived, *values)
    return Entry(item.shown, item.archived, summary, diagnostics, claimed)
