"""Finding the article a user named, by slug or by path: for show, the editing commands, and restore."""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newscli.core.errors import ArticleError, NotFoundError, UsageError
from newscli.core.folder.corpus import Corpus, Entry
from newscli.core.folder.discover import ARCHIVE_DIR, shown_root
from newscli.core.reading.article import is_below
from newscli.core.reading.model import Loaded
from newscli.core.rules.config import Config
from newscli.i18n import N_, Message, _

if TYPE_CHECKING:
    from newscli.core.usecases.archive.folder import Folder


def looks_like_path(text: str) -> bool:
    # os.path.isfile, not Path.is_file: a name the file system refuses (longer than a file name
    # may be: ENAMETOOLONG) is no file and so a slug, where Path.is_file raised it (exit 70).
    return "/" in text or text.endswith(".md") or os.path.isfile(text)


@dataclass(frozen=True)
class Named:
    """The file a user named with a ``SLUG|PATH`` argument: the path to open, as shown, where it is,
    and how it was found. Nothing of it is read yet: each command reads it as it needs (``show``
    with the safe read, the editing commands with the snapshot their write is checked against)."""

    path: Path
    shown: str
    archived: bool
    by_path: bool  # named by its path, not found in the folder: read wherever it is
    with_errors: bool = False  # found by slug among the files with errors (:func:`file_with_errors`)


def find(name: str, corpus: CorpusOnce, archived_first: bool = False) -> Named:
    """The one resolver of a ``SLUG|PATH`` argument, for every command that takes one.

    A path (it has a ``/``, ends in ``.md`` or is a file) is taken as named. A slug is the article
    with that slug, live before archived; else the file with errors that is that article
    (:func:`file_with_errors`: there to be fixed, never an unknown slug); else :func:`unknown_slug`.
    ``archived_first`` (``restore``): archived before live, several archived ones with the slug
    refused, and an unknown slug is "no archived article".
    """
    config = corpus.config
    if looks_like_path(name):
        path = Path(name)
        return Named(path, name, _is_archived(path, config), by_path=True)
    read = corpus.get()
    if archived_first:
        archived = _archived_one(name, read)
        if archived is not None:
            return archived
    summary = read.by_slug().get(name)
    if summary is not None:
        return Named(Path(summary.path), summary.shown, summary.archived, by_path=False)
    broken = file_with_errors(name, read)
    if broken is not None:
        return _broken(broken)
    if archived_first:
        slugs = sorted({a.slug for a in read.articles if a.archived})
        hint = _did_you_mean(name, slugs, N_("`newscli list --archived` shows archived articles"))
        base = shown_root(config.articles_dir)  # as the archive's Folder shows it
        where = ("" if base == "." else base.rstrip("/") + "/") + ARCHIVE_DIR + "/"
        raise NotFoundError(
            Message("no archived article with the slug '{slug}' in {folder}", slug=name, folder=where),
            hint=hint,
        )
    raise unknown_slug(name, [a.slug for a in read.articles], config)


def _archived_one(name: str, corpus: Corpus) -> Named | None:
    """restore's article: the one archived article with slug ``name`` (several are refused), else the
    archived file with errors that is that article."""
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
    if archived:
        return Named(Path(archived[0].path), archived[0].shown, True, by_path=False)
    broken = file_with_errors(name, corpus, archived_only=True)
    return _broken(broken) if broken is not None else None


def _broken(entry: Entry) -> Named:
    return Named(Path(entry.shown), entry.shown, entry.archived, by_path=False, with_errors=True)


# The rules of a file not read (article.read_bytes): nothing in it to fix.
_NOT_READ = frozenset({"file-not-regular", "file-too-large", "file-unreadable"})


def refuse_with_errors(loaded: Loaded, name: str) -> ArticleError:
    """The one refusal of a file with errors, for every command that takes ``SLUG|PATH`` (``edit``
    opens it instead): its first problem as validate says it and, where that has no hint of its
    own, how to fix it."""
    first = loaded.errors[0]
    if first.hint is not None or first.rule in _NOT_READ:
        # A file that could not be read at all: `edit` could not open it either.
        return ArticleError(
            first.message, path=first.path, line=first.line, column=first.column, hint=first.hint
        )
    hint = Message(
        "the file has errors: fix them first (`newscli edit {name}` opens it and saves it only "
        "when it is valid; `newscli validate {path}` lists every problem)",
        name=name,
        path=first.path,
    )
    return ArticleError(first.message, path=first.path, line=first.line, column=first.column, hint=hint)


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


def file_with_errors(slug: str, corpus: Corpus, archived_only: bool = False) -> Entry | None:
    """The file with errors that is the article ``slug`` (live before archived; ``archived_only``:
    an archived one): its front matter claims the slug, or (TOML too broken to read) its name is
    ``YYYY-MM-DD-<slug>.md``. Such a file is there to be fixed (``edit`` opens it; the others say
    what is wrong), not an unknown slug."""
    from newscli.core.rules.naming import slug_of_name

    candidates = [
        entry
        for entry in corpus.failed
        if entry.summary is None
        and (not archived_only or entry.archived)
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
    return live[0] if live else None


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
    named = find(name, CorpusOnce(config), archived_first=True)
    if named.by_path:
        return RestoreTarget(_archived_by_path(name, folder), True)
    return RestoreTarget(_rel_in(named, folder), False)


def _archived_by_path(name: str, folder: Folder) -> str:
    """The archived file a user named by path (or bare file name)."""
    from newscli.core.folder.discover import find_articles
    from newscli.core.usecases.archive.folder import is_archived_rel, safe_rel

    archive_shown = folder.shown("archive") + "/"
    path = Path(name)
    if "/" not in name and not os.path.exists(path):  # never raises, as looks_like_path
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


def _rel_in(named: Named, folder: Folder) -> str:
    """The file found by slug, relative to the articles folder."""
    real_parent = Path(os.path.realpath(named.path.parent))
    try:
        return (real_parent / named.path.name).relative_to(os.path.realpath(folder.root)).as_posix()
    except ValueError:  # never followed out of the folder; a last guard all the same
        message = _("{path} is not inside the articles folder {folder}")
        raise UsageError(message.format(path=named.shown, folder=folder.shown("."))) from None


def unknown_slug(name: str, slugs: Sequence[str], config: Config) -> NotFoundError:
    """The one refusal of a slug no article has, for every command that takes SLUG|PATH (restore,
    :func:`find` with ``archived_first``, says "no archived article" in the same shape): the slug
    in straight quotes, as typed, whatever it holds (``{name!r}`` turned a quote in it into
    Python's escapes and double quotes)."""
    hint = _did_you_mean(name, list(slugs), N_("`newscli list --all` shows every slug"))
    return NotFoundError(
        Message("no article with the slug '{slug}' in {folder}", slug=name, folder=config.articles_dir),
        hint=hint,
    )


def _did_you_mean(name: str, slugs: list[str], otherwise: str) -> Message:
    close = difflib.get_close_matches(name, slugs, n=1, cutoff=0.6)
    return Message("did you mean {slug}?", slug=close[0]) if close else Message(otherwise)
