"""Linear in the size of one file: reading and checking a file four times as large takes about four
times the work, not sixteen. Work is counted (function calls, builtin calls included), never timed."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import Invoke

from newscli.core.reading.article import load_bytes
from newscli.core.rules.config import load_config
from newscli.core.usecases.validate.facts import facts

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def unknown_keys(n: int) -> bytes:
    lines = ["+++", 'title = "Många nycklar"', 'slug = "manga"', "date = 2026-11-01", 'lead = "x"']
    lines += [f"k{i:05d} = {i % 10}" for i in range(n)]
    return "\n".join([*lines, "+++", "", "Text.", ""]).encode()


def comments_and_links(n: int) -> bytes:
    lines = ["+++", 'title = "Länkar"', 'slug = "lankar"', "date = 2020-01-01", 'lead = "x"']
    lines += ["#"] * n  # comments: the fast reader gives up, tomllib reads it
    lines += ["links = [", *["{},"] * n, "]"]  # every link lacks its fields: one problem each
    return "\n".join([*lines, "+++", "", "Text.", ""]).encode()


def work(run: Callable[[], object]) -> int:
    """Function calls made by ``run``, builtin ones too (a regex match per line is one)."""
    count = 0

    def counter(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(counter)
    try:
        run()
    finally:
        sys.setprofile(None)
    return count


def read_and_check(data: bytes, site: Path) -> Callable[[], object]:
    config = load_config(site)

    def run() -> object:
        loaded = load_bytes(data, "x.md", "x.md", False, STOCKHOLM)
        return facts(loaded, config)  # the field rules, then validate's warnings

    return run


@pytest.mark.parametrize("make", [unknown_keys, comments_and_links], ids=["unknown-keys", "comments-links"])
def test_reading_and_checking_one_file_is_linear(site: Path, make: Callable[[int], bytes]) -> None:
    small, large = make(1000), make(4000)
    found = facts(load_bytes(large, "x.md", "x.md", False, STOCKHOLM), load_config(site))
    assert len(found.diagnostics) >= 4000  # every key or link is reported: the work is really done
    ratio = work(read_and_check(large, site)) / work(read_and_check(small, site))
    assert ratio < 6, ratio  # linear gives about 4; the old key lookup per problem gave about 16


def test_the_reported_lines_are_the_keys_own(site: Path, write: object, cli: Invoke) -> None:
    (site / "articles" / "2026-11-01-manga.md").write_bytes(unknown_keys(50))
    result = cli("validate")
    assert "articles/2026-11-01-manga.md:6:1: warning: unknown key 'k00000'" in result.stdout
    assert "articles/2026-11-01-manga.md:55:1: warning: unknown key 'k00049'" in result.stdout
    (site / "articles" / "2026-11-01-manga.md").unlink()
    (site / "articles" / "2020-01-01-lankar.md").write_bytes(comments_and_links(3))
    listed = cli("list", "--format", "json")
    assert listed.exit_code == 1
    for number, line in ((1, 9), (2, 9), (3, 9)):
        assert f"link {number} needs both 'title' and 'url'" in listed.stdout
        assert f'"line": {line}' in listed.stdout
