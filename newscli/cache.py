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
import tempfile
import time
from dataclasses import fields
from pathlib import Path
from typing import Any

from newscli import __version__
from newscli.article import Article, Image, Link, Loaded
from newscli.diagnostics import Diagnostic

RACY_SECONDS = 2.0
# The shape of what is stored: a change to these classes must never load an old cache.
_SCHEMA = ";".join(
    f"{cls.__name__}:{','.join(f'{f.name}={f.type}' for f in fields(cls))}"
    for cls in (Article, Loaded, Diagnostic, Image, Link)
)
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


class FileCache:
    """Per-file results for one articles folder and one set of settings that shape them."""

    def __init__(self, articles_dir: Path, settings: str) -> None:
        self.started_ns = time.time_ns()
        self.entries: dict[str, tuple[Key, Any]] = {}
        self.changed = False
        self.seen: set[str] = set()
        folder = cache_folder()
        self.path: Path | None = None
        if folder is None:
            return
        identity = f"{__version__}\0{_SCHEMA}\0{articles_dir.resolve()}\0{settings}"
        self.path = folder / (hashlib.sha256(identity.encode()).hexdigest()[:24] + ".pickle")
        try:
            with self.path.open("rb") as handle:
                loaded = pickle.load(handle)
            if isinstance(loaded, dict):
                self.entries = loaded
        except Exception:  # noqa: BLE001 -- a missing, old or damaged cache only costs a full read
            self.entries = {}

    def get(self, name: str, key: Key) -> Any | None:
        self.seen.add(name)
        entry = self.entries.get(name)
        if entry is not None and entry[0] == key:
            return entry[1]
        return None

    def put(self, name: str, key: Key, value: Any) -> None:
        if key[2] > self.started_ns - int(RACY_SECONDS * 1e9):
            self.entries.pop(name, None)  # too fresh to trust its timestamps
        else:
            self.entries[name] = (key, value)
        self.changed = True

    def forget(self, name: str) -> None:
        """Drop the entry of a file about to change or move: it could only be stale."""
        if self.entries.pop(name, None) is not None:
            self.changed = True

    def save(self) -> None:
        """Write the cache if anything changed, dropping files that are gone; never raises."""
        gone = self.entries.keys() - self.seen
        if not (self.changed or gone) or self.path is None:
            return
        if not self.entries.keys() - gone and not self.path.exists():
            return  # nothing worth keeping yet (every file too fresh): leave no empty file behind
        for name in gone:
            del self.entries[name]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump(self.entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temp, self.path)
            except BaseException:
                os.unlink(temp)
                raise
        except OSError:
            pass  # an unwritable cache folder only makes the next run slower
