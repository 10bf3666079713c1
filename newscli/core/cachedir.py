"""Where newscli keeps its caches; its own small module, so shell completion finds them cheaply."""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder() -> Path | None:
    """The user's cache folder for newscli; None when the cache is off or there is no home."""
    if os.environ.get("NEWSCLI_CACHE", "1") == "0":
        return None
    explicit = os.environ.get("NEWSCLI_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if not os.environ.get("XDG_CACHE_HOME") and Path.home() == Path("/"):
        return None  # a system account without a home: no cache rather than one in /
    import platformdirs

    return Path(platformdirs.user_cache_dir("newscli", appauthor=False))
