"""The slugs and tags of each part of an articles folder (live, archived), for shell completion.

Written beside the metadata cache whenever a command has read a whole part of the folder (only
when it changed), and read by completion without starting the command line or reading an article:
one small file, so a completion at 10,000 articles stays far below the 0.2 s a person notices.
A missing or unreadable index only means the completion reads the folder as ``list`` does.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from newscli.core.discover import ARCHIVE_DIR

if TYPE_CHECKING:
    from newscli.core.config import Config

PARTS = ("live", "archived")


def index_path(config: Config, part: str) -> Path | None:
    """Beside the metadata cache (``config.cache_dir``); None when there is no cache."""
    if config.cache_dir is None:
        return None
    name = hashlib.sha256(os.path.realpath(config.articles_dir).encode()).hexdigest()[:24]
    return config.cache_dir / f"{name}-{part}.slugs"


def _folders(root: Path, paths: Iterable[str]) -> list[str]:
    """The part's root and every folder between it and an article: a file added, removed or renamed
    in any of them changes that folder's mtime, which tells a reader the index is out of date."""
    top = os.path.abspath(root)
    folders = {top}
    for path in paths:
        folder = os.path.dirname(os.path.abspath(path))
        while folder.startswith(top + os.sep) and folder not in folders:
            folders.add(folder)
            folder = os.path.dirname(folder)
    return sorted(folders)


def _mtime(folder: str) -> int | None:
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return None


def encode(entries: Iterable[tuple[str, Iterable[str]]], folders: Iterable[str] = ()) -> bytes:
    """A line per folder (``/`` its path, its mtime), then per article the slug and its tags, separated
    by tabs (none of them holds a tab or a line break)."""
    head = [
        f"/\t{folder}\t{_mtime(folder)}" for folder in folders if "\t" not in folder and "\n" not in folder
    ]
    lines = sorted(
        "\t".join([slug, *(t for t in tags if "\t" not in t and "\n" not in t)]) for slug, tags in entries
    )
    return "".join(f"{line}\n" for line in [*head, *lines]).encode("utf-8")


def part_root(articles_dir: Path, part: str) -> Path:
    return articles_dir / ARCHIVE_DIR if part == "archived" else articles_dir


def store(config: Config, part: str, entries: Iterable[tuple[str, Iterable[str], str]]) -> None:
    """Replace the part's index (``entries``: slug, tags, path) when it changed; never raises."""
    path = index_path(config, part)
    if path is None:
        return
    from newscli.core import cache

    items = list(entries)
    folders = _folders(part_root(config.articles_dir, part), (where for _, _, where in items))
    # As the metadata cache does: a folder changed within the racy window may change again unseen in
    # the same clock tick, so no index is kept for it (completion then reads the folder).
    racy = time.time_ns() - int(cache.RACY_SECONDS * 1e9)
    if any((_mtime(folder) or 0) > racy for folder in folders):
        return
    data = encode(((slug, tags) for slug, tags, _ in items), folders)
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, path)
        except BaseException:
            os.unlink(temp)
            raise
    except OSError:
        pass  # an unwritable cache folder only makes completion read the folder


def read(config: Config, part: str) -> list[tuple[str, list[str]]] | None:
    """The part's (slug, tags); None when there is no index, or a folder changed since it was written."""
    path = index_path(config, part)
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    result = []
    for line in text.splitlines():
        first, *rest = line.split("\t")
        if first == "/":
            if len(rest) != 2 or str(_mtime(rest[0])) != rest[1]:
                return None
            continue
        result.append((first, rest))
    return result


def entries(config: Config, live: bool, archived: bool) -> list[tuple[str, list[str]]]:
    """(slug, tags) of the parts asked for: from the index, else by reading the part (which writes it)."""
    from newscli.core.corpus import load_corpus

    result: list[tuple[str, list[str]]] = []
    for part, wanted in (("live", live), ("archived", archived)):
        if not wanted:
            continue
        found = read(config, part)
        if found is None:
            corpus = load_corpus(config, live=part == "live", archived=part == "archived")
            found = [(a.slug, list(a.tags)) for a in corpus.articles]
        result += found
    return result
