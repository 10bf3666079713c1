"""Where newscli keeps its caches; its own small module, so shell completion finds them cheaply."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

# A file or folder changed less than this before a cache of it is written may change again in the
# same clock tick unseen (git's "racily clean" rule, docs/performance.md): no cache trusts it.
RACY_SECONDS = 2.0


def cache_folder(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The user's cache folder for newscli; None when the cache is off or there is no home.

    Asked once, at the entry point (``newscli.cli``), which hands it down as ``Config.cache_dir``:
    nothing below reads the environment for it.
    """
    if environ.get("NEWSCLI_CACHE", "1") == "0":
        return None
    explicit = environ.get("NEWSCLI_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if not environ.get("XDG_CACHE_HOME") and Path.home() == Path("/"):
        return None  # a system account without a home: no cache rather than one in /
    import platformdirs

    return Path(platformdirs.user_cache_dir("newscli", appauthor=False))


def racy_cutoff_ns() -> int:
    """The time (ns since the epoch, by the file system's clock, which ``--now`` does not change)
    after which a change is too recent to trust: ``RACY_SECONDS`` before now. The metadata cache,
    the slug index and completion's note all ask here."""
    return time.time_ns() - int(RACY_SECONDS * 1e9)


def replace_quietly(path: Path, chunks: Iterable[bytes]) -> None:
    """Replace the cache file ``path`` with ``chunks`` at once, for the metadata cache, the slug index
    and completion's note alike. Never durable (a cache lost to a power cut only makes a run slower),
    and a cache folder that cannot be written is no error: the run goes on without the file."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in chunks:
                    handle.write(chunk)
            os.replace(temp, path)
        except BaseException:
            os.unlink(temp)
            raise
    except OSError:
        pass
