"""Words for people that several modules build: one place for the English plural.

English is the source language; a message translated through gettext takes its plural forms from
the catalogue (``ngettext``) instead.
"""

from __future__ import annotations


def plural(n: int, word: str) -> str:
    """``1 file``, ``2 files``: the count and the word, with an English ``s`` unless n is 1."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
