"""Finding the article a user named, by slug or by path: for show, the editing commands, and restore."""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newscli.core.errors import ArticleError, NotFoundError, UsageError
from newscli.core.folder.corpus import Corpus
from newscli.core.reading.article import Article, is_below, load
from newscli.core.rules.config import Config
from newscli.i18n import N_, Message, _

if TYPE_CHECKING:
    from newscli.core.usecases.archive.folder import Folder


def looks_like_path(text: str) -> bool:
    return "/" in text or text.endswith(".md") or Path(text).is_file()


def find_article(name: str, corpus: Corpus, config: Config) -> Article:
    """The article, body included, with slug ``name`` (live before archived), or at path ``name``."""
    root: Path | None
    if looks_like_path(name):
        path, shown, archived, root = name, name, _is_archived(Path(name), config), None
    else:
        summary = corpus.by_slug().get(name)
        broken = None if summary is not None else _with_errors(name, corpus, config)
        if broken is not None:
            return broken
        if summary is None:
            raise unknown_slug(name, [a.slug for a in corpus.articles], config)
        path, shown, archived, root = summary.path, summary.shown, summary.archived, config.articles_dir
    loaded = load(path, shown, archived, config.timezone, root)
    if loaded.article is None:
        first = loaded.errors[0]
        raise ArticleError(
            first.message, path=first.path, line=first.line, column=first.column, hint=first.hint
        )
    return loaded.article


def _with_errors(name: str, corpus: Corpus, config: Config) -> Article | None:
    """The file with errors that is the article ``name`` (its front matter claims the slug, or its
    name is ``YYYY-MM-DD-<slug>.md``): refused naming its first problem, never an unknown slug."""
    path = file_with_errors(name, corpus)
    if path is None:
        return None
    loaded = load(str(path), str(path), _is_archived(path, config), config.timezone, None)
    if loaded.article is not None:  # fixed since the corpus was read
        return loaded.article
    first = loaded.errors[0]
    hint = first.hint or Message(
        "the file has errors: fix them first (`newscli edit {name}` opens it and saves it only "
        "when it is valid; `newscli validate {path}` lists every problem)",
        name=name,
        path=str(path),
    )
    raise ArticleError(first.message, path=first.path, line=first.line, column=first.column, hint=hint)


