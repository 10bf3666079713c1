"""Files in a shared cache folder, the config file and edit's copy, read by the one safe read.

A FIFO planted where newscli reads would hang the run (a cron ``archive`` holding its lock), a
symbolic link would lead it to a file someone else chose, and a huge file would be read into
memory. Each test here fails (or, for a FIFO, hangs until the alarm) against a plain ``open()``.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from archive_support import start_forked
from conftest import Invoke, Write, article_text

from newscli.core.errors import ConfigError
from newscli.core.folder import cache, cachedir, slugindex

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
T = TypeVar("T")


class Hung(BaseException):
    """Raised by the alarm: not an OSError (as TimeoutError is), which a reader would take for a miss."""


def within(call: Callable[[], T], seconds: int = 30) -> T:
    """``call()``, or Hung once it has blocked for ``seconds`` (a blocking open() of a FIFO is
    interrupted by the alarm): a regression fails the test instead of hanging the suite."""

    def hung(signum: int, frame: object) -> None:
        raise Hung("the read hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        return call()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are seconds old at once: the racy window is shifted, not waited out
    (forked children inherit it)."""
    monkeypatch.setattr(cachedir, "RACY_SECONDS", -3600.0)


@pytest.fixture
def cached(site: Path, write: Write, cli: Invoke, settled: None) -> Path:
    """An articles folder with a due article and a live one, its metadata cache and slug index written."""
    write("2020-01-01-old.md", article_text(title="Real old", slug="old", date="2020-01-01"))
    write("2026-11-01-nyhet.md", article_text(title="Real news", slug="nyhet", date="2026-11-01"))
    cli("list", "--format", "json")
    assert list((site / "cache").glob("*.cache"))
    assert list((site / "cache").glob("*.slugs"))
    return site / "cache"


