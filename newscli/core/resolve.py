"""Finding the article a user named, by slug or by path."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from newscli.core.article import Article, is_below, load
from newscli.core.config import Config
from newscli.core.corpus import Corpus
from newscli.core.errors import ArticleError, NotFoundError


def looks_like_path(text: str) -> bool:
    return "/" in text or text.endswith(".md") or Path(text).is_file()


def find_article(name: str, corpus: Corpus, config: Config) -> Article:
    """The article, body included, with slug ``name`` (live before archived), or at path ``name``."""
    root: Path | None
    if looks_like_path(name):
        path, shown, archived, root = name, name, _is_archived(Path(name), config), None
    else:
        summary = corpus.by_slug().get(name)
        if summary is None:
            close = difflib.get_close_matches(name, [a.slug for a in corpus.articles], n=1, cutoff=0.6)
            hint = f"did you mean {close[0]}?" if close else "`newscli list --all` shows every slug"
            raise NotFoundError(f"no article with the slug {name!r} in {config.articles_dir}", hint=hint)
        path, shown, archived, root = summary.path, summary.shown, summary.archived, config.articles_dir
    loaded = load(path, shown, archived, config.timezone, root)
    if loaded.article is None:
        first = loaded.errors[0]
        raise ArticleError(
            first.message, path=first.path, line=first.line, column=first.column, hint=first.hint
        )
    return loaded.article


def _is_archived(path: Path, config: Config) -> bool:
    # realpath never raises: a loop of symbolic links is read (and reported) as a file, not a crash.
    return is_below(os.path.realpath(path), os.path.realpath(config.articles_dir / "archive"))