class CorpusOnce:
    """The folder as one use case reads it: read when a check first needs it, then the same for every
    check that follows (``new --supersedes OLD --superseded-by NEWER`` read it four times). Only
    where the folder may have changed meanwhile is it read again: under the slug lock, after the
    editor closed, after ``new`` wrote its file."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._corpus: Corpus | None = None

    def get(self) -> Corpus:
        if self._corpus is None:
            from newscli.core.folder.corpus import load_corpus

            self._corpus = load_corpus(self.config)
        return self._corpus


def locate(name: str, corpus: CorpusOnce) -> Path:
    """The file a user named by slug (live before archived) or by path: what the editing commands act on."""
    if looks_like_path(name):
        return Path(name)
    read = corpus.get()
    summary = read.by_slug().get(name)
    if summary is not None:
        return Path(summary.path)
    broken = file_with_errors(name, read)
    if broken is None:
        raise unknown_slug(name, [a.slug for a in read.articles], corpus.config)
    return broken


def file_with_errors(slug: str, corpus: Corpus) -> Path | None:
    """The file with errors that is the article ``slug``: its front matter claims the slug, or
    (TOML too broken to read) its name is ``YYYY-MM-DD-<slug>.md``. Such a file is there to be
    fixed (``edit`` opens it; the others say what is wrong), not an unknown slug."""
    from newscli.core.rules.naming import slug_of_name

    candidates = [
        entry
        for entry in corpus.failed
        if entry.summary is None
        and (entry.claimed_slug == slug or slug_of_name(os.path.basename(entry.shown)) == slug)
    ]
    live = [entry for entry in candidates if not entry.archived] or candidates
    if len(live) > 1:
        raise UsageError(
            Message(
                "several files with errors may be the article {slug}: {paths}; name one by its path",
                slug=slug,
                paths=", ".join(entry.shown for entry in live),
            )
        )
    return Path(live[0].shown) if live else None


def _is_archived(path: Path, config: Config) -> bool:
    # realpath never raises: a loop of symbolic links is read (and reported) as a file, not a crash.
    return is_below(os.path.realpath(path), os.path.realpath(config.articles_dir / "archive"))


@dataclass(frozen=True)
class RestoreTarget:
    """The file restore acts on, relative to the articles folder, and whether it was named by path."""

    rel: str
    by_path: bool


def restore_target(name: str, config: Config, folder: Folder) -> RestoreTarget:
    """The archived file named by path, bare file name or slug (else the live one with that slug)."""
    rel = _archived_by_path(name, folder)
    if rel is not None:
        return RestoreTarget(rel, True)
    return RestoreTarget(_archived_by_slug(name, config, folder), False)


def _archived_by_path(name: str, folder: Folder) -> str | None:
    """The archived file a user named by path (or bare file name); None for a slug."""
    from newscli.core.folder.discover import find_articles
    from newscli.core.usecases.archive.folder import is_archived_rel, safe_rel

    if not looks_like_path(name):
        return None
    archive_shown = folder.shown("archive") + "/"
    path = Path(name)
    if "/" not in name and not path.exists():
        # A bare file name, as `ls articles/archive/2022` shows it: look for it in the archive.
        found = [f.rel for f in find_articles(folder.root, live=False, archived=True) if f.path.name == name]
        if len(found) > 1:
            listed = ", ".join(folder.shown(rel) for rel in found)
            raise UsageError(
                Message(
                    "several archived files are named {name}: {listed}; name one by its path",
                    name=name,
                    listed=listed,
                )
            )
        if not found:
            raise UsageError(
                Message("no file named {name} in {archive_shown}", name=name, archive_shown=archive_shown)
            )
        return found[0]
    try:
        # realpath, not resolve(): a loop of links must not be a RuntimeError; the file is not followed.
        real_parent = Path(os.path.realpath(os.path.dirname(os.path.abspath(path))))
        rel = (real_parent / path.name).relative_to(os.path.realpath(folder.root)).as_posix()
    except (ValueError, OSError):
        rel = ""
    if not is_archived_rel(rel):
        raise UsageError(
            Message(
                "{name} is not in the archive folder {archive_shown}", name=name, archive_shown=archive_shown
            )
        )
    if not safe_rel(rel):
        raise UsageError(
            Message("{name} is not an article file (*.md, no name starting with . or _)", name=name)
        )
    return rel


def _archived_by_slug(name: str, config: Config, folder: Folder) -> str:
    """The archived file with slug ``name`` (else the live one), relative to the articles folder."""
    from newscli.core.folder.corpus import load_corpus

    corpus = load_corpus(config, live=True, archived=True)
    archived = [a for a in corpus.articles if a.archived and a.slug == name]
    if len(archived) > 1:
        paths = ", ".join(a.shown for a in archived)
        raise UsageError(
            Message(
                "several archived articles have the slug {name!r}: {paths}; name the file instead",
                name=name,
                paths=paths,
            )
        )
    if not archived:
        archived = [a for a in corpus.articles if not a.archived and a.slug == name][:1]
    if not archived:
        slugs = sorted({a.slug for a in corpus.articles if a.archived})
        hint = _did_you_mean(name, slugs, N_("`newscli list --archived` shows archived articles"))
        where = folder.shown("archive") + "/"
        raise NotFoundError(
            Message("no archived article with the slug '{slug}' in {folder}", slug=name, folder=where),
            hint=hint,
        )
    found = Path(archived[0].path)
    real_parent = Path(os.path.realpath(found.parent))
    try:
        return (real_parent / found.name).relative_to(os.path.realpath(folder.root)).as_posix()
    except ValueError:  # never followed out of the folder; a last guard all the same
        message = _("{path} is not inside the articles folder {folder}")
        raise UsageError(message.format(path=archived[0].shown, folder=folder.shown("."))) from None


def unknown_slug(name: str, slugs: Sequence[str], config: Config) -> NotFoundError:
    """The one refusal of a slug no article has, for every command that takes SLUG|PATH (restore says
    "no archived article" in the same shape): the slug in straight quotes, as typed, whatever it
    holds (``{name!r}`` turned a quote in it into Python's escapes and double quotes)."""
    hint = _did_you_mean(name, list(slugs), N_("`newscli list --all` shows every slug"))
    return NotFoundError(
        Message("no article with the slug '{slug}' in {folder}", slug=name, folder=config.articles_dir),
        hint=hint,
    )


def _did_you_mean(name: str, slugs: list[str], otherwise: str) -> Message:
    close = difflib.get_close_matches(name, slugs, n=1, cutoff=0.6)
    return Message("did you mean {slug}?", slug=close[0]) if close else Message(otherwise)
