"""A cache of what reading each article file found, so repeated runs need one stat per file.

An entry is used only when the file's size, mtime, ctime, inode and device are all unchanged;
ctime cannot be set by programs, so any write, rename or copy over the file misses the cache.
A file whose ctime is less than ``RACY_SECONDS`` older than the moment the run began is not
stored at all (as git does with "racily clean" entries): a write in the same clock tick as our
read could otherwise go unnoticed. The cache lives in the user's cache folder, never in the
articles folder, so a read-only articles folder works, and every failure to read or write it
only means a slower run. ``NEWSCLI_CACHE=0`` turns it off; ``NEWSCLI_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import tempfile
import time
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from newscli import __version__

RACY_SECONDS = 2.0
_CHUNK = 5000
Key = tuple[int, int, int, int, int]


def cache_folder() -> Path | None:
    if os.environ.get("NEWSCLI_CACHE", "1") == "0":
        return None
    explicit = os.environ.get("NEWSCLI_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache" if Path.home() != Path("/") else None)
    return Path(base) / "newscli" if base else None


def stat_key(info: os.stat_result) -> Key:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def file_key(fspath: str) -> Key | None:
    """The key of a file the cache may answer for; None for what must be read every time: a
    symbolic link (its target may change) or a file that cannot be stat'ed."""
    try:
        info = os.lstat(fspath)
    except OSError:
        return None
    return None if stat.S_ISLNK(info.st_mode) else stat_key(info)


class FileCache:
    """Per-file results for one articles folder and one set of settings that shape them.

    Entries are taken out as they are used, so a run over 100,000 files never holds the whole
    cache and all its results at once; a run that must write the cache reads the file again.
    """

    def __init__(self, articles_dir: Path, settings: str, shape: Iterable[type]) -> None:
        """``shape``: the dataclasses whose instances or fields are stored; a change to any of them
        (a field added, renamed or retyped) must never meet an old cache, so it is part of its name."""
        self.started_ns = time.time_ns()
        self.entries: dict[str, tuple[Key, Any]] = {}
        self.stored = 0  # entries in the cache file when it was read
        self.hits: list[str] = []
        self.updates: dict[str, tuple[Key, Any] | None] = {}  # None: drop (too fresh to trust)
        self.path: Path | None = None
        folder = cache_folder()
        if folder is None:
            return
        schema = ";".join(
            f"{cls.__name__}:{','.join(f'{f.name}={f.type}' for f in fields(cls))}" for cls in shape
        )
        identity = f"{__version__}\0{schema}\0{os.path.realpath(articles_dir)}\0{settings}"
        self.path = folder / (hashlib.sha256(identity.encode()).hexdigest()[:24] + ".pickle")
        self.entries = self._read()
        self.stored = len(self.entries)

    def _read(self) -> dict[str, tuple[Key, Any]]:
        assert self.path is not None
        entries: dict[str, tuple[Key, Any]] = {}
        try:
            with self.path.open("rb") as handle:
                while True:
                    try:
                        chunk = pickle.load(handle)
                    except EOFError:
                        return entries
                    if not isinstance(chunk, dict):
                        return {}
                    entries.update(chunk)
        except Exception:  # noqa: BLE001 -- a missing, old or damaged cache only costs a full read
            return {}

    def get(self, name: str, key: Key) -> Any | None:
        entry = self.entries.pop(name, None)
        if entry is not None and entry[0] == key:
            self.hits.append(name)
            return entry[1]
        return None

    def keep(self, name: str) -> None:
        """Leave ``name``'s entry as it is (the file was read another way this run)."""
        if self.entries.pop(name, None) is not None:
            self.hits.append(name)

    def forget(self, name: str) -> None:
        """Drop ``name``'s entry: the file is about to change or move, so it could only be stale."""
        self.entries.pop(name, None)
        self.updates[name] = None

    def put(self, name: str, key: Key, value: Any) -> None:
        fresh = key[2] > self.started_ns - int(RACY_SECONDS * 1e9)
        self.updates[name] = None if fresh else (key, value)  # a fresh file's timestamps are not trusted

    def save(self) -> None:
        """Write the cache if anything changed or went away; never raises."""
        if self.path is None or (not self.updates and len(self.hits) == self.stored):
            return
        kept = {name: entry for name, entry in self.updates.items() if entry is not None}
        if self.hits:
            old = self._read()  # given back entry by entry during the run
            kept.update((name, old[name]) for name in self.hits if name in old)
        if not kept and not self.stored:
            return  # nothing worth keeping yet (every file too fresh): leave no file behind
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    # In chunks: pickle remembers every object it wrote until the dump ends, which
                    # for 100,000 entries at once would cost more memory than the entries.
                    names = list(kept)
                    for start in range(0, len(names), _CHUNK):
                        chunk = {name: kept[name] for name in names[start : start + _CHUNK]}
                        pickle.dump(chunk, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temp, self.path)
            except BaseException:
                os.unlink(temp)
                raise
        except OSError:
            pass  # an unwritable cache folder only makes the next run slower
