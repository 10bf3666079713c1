"""Hostile symbolic links: a loop named *.md is a file error, and an `archive` folder (or a year
folder) that is a link is never followed out of the articles folder, by any command."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Invoke, Write, article_text

GOOD = "2022-12-07-good.md"


@pytest.fixture
def looped(site: Path, write: Write) -> Path:
    """A readable article beside three links that loop: to itself, and two to each other."""
    write(GOOD, article_text(title="Good", slug="good", date="2022-12-07"))
    articles = site / "articles"
    os.symlink("self.md", articles / "self.md")
    os.symlink("b.md", articles / "a.md")
    os.symlink("a.md", articles / "b.md")
    (articles / "trafik").mkdir()
    os.symlink("loop.md", articles / "trafik" / "loop.md")
    return articles


LOOPS = ("articles/self.md", "articles/a.md", "articles/b.md", "articles/trafik/loop.md")


def test_validate_reports_each_loop_and_reads_the_rest(looped: Path, cli: Invoke) -> None:
    result = cli("validate")
    assert result.exit_code == 1
    for shown in LOOPS:
        assert f"{shown}:1:1: error: " in result.stdout
        assert f"{shown}:1:1: error: cannot read" in result.stdout
    assert "internal error" not in result.output
    assert "articles/2022-12-07-good.md" in result.stdout  # read and checked (its lead is missing)


def test_validate_a_loop_named_on_the_command_line(looped: Path, cli: Invoke) -> None:
    result = cli("validate", "articles/self.md", "articles/trafik")
    assert result.exit_code == 1
    assert "articles/self.md:1:1: error: cannot read" in result.stdout
    assert "articles/trafik/loop.md:1:1: error: cannot read" in result.stdout


def test_list_reports_loops_and_lists_the_rest(looped: Path, cli: Invoke) -> None:
    result = cli("list", "--format", "paths")
    assert result.exit_code == 1
    assert result.stdout == f"articles/{GOOD}\n"
    for shown in LOOPS:
        assert f"{shown}:1:1: error: cannot read" in result.stderr


def test_show_new_and_archive_go_on_past_loops(looped: Path, cli: Invoke) -> None:
    shown = cli("show", "good")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("Good\n")

    by_path = cli("show", "articles/self.md")
    assert by_path.exit_code == 1
    assert "cannot read" in by_path.stderr
    assert "internal error" not in by_path.output

    created = cli("new", "Annan nyhet")
    assert created.exit_code == 0, created.output
    assert created.stdout.startswith("articles/")

    dry = cli("archive", "--dry-run")
    assert dry.exit_code == 1  # the links are refused, never moved
    assert "articles/2022-12-07-good.md -> articles/archive/2022/2022-12-07-good.md" in dry.stdout
    moved = cli("archive", "--yes")
    assert moved.exit_code == 1
    assert (looped / "archive" / "2022" / GOOD).is_file()
    for name in ("self.md", "a.md", "b.md"):
        assert (looped / name).is_symlink()
    assert "internal error" not in moved.output


def test_an_archived_loop_is_a_file_error_for_list_and_restore(site: Path, write: Write, cli: Invoke) -> None:
    write("archive/2020/2020-01-01-old.md", article_text(title="Old", slug="old", date="2020-01-01"))
    os.symlink("loop.md", site / "articles" / "archive" / "2020" / "loop.md")
    listed = cli("list", "--archived", "--format", "paths")
    assert listed.exit_code == 1
    assert listed.stdout == "articles/archive/2020/2020-01-01-old.md\n"
    assert "articles/archive/2020/loop.md:1:1: error: cannot read" in listed.stderr
    restored = cli("restore", "old")
    assert restored.exit_code == 0, restored.output
    assert (site / "articles" / "2020-01-01-old.md").is_file()


# An `archive` folder that is a symbolic link, and a year folder that is one.


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder outside the articles folder that looks like an archive, with an article in it."""
    outside = tmp_path / "elsewhere"
    (outside / "2020").mkdir(parents=True)
    text = article_text(title="Outside", slug="outside", date="2020-01-01")
    (outside / "2020" / "2020-01-01-outside.md").write_text(text, encoding="utf-8")
    return outside


@pytest.fixture(params=["archive", "year"])
def linked(request: pytest.FixtureRequest, site: Path, write: Write, elsewhere: Path) -> str:
    """archive/ itself a link to elsewhere, or a real archive/ with its year folder a link."""
    write(GOOD, article_text(title="Good", slug="good", date="2026-11-01"))
    articles = site / "articles"
    if request.param == "archive":
        os.symlink(elsewhere, articles / "archive")
        return "articles/archive"
    (articles / "archive").mkdir()
    os.symlink(elsewhere / "2020", articles / "archive" / "2020")
    return "articles/archive/2020"


def test_list_archived_and_validate_do_not_follow_it(linked: str, cli: Invoke) -> None:
    listed = cli("list", "--archived", "--format", "json")
    assert listed.exit_code == 1
    assert "outside" not in listed.stdout.replace(f'"path": "{linked}"', "")
    assert f"{linked}:1:1: error: " in listed.stderr
    assert "symbolic link" in listed.stderr

    checked = cli("validate")
    assert checked.exit_code == 1
    assert f"{linked}:1:1: error: " in checked.stdout
    assert "outside" not in checked.stdout


def test_show_new_and_restore_do_not_follow_it(linked: str, site: Path, cli: Invoke) -> None:
    shown = cli("show", "outside")
    assert shown.exit_code == 1
    assert "no article with the slug 'outside'" in shown.stderr

    # The slug used outside the folder is not taken: nothing there was read.
    created = cli("new", "Outside", "--slug", "outside")
    assert created.exit_code == 0, created.output
    (site / created.stdout.strip()).unlink()

    restored = cli("restore", "outside")
    assert restored.exit_code == 1
    assert "internal error" not in restored.output
    by_path = cli("restore", f"{linked.removesuffix('/2020')}/2020/2020-01-01-outside.md")
    assert by_path.exit_code in (1, 2)
    assert "internal error" not in by_path.output
    assert not (site / "articles" / "2020-01-01-outside.md").exists()


def test_archive_refuses_it_too(linked: str, site: Path, write: Write, cli: Invoke) -> None:
    write("2020-01-01-due.md", article_text(title="Due", slug="due", date="2020-01-01"))
    result = cli("archive", "--yes")
    assert result.exit_code == 1
    assert (site / "articles" / "2020-01-01-due.md").is_file()
    assert "symbolic link" in result.stderr
