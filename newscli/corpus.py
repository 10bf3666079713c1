"""Loading every article of the articles folder once, with the lookups the commands need."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from newscli.article import Article, Loaded, load
from newscli.config import Config
from newscli.diagnostics import error
from newscli.discover import Found, find_articles
from newscli.errors import ConfigError


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
        return Loaded(item.shown, item.path, item.archived, None, (diag,))
    return load(item.path, item.shown, item.archived, tz, root)


def load_corpus(config: Config, live: bool = True, archived: bool = True) -> Corpus:
    if not config.articles_dir.is_dir():
        where = f" (set in {config.source})" if config.source else ""
        raise ConfigError(
            f"the articles folder {config.articles_dir} does not exist{where}",
            hint="create it, or point --articles-dir (or articles_dir in newscli.toml) at the right folder",
        )
    return load_found(find_articles(config.articles_dir, live=live, archived=archived), config)
