"""The folders a slug index records (their mtimes tell a reader it is out of date): every folder
between the part's root and an article, whatever the form of the article's path.

``_folders`` makes each folder absolute once, not each article's path (abspath asks the system for
the current folder every time); these pin that it still finds exactly the folders the per-path
definition gives, for relative, absolute, nested and odd paths alike.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newscli.core.folder.slugindex import _folders


def _by_definition(root: Path, paths: list[str]) -> list[str]:
    """The folder of each path made absolute, and every folder above it up to ``root``."""
    top = os.path.abspath(root)
    found = {top}
    for path in paths:
        folder = os.path.dirname(os.path.abspath(path))
        while folder.startswith(top + os.sep):
            found.add(folder)
            folder = os.path.dirname(folder)
    return sorted(found)


NESTED = [
    "articles/2026-01-01-a.md",
    "articles/trafik/2026-01-02-b.md",
    "articles/trafik/2026-01-03-c.md",
    "articles/skola/gymnasiet/ht/2026-01-04-d.md",
    "articles/skola/2026-01-05-e.md",
    "articles/skola/gymnasiet/ht/2026-01-06-f.md",
]
ODD = [
    "articles//trafik//2026-01-07-g.md",
    "articles/./kultur/2026-01-08-h.md",
    "articles/a/../bad/2026-01-09-i.md",
    "articles/x/y/..",
    "articles/x/z/.",
    "articles/w/",
    "2026-01-10-j.md",
    "elsewhere/2026-01-11-k.md",
    "../outside/2026-01-12-l.md",
    "",
]


@pytest.mark.parametrize(
    "paths",
    [NESTED, NESTED + ODD, list(reversed(NESTED + ODD)), []],
    ids=["nested", "odd", "odd-reversed", "none"],
)
def test_the_folders_are_those_of_each_path_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paths: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    absolute = [str(tmp_path / p) for p in NESTED]
    for root in (Path("articles"), tmp_path / "articles"):
        for given in (paths, absolute + paths):
            assert _folders(root, given) == _by_definition(root, given)


def test_every_folder_down_to_each_article_is_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    top = tmp_path / "articles"
    assert _folders(Path("articles"), NESTED) == [
        str(top),
        str(top / "skola"),
        str(top / "skola/gymnasiet"),
        str(top / "skola/gymnasiet/ht"),
        str(top / "trafik"),
    ]
