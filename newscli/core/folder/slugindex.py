"""The slugs and tags of each part of an articles folder (live, archived), for shell completion.

Written beside the metadata cache whenever a command has read a whole part of the folder (only
when it changed), and read by completion without starting the command line or reading an article:
one small file, so a completion at 10,000 articles stays far below the 0.2 s a person notices.
A missing or unreadable index only means the completion reads the folder as ``list`` does.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

# Not typing.TYPE_CHECKING: completion imports this module, and typing alone costs it milliseconds.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from newscli.core.rules.config import Config

# An index larger than this is not read (completion reads the folder instead): 7 MB for the live
# part of 100,000 articles of the benchmark's corpus, so 64 MiB leaves room for 9 times as much.
MAX_INDEX_BYTES = 64 * 1024 * 1024


class Part(StrEnum):
    """A part of an articles folder: the live articles, or those in archive/. The value names the
    part's index file (``<folder>-live.slugs``) and is in the summaries cache's identity."""

    LIVE = "live"
    ARCHIVED = "archived"


def index_path(config: Config, part: Part) -> Path | None:
    """Beside the metadata cache (``config.cache_dir``); None when there is no cache."""
    return path_in(config.cache_dir, config.articles_dir, part)


def path_in(cache_dir: Path | None, articles_dir: Path, part: Part) -> Path | None:
    """The index of ``articles_dir``'s part in ``cache_dir`` (completion knows no Config)."""
    if cache_dir is None:
        return None
    import hashlib  # here: a run without the cache hashes nothing; its import is 2-3 ms

    name = hashlib.sha256(os.path.realpath(articles_dir).encode()).hexdigest()[:24]
    return cache_dir / f"{name}-{part}.slugs"


def _folders(root: Path, paths: Iterable[str]) -> list[str]:
    """The part's root and every folder between it and an article: a file added, removed or renamed
    in any of them changes that folder's mtime, which tells a reader the index is out of date."""
    top = os.path.abspath(root)
    folders = {top}
    # Made absolute once per folder, not per article: abspath asks the system for the current folder
    # each time (37 of a warm list's ~450 ms at 10,000 articles). The same folders: for a path that
    # ends in a name, the folder of its absolute path is the absolute path of its folder.
    seen: dict[str, None] = {}
    for path in paths:
        parent, name = os.path.split(path)
        if name in ("", ".", ".."):
            folder = os.path.dirname(os.path.abspath(path))
        elif parent in seen:
            continue
        else:
            seen[parent] = None
            folder = os.path.abspath(parent)
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


def part_root(articles_dir: Path, part: Part) -> Path:
    from newscli.core.folder.discover import ARCHIVE_DIR

    return articles_dir / ARCHIVE_DIR if part is Part.ARCHIVED else articles_dir


def store(config: Config, part: Part, entries: Iterable[tuple[str, Iterable[str], str]]) -> None:
    """Replace the part's index (``entries``: slug, tags, path) when it changed; never raises."""
    path = index_path(config, part)
    if path is None:
        return
    from newscli.core.folder.cachedir import racy_cutoff_ns, replace_quietly

    items = list(entries)
    folders = _folders(part_root(config.articles_dir, part), (where for _, _, where in items))
    # As the metadata cache does: a folder changed within the racy window may change again unseen in
    # the same clock tick, so no index is kept for it (completion then reads the folder).
    racy = racy_cutoff_ns()
    if any((_mtime(folder) or 0) > racy for folder in folders):
        return
    data = encode(((slug, tags) for slug, tags, _ in items), folders)
    if _read_bytes(path) == data:
        return
    replace_quietly(path, (data,))  # unwritable: completion reads the folder instead


def _read_bytes(path: Path) -> bytes | None:
    """The index's bytes; None when it is missing, or refused by the safe read: a FIFO or a link
    planted in a shared cache folder must not hang a run or lead it elsewhere."""
    from newscli.core.reading import saferead

    try:
        return saferead.read(path, max_bytes=MAX_INDEX_BYTES)[0]
    except saferead.Refused:
        return None


def read(config: Config, part: Part) -> list[tuple[str, list[str]]] | None:
    """The part's (slug, tags); None when there is no index, or a folder changed since it was written."""
    return read_index(index_path(config, part))


def read_index(path: Path | None, prefix: str = "") -> list[tuple[str, list[str]]] | None:
    """The (slug, tags) in the index at ``path`` whose slug starts with ``prefix``; None when there
    is no index, or a folder changed since it was written."""
    if path is None:
        return None
    data = _read_bytes(path)
    if data is None:
        return None
    try:
        text = data.decode("utf-8")  # from bytes: a tag's carriage return stays in the tag
    except UnicodeDecodeError:
        return None
    start = 0
    while text.startswith("/", start):  # the folders' lines come first (no slug starts with /)
        end = text.find("\n", start)
        fields = text[start:end].split("\t")
        if end < 0 or len(fields) != 3 or str(_mtime(fields[1])) != fields[2]:
            return None
        start = end + 1
    if prefix:  # the few lines asked for, found by the regular-expression engine, not line by line
        import re

        lines = re.findall(f"^{re.escape(prefix)}.*", text[start:], re.MULTILINE)
    else:
        lines = text[start:].split("\n")[:-1]
    return [(slug, tags) for slug, *tags in (line.split("\t") for line in lines)]


def entries(config: Config, live: bool, archived: bool) -> list[tuple[str, list[str]]]:
    """(slug, tags) of the parts asked for: from the index, else by reading the part (which writes it)."""
    result: list[tuple[str, list[str]]] = []
    for part, wanted in ((Part.LIVE, live), (Part.ARCHIVED, archived)):
        if not wanted:
            continue
        found = read(config, part)
        if found is None:
            from newscli.core.folder.corpus import load_corpus

            corpus = load_corpus(config, live=part is Part.LIVE, archived=part is Part.ARCHIVED)
            found = [(a.slug, list(a.tags)) for a in corpus.articles]
        result += found
    return result