def fifo_in_place_of(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def forged(path: Path, old: bytes, new: bytes, elsewhere: Path) -> Path:
    """A copy of the cache file ``path`` elsewhere with ``old`` replaced by ``new`` (same length:
    marshal's strings keep their length prefix), which a plain read would take as the cache."""
    assert len(old) == len(new)
    data = path.read_bytes()
    assert old in data
    elsewhere.write_bytes(data.replace(old, new))
    return elsewhere


# -- the metadata cache ----------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("list", "--format", "json"), ("archive", "--format", "json")])
def test_a_fifo_in_place_of_the_metadata_cache_is_a_miss(
    site: Path, cached: Path, args: tuple[str, ...]
) -> None:
    for path in cached.glob("*.cache"):
        fifo_in_place_of(path)
    ran = start_forked(site, *args).wait(timeout=60)  # a read of the FIFO would wait for a writer
    assert ran.returncode == 0, ran.stderr
    if args[0] == "list":
        assert "Real news" in ran.stdout
    if args[0] == "archive":
        assert (site / "articles" / "archive" / "2020" / "2020-01-01-old.md").exists()


def test_a_symbolic_link_in_place_of_the_metadata_cache_is_not_followed(
    site: Path, cached: Path, cli: Invoke, tmp_path: Path
) -> None:
    (path,) = cached.glob("*.cache")
    fake = forged(path, b"Real news", b"Fake news", tmp_path / "elsewhere.cache")
    path.unlink()
    path.symlink_to(fake)
    shown = cli("list", "--format", "json").stdout
    assert "Real news" in shown
    assert "Fake news" not in shown


def test_a_forged_cache_file_of_its_own_is_taken(
    site: Path, cached: Path, cli: Invoke, tmp_path: Path
) -> None:
    # The control for the test above: the forgery itself is a valid cache, so only the link is refused.
    (path,) = cached.glob("*.cache")
    fake = forged(path, b"Real news", b"Fake news", tmp_path / "elsewhere.cache")
    os.replace(fake, path)
    assert "Fake news" in cli("list", "--format", "json").stdout


def test_a_cache_file_over_the_bound_is_a_miss(
    site: Path, cached: Path, cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (path,) = cached.glob("*.cache")
    os.replace(forged(path, b"Real news", b"Fake news", tmp_path / "elsewhere.cache"), path)
    monkeypatch.setattr(cache, "MAX_CACHE_BYTES", path.stat().st_size - 1)
    shown = cli("list", "--format", "json").stdout
    assert "Real news" in shown
    assert "Fake news" not in shown


def test_the_cache_bound_is_far_above_a_cache_of_100_000_articles() -> None:
    # 32 MB at 100,000 articles of the benchmark's corpus (docs/performance.md): 8 times that.
    assert cache.MAX_CACHE_BYTES == 256 * 1024 * 1024


# -- the slug index ----------------------------------------------------------------------------------


def test_a_fifo_in_place_of_the_slug_index_hangs_neither_list_nor_completion(
    site: Path, cached: Path
) -> None:
    (path,) = cached.glob("*-live.slugs")
    fifo_in_place_of(path)
    assert within(lambda: slugindex.read_index(path)) is None
    ran = start_forked(site, "list", "--format", "json").wait(timeout=60)  # list writes the index
    assert ran.returncode == 0, ran.stderr
    assert "Real news" in ran.stdout


def test_a_symbolic_link_in_place_of_the_slug_index_is_not_followed(cached: Path, tmp_path: Path) -> None:
    (path,) = cached.glob("*-live.slugs")
    fake = tmp_path / "elsewhere.slugs"
    fake.write_bytes(b"fake\tplanted\n")
    assert slugindex.read_index(fake) == [("fake", ["planted"])]  # the control: a plain index
    path.unlink()
    path.symlink_to(fake)
    assert slugindex.read_index(path) is None


def test_a_slug_index_over_the_bound_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.slugs"
    path.write_bytes(b"a\n" * 100)
    assert slugindex.read_index(path) == [("a", [])] * 100
    monkeypatch.setattr(slugindex, "MAX_INDEX_BYTES", 199)
    assert slugindex.read_index(path) is None


def test_a_fifo_in_place_of_completions_note_is_no_note(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newscli.cli import quickcomplete

    where = (str(site), None, None)
    path = quickcomplete._note_path(where)
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    assert within(lambda: quickcomplete._read_note(where)) is None


# -- the config file -------------------------------------------------------------------------------


def test_a_fifo_named_as_the_config_is_a_clear_error(site: Path, cli: Invoke) -> None:
    os.mkfifo(site / "pipe.toml")
    from newscli.core.rules.config import read_config_table

    with pytest.raises(ConfigError) as caught:
        within(lambda: read_config_table(site / "pipe.toml"))
    assert "not a regular file" in caught.value.message
    result = within(lambda: cli("--config", "pipe.toml", "list"))
    assert result.exit_code == 2
    assert "pipe.toml: not a regular file" in result.stderr
    assert "does not exist" not in result.stderr


def test_a_config_over_the_bound_is_a_clear_error(site: Path, cli: Invoke) -> None:
    text = (site / "newscli.toml").read_text(encoding="utf-8")
    (site / "newscli.toml").write_text(text + "# padding\n" * 110_000, encoding="utf-8")
    result = cli("list")
    assert result.exit_code == 2
    assert "over the 1,048,576 a config file may have" in result.stderr


def test_a_config_kept_elsewhere_and_linked_is_read(
    site: Path, write: Write, cli: Invoke, tmp_path: Path
) -> None:
    # The user's own file: a link to it is followed (a dotfiles repository is common).
    kept = tmp_path / "dotfiles" / "newscli.toml"
    kept.parent.mkdir()
    kept.write_text(
        f'articles_dir = "{site / "articles"}"\ntimezone = "Europe/Stockholm"\n', encoding="utf-8"
    )
    (site / "newscli.toml").unlink()
    (site / "newscli.toml").symlink_to(kept)
    write("2026-11-01-nyhet.md", article_text(title="Linked", slug="nyhet", date="2026-11-01"))
    result = cli("list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "Linked" in result.stdout
