"""A related link ("Mer om"): a module of its own, light enough for the command line to import
while it is built (``new --link`` is typed as one before any article is read)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    title: str
    url: str
