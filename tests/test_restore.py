"""``newscli restore``: back to the live place, byte for byte, never overwriting; the due warning."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from archive_support import LOG, log_records, manifest, snapshot_tree, write_intent
from conftest import Invoke, Write, article_text

OLD = article_text("A", "a", "2022-12-07", body="Brödtext.\r\n")


@pytest.fixture
def articles(site: Path) -> Path:
    return site / "articles"


@pytest.fixture
def archived(write: Write, cli: Invoke, articles: Path) -> Path:
    """trafik/2022-12-07-a.md, archived by a real run (so the log knows where it lived)."""
    write("trafik/2022-12-07-a.md", OLD)
    result = cli("archive")
    assert result.exit_code == 0, result.output
    (articles / "trafik").rmdir()
    return articles / "archive/2022/2022-12-07-a.md"


def test_restore_by_slug_goes_back_where_it_lived(cli: Invoke, articles: Path, archived: Path) -> None:
    before = manifest(articles)
    result = cli("restore", "a")
    assert result.exit_code == 0, result.output
    assert result.stdout == "articles/trafik/2022-12-07-a.md\n"
    assert (articles / "trafik/2022-12-07-a.md").read_bytes() == OLD.encode()
    assert not archived.exists()
    assert manifest(articles) == before
    last = log_records(articles)[-1]
    assert (last["action"], last["state"], last["from"], last["to"]) == (
        "restore",
        "done",
        "archive/2022/2022-12-07-a.md",
        "trafik/2022-12-07-a.md",
    )


@pytest.mark.parametrize(
    "name",
    [
        "articles/archive/2022/2022-12-07-a.md",
        "2022-12-07-a.md",
        "./articles/archive/2022/../2022/2022-12-07-a.md",
    ],
)
def test_restore_by_path_or_file_name(cli: Invoke, articles: Path, archived: Path, name: str) -> None:
    result = cli("restore", name)
    assert result.exit_code == 0, result.output
    assert (articles / "trafik/2022-12-07-a.md").read_bytes() == OLD.encode()


def test_archived_by_hand_goes_to_the_folder_root(write: Write, cli: Invoke, articles: Path) -> None:
    write("archive/2019/2019-01-01-hand.md", article_text("H", "hand", "2019-01-01"))
    result = cli("restore", "hand")
    assert result.exit_code == 0, result.output
    assert (articles / "2019-01-01-hand.md").exists()


def test_the_latest_archive_record_gives_the_place(cli: Invoke, articles: Path, archived: Path) -> None:
    assert cli("restore", "a").exit_code == 0
    (articles / "trafik/2022-12-07-a.md").rename(articles / "2022-12-07-a.md")  # moved by an editor
    assert cli("archive").exit_code == 0
    result = cli("restore", "a")
    assert result.exit_code == 0, result.output
    assert result.stdout == "articles/2022-12-07-a.md\n"


def test_still_due_warns_and_says_how_to_keep_it_live(cli: Invoke, archived: Path) -> None:
    result = cli("restore", "a")
    assert result.exit_code == 0, result.output
    assert "a is still due for archiving (published 2022-12-07, archive_after 2 years)" in result.stderr
    assert "the next `newscli archive` moves it back" in result.stderr
    assert "`evergreen = true`" in result.stderr
    assert 'stale_from = "lastmod"' in result.stderr


def test_still_due_warning_is_all_in_swedish(
    cli: Invoke, archived: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    result = cli("restore", "a")
    assert result.exit_code == 0, result.output
    assert "a ska fortfarande arkiveras (publicerad 2022-12-07, archive_after 2 år)" in result.stderr


def test_not_due_does_not_warn(write: Write, cli: Invoke, articles: Path) -> None:
    write("2026-01-10-new.md", article_text("N", "new", "2026-01-10"))
    assert cli("archive", "--older-than", "6m").exit_code == 0
    result = cli("restore", "new")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr


@pytest.mark.parametrize("archive_after", ['"never"', '"10y"'])
def test_kept_live_by_its_own_archive_after_does_not_warn(
    write: Write, cli: Invoke, articles: Path, archive_after: str
) -> None:
    # Archived by hand (as before archive_after was set), then restored: the next run leaves it.
    write("archive/2022/2022-12-07-a.md", article_text("A", "a", "2022-12-07", archive_after=archive_after))
    result = cli("restore", "a")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    assert cli("archive", "--dry-run").stdout == ""


def test_still_due_counts_from_the_review_and_its_own_threshold(write: Write, cli: Invoke) -> None:
    text = article_text(
        "A", "a", "2020-01-07", reviewed="2023-05-02", reviewed_by='"Anna"', archive_after='"3y"'
    )
    write("archive/2020/2020-01-07-a.md", text)
    result = cli("restore", "a")
    assert result.exit_code == 0, result.output
    expected = "a is still due for archiving (reviewed 2023-05-02 by Anna, archive_after 3 years)"
    assert expected in result.stderr


def test_warning_with_stale_from_lastmod(site: Path, cli: Invoke, archived: Path) -> None:
    (site / "newscli.toml").write_text(
        'articles_dir = "articles"\ntimezone = "Europe/Stockholm"\nstale_from = "lastmod"\n', encoding="utf-8"
    )
    result = cli("restore", "a")
    assert result.exit_code == 0, result.output
    assert "update its `lastmod`" in result.stderr
    assert "newscli.toml" not in result.stderr


def test_never_overwrites_the_live_place(write: Write, cli: Invoke, articles: Path, archived: Path) -> None:
    occupant = write("trafik/2022-12-07-a.md", "någon annans text\n")
    before = manifest(articles)
    result = cli("restore", "a")
    assert result.exit_code == 1, result.output
    assert "already exists with other content; nothing overwritten" in result.stderr
    assert occupant.read_text(encoding="utf-8") == "någon annans text\n"
    assert archived.read_bytes() == OLD.encode()
    assert manifest(articles) == before


def test_identical_copy_at_the_live_place_finishes_the_restore(
    write: Write, cli: Invoke, articles: Path, archived: Path
) -> None:
    write("trafik/2022-12-07-a.md", OLD)
    result = cli("restore", "a")
    assert result.exit_code == 0, result.output
    assert not archived.exists()
    assert (articles / "trafik/2022-12-07-a.md").read_bytes() == OLD.encode()


@pytest.mark.parametrize("name", ["a", "articles/archive/2022/2022-12-07-a.md"])
def test_an_archived_file_with_errors_is_found_by_slug_as_by_path(
    cli: Invoke, articles: Path, archived: Path, name: str
) -> None:
    # Broken in the archive (its title removed by hand): found by its slug as every command finds
    # a file with errors, never "no archived article", and moved back as it is, as by its path.
    broken = OLD.replace('title = "A"\n', "")
    archived.write_bytes(broken.encode())
    result = cli("restore", name)
    assert result.exit_code == 0, result.output
    assert result.stdout == "articles/trafik/2022-12-07-a.md\n"
    assert (articles / "trafik/2022-12-07-a.md").read_bytes() == broken.encode()
    assert not archived.exists()


def test_several_archived_articles_with_one_slug_are_refused(
    write: Write, cli: Invoke, articles: Path, archived: Path
) -> None:
    write("archive/2023/2023-01-01-a.md", article_text("A igen", "a", "2023-01-01"))
    result = cli("restore", "a")
    assert result.exit_code == 2, result.output
    assert "several archived articles have the slug 'a'" in result.stderr
    assert archived.exists()


def test_unknown_slug_and_already_live(write: Write, cli: Invoke, archived: Path) -> None:
    unknown = cli("restore", "b")
    assert unknown.exit_code == 1
    assert "no archived article with the slug 'b'" in unknown.stderr
    close = cli("restore", "aa")
    assert "did you mean a?" in close.stderr
    write("2026-11-01-live.md", article_text("L", "live", "2026-11-01"))
    live = cli("restore", "live")
    assert live.exit_code == 0, live.output
    assert live.stdout == "articles/2026-11-01-live.md\n"
    assert "is not archived: it is live at articles/2026-11-01-live.md; nothing to do" in live.stderr


def test_two_archived_with_one_slug_asks_for_the_path(write: Write, cli: Invoke) -> None:
    write("archive/2020/x.md", article_text("X", "x", "2020-01-01"))
    write("archive/2021/x.md", article_text("X", "x", "2021-01-01"))
    result = cli("restore", "x")
    assert result.exit_code == 2
    assert "several archived articles have the slug 'x'" in result.stderr
    by_name = cli("restore", "x.md")
    assert by_name.exit_code == 2
    assert "several archived files are named x.md" in by_name.stderr


def test_paths_outside_the_archive_are_refused(site: Path, write: Write, cli: Invoke) -> None:
    write("2026-11-01-live.md", article_text("L", "live", "2026-11-01"))
    (site / "elsewhere.md").write_text(OLD, encoding="utf-8")
    for name in ("articles/2026-11-01-live.md", "elsewhere.md", "../elsewhere.md", "/etc/hostname"):
        result = cli("restore", name)
        assert result.exit_code == 2, (name, result.output)
        assert "is not in the archive folder articles/archive/" in result.stderr


def test_symbolic_link_in_the_archive_is_refused(
    site: Path, write: Write, cli: Invoke, articles: Path
) -> None:
    outside = site / "outside.md"
    outside.write_text(OLD, encoding="utf-8")
    (articles / "archive/2022").mkdir(parents=True)
    os.symlink(outside, articles / "archive/2022/link.md")
    result = cli("restore", "articles/archive/2022/link.md")
    assert result.exit_code == 1, result.output
    assert "symbolic link" in result.stderr
    assert (articles / "archive/2022/link.md").is_symlink()
    assert not (articles / "link.md").exists()


def test_tampered_log_record_for_the_live_place_is_ignored(
    write: Write, cli: Invoke, articles: Path, site: Path
) -> None:
    write("archive/2022/2022-12-07-a.md", OLD)
    for bad in ("../2022-12-07-a.md", "archive/2022/2022-12-07-a.md", ".hidden/2022-12-07-a.md"):
        record = {
            "v": 1,
            "time": "2026-01-01T00:00:00+01:00",
            "id": "0" * 32,
            "action": "archive",
            "state": "done",
            "from": bad,
            "to": "archive/2022/2022-12-07-a.md",
        }
        with (articles / LOG).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
    result = cli("restore", "a")
    assert result.exit_code == 0, result.output
    assert (articles / "2022-12-07-a.md").exists()
    assert not (site / "2022-12-07-a.md").exists()


@pytest.mark.usefixtures("cache_outside_site")
def test_dry_run_restore_changes_nothing(site: Path, cli: Invoke, archived: Path) -> None:
    before = snapshot_tree(site)
    result = cli("restore", "--dry-run", "a")
    assert result.exit_code == 0, result.output
    assert result.stdout == "articles/trafik/2022-12-07-a.md\n"
    assert "dry run: would restore" in result.stderr
    assert snapshot_tree(site) == before


def test_rerun_after_an_interrupted_restore_finishes_it(cli: Invoke, articles: Path, archived: Path) -> None:
    (articles / "trafik").mkdir()
    os.link(archived, articles / "trafik/2022-12-07-a.md")  # killed right after link()
    write_intent(articles, "archive/2022/2022-12-07-a.md", "trafik/2022-12-07-a.md", OLD.encode(), "restore")
    result = cli("restore", "a")
    assert result.exit_code == 0, result.output
    assert result.stdout == "articles/trafik/2022-12-07-a.md\n"
    assert not archived.exists()
    assert (
        "restored articles/archive/2022/2022-12-07-a.md -> articles/trafik/2022-12-07-a.md" in result.stderr
    )


def test_live_folder_that_became_a_symbolic_link_is_never_followed(
    site: Path, cli: Invoke, articles: Path, archived: Path
) -> None:
    elsewhere = site / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, articles / "trafik")
    result = cli("restore", "a")
    assert result.exit_code == 1, result.output
    assert "trafik is a symbolic link or not a folder; not followed" in result.stderr
    assert list(elsewhere.iterdir()) == []
    assert archived.read_bytes() == OLD.encode()


@pytest.mark.parametrize("value", ["0d", "2y", "P3Y"])
def test_archive_after_shorter_than_its_age_is_refused_before_anything_moves(
    cli: Invoke, articles: Path, archived: Path, value: str
) -> None:
    # Published 2022-12-07, almost four years old: any of these would have the next archive move it back.
    before = snapshot_tree(articles)
    result = cli("restore", "a", "--archive-after", value)
    assert result.exit_code == 2, result.output
    assert f"--archive-after {value} would not keep a live: it is older than that (published 2022-12-07)" in (
        result.stderr
    )
    assert "--archive-after 4y, or --archive-after never" in result.stderr
    assert snapshot_tree(articles) == before  # archive and live folders byte for byte, and the log
    dry = cli("restore", "a", "--archive-after", value, "--dry-run")
    assert dry.exit_code == 2, dry.output
    assert snapshot_tree(articles) == before


def test_archive_after_shorter_than_its_age_is_refused_in_swedish(
    cli: Invoke, articles: Path, archived: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    before = snapshot_tree(articles)
    result = cli("restore", "a", "--archive-after", "1y")
    assert result.exit_code == 2, result.output
    said = "--archive-after 1y håller inte a publicerad: den är äldre än så (publicerad 2022-12-07)"
    assert said in result.stderr
    assert "t.ex. --archive-after 4y, eller --archive-after never" in result.stderr
    assert "would not keep" not in result.stderr
    assert snapshot_tree(articles) == before


def test_archive_after_shorter_than_its_age_of_a_live_article_changes_nothing(
    cli: Invoke, write: Write, articles: Path
) -> None:
    path = write("2022-12-07-a.md", OLD)
    before = manifest(articles), path.stat().st_mtime_ns
    result = cli("restore", "a", "--archive-after", "1y")
    assert result.exit_code == 2, result.output
    assert "would not keep a live" in result.stderr
    assert (manifest(articles), path.stat().st_mtime_ns) == before
    assert path.read_bytes() == OLD.encode()


@pytest.mark.parametrize("value", ["never", "4y", "10y"])
def test_archive_after_longer_than_its_age_restores_and_keeps_it(
    cli: Invoke, articles: Path, archived: Path, value: str
) -> None:
    result = cli("restore", "a", "--archive-after", value)
    assert result.exit_code == 0, result.output
    assert "still due" not in result.stderr
    assert f'archive_after = "{value}"' in (articles / "trafik/2022-12-07-a.md").read_text(encoding="utf-8")
    assert not archived.exists()
