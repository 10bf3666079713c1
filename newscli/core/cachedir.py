"""Where newscli keeps its caches; its own small module, so shell completion finds them cheaply."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


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
