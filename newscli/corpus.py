"""Loading every article of the articles folder once, with the lookups the commands need."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from newscli.article import Article, Loaded, load
from newscli.config import Config
from newscli.diagnostics import error
from newscli.discover import Found, find_articles, shown_root
from newscli.errors import ConfigError

if TYPE_CHECKING:  # the cache (pickle, hashlib) is imported only by the commands that use it
    from newscli.cache import FileCache


@dataclass
class Corpus:
    loaded: list[Loaded] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return [item.article for item in self.loaded if item.article is not None]

    @property
    def failed(self) -> list[Loaded]:
        """Files with at least one error (the article may still be usable)."""
        return [item for item in self.loaded if item.errors]

    def by_slug(self) -> dict[str, Article]:
        """Slug to article; on a duplicate slug, live wins over archived, then the first path."""
        table: dict[str, Article] = {}
        for article in sorted(self.articles, key=lambda a: (a.archived, a.shown), reverse=True):
            table[article.slug] = article
        return table


def load_found(found: Iterable[Found], config: Config) -> Corpus:
    return Corpus([load_one(item, config.timezone, config.articles_dir) for item in found])


def load_one(item: Found, tz: tzinfo, root: Path | None) -> Loaded:
    """One found file read and checked; a folder that could not be listed becomes its diagnostic."""
    if item.problem is not None:
        diag = error(item.shown, 1, 1, item.problem, "file-unreadable")
        return Loaded(item.shown, item.fspath, item.archived, None, (diag,))
    return load(item.fspath, item.shown, item.archived, tz, root)


def summary_cache(config: Config) -> FileCache:
    """The cache of summaries (articles without bodies) that list, show, new and archive share."""
    from newscli.cache import FileCache

    root = config.articles_dir
    return FileCache(root, f"summaries\0{config.timezone_name}\0{shown_root(root)}")


def load_summaries(found: Iterable[Found], config: Config) -> Corpus:
    """Like load_found, but articles without their bodies, served from the cache where it can."""
    from newscli.cache import stat_key

    root = config.articles_dir
    cache = summary_cache(config)
    loaded = []
    for item in found:
        try:
            info = None if item.problem is not None else os.lstat(item.fspath)
        except OSError:
            info = None
        if info is None or stat.S_ISLNK(info.st_mode):  # links are read each time: their target may change
            loaded.append(summarize(load_one(item, config.timezone, root)))
            continue
        key = stat_key(info)
        hit = cache.get(item.rel, key)
        if hit is None:
            hit = summarize(load_one(item, config.timezone, root))
            cache.put(item.rel, key, hit)
        loaded.append(hit)
    cache.save()
    return Corpus(loaded)


def summarize(item: Loaded) -> Loaded:
    """What list, new and archive need of a file: the article without its body, and the diagnostics."""
    article = replace(item.article, body=None) if item.article is not None else None
    return Loaded(item.shown, item.path, item.archived, article, item.diagnostics)


def load_corpus(config: Config, live: bool = True, archived: bool = True, bodies: bool = True) -> Corpus:
    """Every article file; ``bodies=False`` leaves out the bodies, which lets the cache serve them."""
    if not config.articles_dir.is_dir():
        where = f" (set in {config.source})" if config.source else ""
        raise ConfigError(
            f"the articles folder {config.articles_dir} does not exist{where}",
            hint="create it, or point --articles-dir (or articles_dir in newscli.toml) at the right folder",
        )
    found = find_articles(config.articles_dir, live=live, archived=archived)
    return load_found(found, config) if bodies else load_summaries(found, config)
