"""``newscli archive``: what moves, where, byte for byte; what is refused; the log; the lock."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from archive_support import (
    LOCK,
    LOG,
    REPO,
    layout,
    log_records,
    manifest,
    open_intents,
    read_only,
    run_forked,
    sha,
    snapshot_tree,
    start_forked,
)
from conftest import Invoke, Write, article_text

from newscli.core.probe import Probe
from newscli.core.rules.config import Config, load_config
from newscli.core.usecases import archive as core
from newscli.core.usecases.archive.archiving import QuietWatcher
from newscli.core.usecases.archive.log import log_line

# The JSON contracts (docs/commands.md), written out here so that a key renamed in the code fails.
SUMMARY_KEYS = (
    "format_version",
    "dry_run",
    "now",
    "archive_after",
    "checked",
    "moved",
    "problems",
    "recovered",
)
HISTORY_KEYS = ("format_version", "log", "entries", "unreadable_lines")
ENTRY_KEYS = ("id", "time", "action", "state", "from", "to", "sha256", "reason")

OLD = "2022-12-07"  # due on 2026-11-29 (archive_after 2y)
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def fixed_clock() -> datetime:  # the wall clock the command hands its probe, fixed for the in-process runs
    return NOW


def old(slug: str, date: str = OLD, **extra: str) -> str:
    return article_text(title=slug.replace("-", " ").title(), slug=slug, date=date, **extra)


@pytest.fixture
def articles(site: Path) -> Path:
    return site / "articles"


def test_moves_every_due_article_byte_for_byte(write: Write, cli: Invoke, articles: Path) -> None:
    due = {
        "2022-12-07-a.md": old("a").encode(),
        "trafik/2023-05-01-b.md": old("b", "2023-05-01", tags='["trafik"]').encode(),
        # BOM and CRLF are kept exactly: the move never rewrites a byte.
        "2021-01-10-c.md": b"\xef\xbb\xbf" + old("c", "2021-01-10").replace("\n", "\r\n").encode(),
    }
    kept = {
        "2026-01-01-new.md": old("new", "2026-01-01"),
        "2020-01-01-draft.md": old("draft", "2020-01-01", draft="true"),
        "2020-01-01-evergreen.md": old("evergreen", "2020-01-01", evergreen="true"),
        "2027-01-01-scheduled.md": old("scheduled", "2027-01-01"),
        "2024-12-01-almost.md": old("almost", "2024-12-01"),  # 1 year 11 months: not yet
    }
    for name, data in due.items():
        write(name, data)
    for name, text in kept.items():
        write(name, text)
    before = manifest(articles)

    result = cli("archive")

    assert result.exit_code == 0, result.output
    assert manifest(articles) == before
    expected = {
        "archive/2022/2022-12-07-a.md": due["2022-12-07-a.md"],
        "archive/2023/2023-05-01-b.md": due["trafik/2023-05-01-b.md"],
        "archive/2021/2021-01-10-c.md": due["2021-01-10-c.md"],
    }
    for rel, data in expected.items():
        assert (articles / rel).read_bytes() == data
    for name in due:
        assert not (articles / name).exists()
    for name in kept:
        assert (articles / name).exists()
    assert "articles/trafik/2023-05-01-b.md -> articles/archive/2023/2023-05-01-b.md" in result.stdout
    assert "archived 3 articles" in result.stderr


def test_year_is_the_publication_year_in_the_configured_time_zone(
    write: Write, cli: Invoke, articles: Path
) -> None:
    # 23:30 in New York on New Year's Eve is already 2023 in Stockholm.
    write("late.md", old("late", "2022-12-31T23:30:00-05:00"))
    result = cli("archive")
    assert result.exit_code == 0, result.output
    assert (articles / "archive/2023/late.md").exists()


def test_older_than_and_config_archive_after(site: Path, write: Write, cli: Invoke, articles: Path) -> None:
    write("2026-03-01-spring.md", old("spring", "2026-03-01"))
    write("2022-12-07-a.md", old("a"))
    assert cli("archive", "--dry-run", "--older-than", "5y").exit_code == 0
    result = cli("archive", "--older-than", "6m")
    assert result.exit_code == 0, result.output
    assert (articles / "archive/2026/2026-03-01-spring.md").exists()
    assert (articles / "archive/2022/2022-12-07-a.md").exists()

    write("2025-06-01-summer.md", old("summer", "2025-06-01"))
    (site / "newscli.toml").write_text(
        'articles_dir = "articles"\ntimezone = "Europe/Stockholm"\narchive_after = "1y"\n', encoding="utf-8"
    )
    result = cli("archive")
    assert result.exit_code == 0, result.output
    assert (articles / "archive/2025/2025-06-01-summer.md").exists()


def test_age_counts_from_lastmod_when_configured(
    site: Path, write: Write, cli: Invoke, articles: Path
) -> None:
    (site / "newscli.toml").write_text(
        'articles_dir = "articles"\ntimezone = "Europe/Stockholm"\nstale_from = "lastmod"\n', encoding="utf-8"
    )
    write("2022-12-07-edited.md", old("edited", lastmod="2026-06-01"))
    write("2022-12-07-untouched.md", old("untouched"))
    result = cli("archive")
    assert result.exit_code == 0, result.output
    assert (articles / "2022-12-07-edited.md").exists()
    assert (articles / "archive/2022/2022-12-07-untouched.md").exists()


def test_nothing_due_exits_0_and_says_so_and_quiet_is_silent(write: Write, cli: Invoke) -> None:
    write("2026-11-01-nyhet.md", article_text())
    result = cli("archive")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "nothing to archive: 1 live article checked, none due (archive_after 2 years)" in result.stderr
    quiet = cli("archive", "--quiet")
    assert quiet.exit_code == 0
    assert quiet.output == ""


def test_quiet_run_that_moves_prints_nothing(write: Write, cli: Invoke, articles: Path) -> None:
    write("2022-12-07-a.md", old("a"))
    result = cli("archive", "-q")
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert (articles / "archive/2022/2022-12-07-a.md").exists()


@pytest.mark.usefixtures("cache_outside_site")
def test_dry_run_changes_nothing_at_all(site: Path, write: Write, cli: Invoke, articles: Path) -> None:
    write("2022-12-07-a.md", old("a"))
    write("trafik/2021-02-02-b.md", old("b", "2021-02-02"))
    write("2026-11-01-new.md", old("new", "2026-11-01"))
    before = snapshot_tree(site)

    result = cli("archive", "--dry-run")

    assert result.exit_code == 0, result.output
    assert snapshot_tree(site) == before  # names, bytes, modes and mtimes, folders included
    assert not (articles / LOCK).exists()
    assert not (articles / LOG).exists()
    assert not (articles / "archive").exists()
    assert result.stdout.splitlines() == [
        "articles/2022-12-07-a.md -> articles/archive/2022/2022-12-07-a.md",
        "articles/trafik/2021-02-02-b.md -> articles/archive/2021/2021-02-02-b.md",
    ]
    assert "dry run: 2 articles would be moved" in result.stderr

    # With a lock file and a log from earlier runs, a dry run still touches nothing.
    assert cli("archive", "--older-than", "100y").exit_code == 0
    before = snapshot_tree(site)
    assert cli("archive", "--dry-run", "--format", "json").exit_code == 0
    assert snapshot_tree(site) == before


def test_json_summary_keys(write: Write, cli: Invoke, articles: Path) -> None:
    write("2022-12-07-a.md", old("a"))
    write("2021-01-01-broken.md", b"+++\ntitle = \xff\n+++\n")
    result = cli("archive", "--format", "json")
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert tuple(summary) == SUMMARY_KEYS
    assert summary["format_version"] == 1
    assert summary["dry_run"] is False
    assert summary["archive_after"] == "2y"
    assert summary["checked"] == 2
    assert summary["moved"] == [
        {
            "from": "articles/2022-12-07-a.md",
            "to": "articles/archive/2022/2022-12-07-a.md",
            "slug": "a",
            "sha256": sha((articles / "archive/2022/2022-12-07-a.md").read_bytes()),
        }
    ]
    [problem] = summary["problems"]
    assert set(problem) == {"path", "problem", "reason"}
    assert problem["path"] == "articles/2021-01-01-broken.md"
    assert problem["problem"] == "invalid"
    assert summary["recovered"] == []


def test_log_records_every_move_and_history_reads_it(write: Write, cli: Invoke, articles: Path) -> None:
    write("trafik/2022-12-07-a.md", old("a"))
    assert cli("archive").exit_code == 0
    records = log_records(articles)
    assert [r["state"] for r in records] == ["intent", "done"]
    for record in records:
        assert {"v", "time", "id", "action", "state", "from", "to", "sha256"} <= set(record)
        assert record["action"] == "archive"
        assert record["from"] == "trafik/2022-12-07-a.md"
        assert record["to"] == "archive/2022/2022-12-07-a.md"
        assert record["sha256"] == sha(old("a").encode())

    text = cli("archive", "--history")
    assert text.exit_code == 0, text.output
    line = text.stdout.strip()
    assert "archive  done" in line
    assert "articles/trafik/2022-12-07-a.md -> articles/archive/2022/2022-12-07-a.md" in line

    as_json = cli("archive", "--history", "--format", "json")
    document = json.loads(as_json.stdout)
    assert tuple(document) == HISTORY_KEYS
    [entry] = document["entries"]
    assert tuple(entry) == ENTRY_KEYS
    assert entry["state"] == "done"


def test_history_of_an_empty_folder(site: Path, cli: Invoke) -> None:
    result = cli("archive", "--history")
    assert result.exit_code == 0, result.output
    assert "nothing archived yet" in result.stderr


def test_torn_log_line_is_skipped_and_never_joined_to_the_next(
    write: Write, cli: Invoke, articles: Path
) -> None:
    write("2022-12-07-a.md", old("a"))
    # A crash in the middle of writing a record:
    (articles / LOG).write_bytes(b'{"v": 1, "time": "2026-11-28T03:00:00+01:00", "id": "ab')
    result = cli("archive")
    assert result.exit_code == 0, result.output
    lines = (articles / LOG).read_bytes().split(b"\n")
    assert lines[0].endswith(b'"id": "ab')
    assert [json.loads(line)["state"] for line in lines[1:] if line] == ["intent", "done"]
    history = cli("archive", "--history")
    assert "1 line of the archive log could not be read" in history.stderr
    assert "archive  done" in history.stdout


def test_prompts_on_a_terminal_only(
    write: Write, cli: Invoke, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("2022-12-07-a.md", old("a"))
    monkeypatch.setattr("newscli.cli.output.stdin_is_terminal", lambda: True)
    declined = cli("archive", input="n\n")
    assert declined.exit_code == 0, declined.output
    assert "Move 1 article into articles/archive/?" in declined.stderr
    assert "nothing was archived" in declined.stderr
    assert (articles / "2022-12-07-a.md").exists()
    assert not (articles / LOG).exists() or log_records(articles) == []

    accepted = cli("archive", input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert (articles / "archive/2022/2022-12-07-a.md").exists()

    write("2022-12-08-b.md", old("b", "2022-12-08"))
    unasked = cli("archive", "--yes")
    assert unasked.exit_code == 0, unasked.output
    assert "Move" not in unasked.stderr
    assert (articles / "archive/2022/2022-12-08-b.md").exists()


def test_on_a_pipe_it_never_asks(write: Write, cli: Invoke, articles: Path) -> None:
    write("2022-12-07-a.md", old("a"))
    result = cli("archive", input="n\n")
    assert result.exit_code == 0, result.output
    assert "Move" not in result.stderr
    assert (articles / "archive/2022/2022-12-07-a.md").exists()


def test_usage_and_config_errors_exit_2(site: Path, cli: Invoke) -> None:
    assert cli("archive", "--older-than", "soon").exit_code == 2
    assert cli("archive", "--format", "xml").exit_code == 2
    assert cli("archive", "--history", "--dry-run").exit_code == 2
    missing = cli("archive", "--articles-dir", "nowhere")
    assert missing.exit_code == 2
    assert "does not exist" in missing.stderr
    assert not (site / "nowhere").exists()


# -- never overwrite; crash leftovers ------------------------------------------------------------------


def test_destination_with_other_content_is_an_error_for_that_file_only(
    write: Write, cli: Invoke, articles: Path
) -> None:
    write("2022-12-07-a.md", old("a"))
    write("2022-12-08-b.md", old("b", "2022-12-08"))
    occupant = write("archive/2022/2022-12-07-a.md", old("someone-else"))
    before = manifest(articles)

    result = cli("archive")

    assert result.exit_code == 1, result.output
    assert manifest(articles) == before
    assert occupant.read_text(encoding="utf-8") == old("someone-else")
    assert (articles / "2022-12-07-a.md").read_text(encoding="utf-8") == old("a")
    assert (articles / "archive/2022/2022-12-08-b.md").exists()
    assert "articles/2022-12-07-a.md: archive/2022/2022-12-07-a.md already exists with other content" in (
        result.stderr
    )


def test_same_file_name_and_year_twice_in_one_run(write: Write, cli: Invoke, articles: Path) -> None:
    write("x/2022-12-07-a.md", old("a"))
    write("y/2022-12-07-a.md", old("a2"))
    before = manifest(articles)
    result = cli("archive")
    assert result.exit_code == 1, result.output
    assert manifest(articles) == before
    assert (articles / "archive/2022/2022-12-07-a.md").read_text(encoding="utf-8") == old("a")
    assert (articles / "y/2022-12-07-a.md").exists()


def test_identical_destination_is_a_leftover_the_move_finishes(
    write: Write, cli: Invoke, articles: Path
) -> None:
    write("2022-12-07-a.md", old("a"))
    write("archive/2022/2022-12-07-a.md", old("a"))  # a separate copy with the same bytes
    result = cli("archive")
    assert result.exit_code == 0, result.output
    assert not (articles / "2022-12-07-a.md").exists()
    assert (articles / "archive/2022/2022-12-07-a.md").read_text(encoding="utf-8") == old("a")
    assert [r["state"] for r in log_records(articles)] == ["intent", "done"]


def test_hard_link_left_at_the_destination_is_finished(write: Write, cli: Invoke, articles: Path) -> None:
    source = write("2022-12-07-a.md", old("a"))
    (articles / "archive/2022").mkdir(parents=True)
    os.link(source, articles / "archive/2022/2022-12-07-a.md")  # as a crash after link() leaves it
    result = cli("archive")
    assert result.exit_code == 0, result.output
    assert not source.exists()
    assert (articles / "archive/2022/2022-12-07-a.md").stat().st_nlink == 1


# -- refused, reported and skipped ---------------------------------------------------------------------


def test_hostile_files_are_reported_left_in_place_and_the_rest_still_moves(
    site: Path, write: Write, cli: Invoke, articles: Path
) -> None:
    outside = site / "outside.md"
    outside.write_text(old("outside"), encoding="utf-8")
    write("2022-12-07-good.md", old("good"))
    inside_target = write("2022-12-08-target.md", old("target", "2022-12-08"))
    os.symlink(outside, articles / "2020-01-01-link-out.md")
    os.symlink(inside_target, articles / "2020-01-01-link-in.md")
    os.mkfifo(articles / "x.md")
    linked = write("2020-01-01-hardlinked.md", old("hardlinked", "2020-01-01"))
    os.link(linked, site / "second-name.md")
    write("2020-01-01-latin1.md", old("latin", "2020-01-01").replace("Latin", "Lat\xefn").encode("latin-1"))
    write("2020-01-01-bad-toml.md", "+++\ntitle = \n+++\n")
    huge = articles / "2020-01-01-huge.md"
    with huge.open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    before = manifest(site)
    outside_info = outside.stat()

    result = cli("archive")

    assert result.exit_code == 1, result.output
    assert manifest(site) == before
    assert (articles / "archive/2022/2022-12-07-good.md").exists()
    assert (articles / "archive/2022/2022-12-08-target.md").exists()
    lines = result.stderr.splitlines()
    for name, why in [
        ("2020-01-01-link-out.md", "symbolic link"),
        ("2020-01-01-link-in.md", "symbolic link"),
        ("x.md", "not a regular file"),
        ("2020-01-01-hardlinked.md", "hard links"),
        ("2020-01-01-latin1.md", "not UTF-8"),
        ("2020-01-01-bad-toml.md", "[toml-syntax]"),
        ("2020-01-01-huge.md", "over the"),
    ]:
        assert any(line.startswith(f"articles/{name}: ") and why in line for line in lines), (name, lines)
        assert os.path.lexists(articles / name)
    assert (articles / "2020-01-01-link-out.md").is_symlink()
    assert outside.stat().st_mtime_ns == outside_info.st_mtime_ns
    assert linked.exists()
    assert (site / "second-name.md").exists()
    assert "not moved (see above)" in result.stderr


def test_archive_folder_that_is_a_symbolic_link_is_never_followed(
    site: Path, write: Write, cli: Invoke, articles: Path
) -> None:
    elsewhere = site / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, articles / "archive")
    write("2022-12-07-a.md", old("a"))
    result = cli("archive")
    assert result.exit_code == 1, result.output
    assert list(elsewhere.iterdir()) == []
    assert (articles / "2022-12-07-a.md").exists()
    assert "symbolic link or not a folder" in result.stderr
    assert "none due" not in result.stderr  # it was due: cron's reader must not be told otherwise
    assert "nothing was archived; 1 file not moved (see above)" in result.stderr


def test_file_changed_between_scan_and_move_is_left_in_place(
    write: Write, cli: Invoke, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write("2022-12-07-a.md", old("a"))
    write("2022-12-08-b.md", old("b", "2022-12-08"))
    edited = old("a") + "Rättelse.\n"

    def edit(step: str, rel: str) -> None:
        if step == "begin" and rel == "2022-12-07-a.md":
            target.write_text(edited, encoding="utf-8")

    result = cli("archive", probe=Probe(clock=fixed_clock, on_step=edit))
    assert result.exit_code == 1, result.output
    assert target.read_text(encoding="utf-8") == edited
    assert not (articles / "archive/2022/2022-12-07-a.md").exists()
    assert (articles / "archive/2022/2022-12-08-b.md").exists()
    assert "articles/2022-12-07-a.md: changed since it was read" in result.stderr
    assert open_intents(log_records(articles)) == []


def test_the_log_is_stamped_by_the_probes_clock(write: Write, cli: Invoke, articles: Path) -> None:
    write("2022-12-07-a.md", old("a"))
    stamped = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)  # far from NOW and from the wall clock

    assert cli("archive", probe=Probe(clock=lambda: stamped)).exit_code == 0
    records = log_records(articles)
    assert records
    assert {datetime.fromisoformat(r["time"]) for r in records} == {stamped}


def test_file_written_in_place_during_the_move_stays_live(
    write: Write, cli: Invoke, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write("2022-12-07-a.md", old("a"))
    edited = old("a") + "Tillägg.\n"

    def edit(step: str, rel: str) -> None:
        if step == "linked":
            with target.open("a", encoding="utf-8") as handle:  # same inode: both names see it
                handle.write("Tillägg.\n")

    result = cli("archive", probe=Probe(clock=fixed_clock, on_step=edit))
    assert result.exit_code == 1, result.output
    assert target.read_text(encoding="utf-8") == edited
    assert not (articles / "archive/2022/2022-12-07-a.md").exists()
    assert log_records(articles)[-1]["state"] == "cancelled"


def test_file_replaced_during_the_move_keeps_both_versions(
    write: Write, cli: Invoke, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write("2022-12-07-a.md", old("a"))
    saved = old("a") + "Ny version.\n"

    def editor_save(step: str, rel: str) -> None:
        if step == "verified":  # an editor saves by writing a new file and renaming it over the old
            fresh = articles / ".a.md.swp"
            fresh.write_text(saved, encoding="utf-8")
            fresh.replace(target)

    result = cli("archive", probe=Probe(clock=fixed_clock, on_step=editor_save))
    assert result.exit_code == 1, result.output
    assert target.read_text(encoding="utf-8") == saved
    assert (articles / "archive/2022/2022-12-07-a.md").read_text(encoding="utf-8") == old("a")
    assert "both versions kept" in result.stderr
    assert [p.name for p in articles.iterdir() if p.name.startswith(".newscli-moving")] == []
    assert open_intents(log_records(articles)) == []


def test_sigterm_lets_the_current_move_finish_then_stops(
    write: Write, cli: Invoke, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("2022-12-07-a.md", old("a"))
    write("2022-12-08-b.md", old("b", "2022-12-08"))
    before = manifest(articles)

    def stop(step: str, rel: str) -> None:
        if step == "linked" and rel == "2022-12-07-a.md":
            os.kill(os.getpid(), signal.SIGTERM)

    result = cli("archive", probe=Probe(clock=fixed_clock, on_step=stop))
    assert result.exit_code == 130, result.output
    assert manifest(articles) == before
    assert (articles / "archive/2022/2022-12-07-a.md").exists()
    assert not (articles / "2022-12-07-a.md").exists()
    assert (articles / "2022-12-08-b.md").exists()
    assert open_intents(log_records(articles)) == []
    assert "interrupted: 1 of 2 moved" in result.stderr


# -- read-only folders (chattr +i, which stops root too) ----------------------------------------------


def test_read_only_destination_folder(write: Write, cli: Invoke, articles: Path) -> None:
    write("2022-12-07-a.md", old("a"))
    write("2021-12-07-b.md", old("b", "2021-12-07"))
    (articles / "archive/2022").mkdir(parents=True)
    before = manifest(articles)
    with read_only(articles / "archive/2022"):
        result = cli("archive")
    assert result.exit_code == 1, result.output
    assert manifest(articles) == before
    assert (articles / "2022-12-07-a.md").exists()
    assert (articles / "archive/2021/2021-12-07-b.md").exists()
    assert "articles/2022-12-07-a.md: cannot" in result.stderr
    assert open_intents(log_records(articles)) == []


def test_read_only_source_folder_takes_the_new_name_back(write: Write, cli: Invoke, articles: Path) -> None:
    write("trafik/2022-12-07-a.md", old("a"))
    write("2021-12-07-b.md", old("b", "2021-12-07"))
    before = manifest(articles)
    with read_only(articles / "trafik"):
        result = cli("archive")
    assert result.exit_code == 1, result.output
    assert manifest(articles) == before
    assert (articles / "trafik/2022-12-07-a.md").exists()
    assert not (articles / "archive/2022/2022-12-07-a.md").exists()
    assert (articles / "archive/2021/2021-12-07-b.md").exists()
    assert "cannot remove it from its folder" in result.stderr
    assert open_intents(log_records(articles)) == []


def test_immutable_article_file(write: Write, cli: Invoke, articles: Path) -> None:
    locked = write("2022-12-07-a.md", old("a"))
    before = manifest(articles)
    with read_only(locked):
        result = cli("archive")
    assert result.exit_code == 1, result.output
    assert manifest(articles) == before
    assert locked.exists()


@pytest.mark.usefixtures("cache_outside_site")
def test_read_only_articles_folder_fails_clearly_and_changes_nothing(
    site: Path, write: Write, cli: Invoke, articles: Path
) -> None:
    write("2022-12-07-a.md", old("a"))
    before = snapshot_tree(site)
    with read_only(articles):
        result = cli("archive")
        dry = cli("archive", "--dry-run")
    assert result.exit_code == 1, result.output
    assert "cannot make the archive folder" in result.stderr
    assert dry.exit_code == 0, dry.output  # a dry run needs no write access
    assert snapshot_tree(site) == before


def test_log_that_cannot_be_written_stops_before_any_move(
    site: Path, write: Write, cli: Invoke, articles: Path
) -> None:
    write("2022-12-07-a.md", old("a"))
    (articles / "archive").mkdir()
    before = manifest(articles)
    with read_only(articles):  # the archive folder exists and locks; the log cannot be created
        result = cli("archive")
    assert result.exit_code == 1, result.output
    assert "cannot write the archive log" in result.stderr
    assert manifest(articles) == before
    assert (articles / "2022-12-07-a.md").exists()


# -- one run at a time -----------------------------------------------------------------------------------


HOLD_LOCK = """
import sys
from pathlib import Path
from newscli.core.writing.lock import acquire
held = acquire(Path(sys.argv[1]))
print("held", flush=True)
sys.stdin.readline()
"""


def _hold_lock(articles: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(articles)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_run_exits_75_at_once_across_processes(site: Path, write: Write, articles: Path) -> None:
    write("2022-12-07-a.md", old("a"))
    holder = _hold_lock(articles)
    try:
        started = time.monotonic()
        busy = run_forked(site, "archive")
        assert busy.returncode == 75, busy.stderr
        assert time.monotonic() - started < 10
        assert "another newscli archive or restore is running" in busy.stderr
        assert "--wait" in busy.stderr
        assert (articles / "2022-12-07-a.md").exists()
        assert run_forked(site, "restore", "a").returncode == 75
        assert run_forked(site, "archive", "--dry-run").returncode == 75

        waiting = subprocess.Popen(
            [sys.executable, "-m", "newscli", "archive", "--wait", "20"],
            cwd=site,
            env={**os.environ, "NEWSCLI_NOW": "2026-11-29", "PYTHONPATH": str(REPO)},
            stderr=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(0.5)
        assert waiting.poll() is None  # still waiting for the lock
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)
    _, err = waiting.communicate(timeout=30)
    assert waiting.returncode == 0, err
    assert (articles / "archive/2022/2022-12-07-a.md").exists()


def test_a_crashed_holder_never_leaves_the_lock_behind(site: Path, write: Write, articles: Path) -> None:
    write("2022-12-07-a.md", old("a"))
    holder = _hold_lock(articles)
    holder.kill()  # kill -9: the kernel drops the flock with the process
    holder.wait(timeout=10)
    result = run_forked(site, "archive")
    assert result.returncode == 0, result.stderr
    assert (articles / "archive/2022/2022-12-07-a.md").exists()


def test_runs_started_at_once_move_each_article_exactly_once(
    site: Path, write: Write, articles: Path
) -> None:
    for day in range(1, 29):
        write(f"2022-02-{day:02d}-n{day}.md", old(f"n{day}", f"2022-02-{day:02d}"))
    write("2026-11-01-live.md", old("live", "2026-11-01"))
    before = manifest(articles)
    runs = [start_forked(site, "archive", "--quiet", NEWSCLI_NOW="2026-11-29") for _ in range(4)]
    codes = [run.wait().returncode for run in runs]
    assert set(codes) <= {0, 75}, codes
    assert 0 in codes
    assert manifest(articles) == before
    moved = [p.name for p in (articles / "archive/2022").iterdir()]
    assert len(moved) == 28
    done = [r for r in log_records(articles) if r["state"] == "done"]
    assert sorted(r["to"] for r in done) == sorted(f"archive/2022/{name}" for name in moved)
    assert layout(articles)["2026-11-01-live.md"]


# -- other filesystems and a full disk (a private mount namespace: nothing leaks to the machine) --------


def _in_mount_namespace(site: Path, script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` with sh in a new mount namespace; skip where that needs rights we lack."""
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        pytest.skip("needs `unshare -m` and mount rights (root) to make a second filesystem")
    env = {**os.environ, "NEWSCLI_NOW": "2026-11-29", "PYTHONPATH": str(REPO), "PY": sys.executable}
    return subprocess.run(
        ["unshare", "-m", "sh", "-e", "-c", script],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_archive_on_another_filesystem_is_refused_never_copied(
    site: Path, write: Write, articles: Path
) -> None:
    write("2022-12-07-a.md", old("a"))
    (articles / "archive").mkdir()
    before = manifest(articles)
    done = _in_mount_namespace(
        site,
        'mount -t tmpfs tmpfs articles/archive\n"$PY" -m newscli archive && code=0 || code=$?\n'
        "find articles/archive -type f | wc -l\nexit $code",
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.strip() == "0"  # nothing was written to the other filesystem
    assert "on another filesystem" in done.stderr
    assert manifest(articles) == before
    assert [r["state"] for r in log_records(articles)] == ["intent", "cancelled"]


def test_full_disk_stops_the_run_before_any_unrecorded_move(tmp_path: Path) -> None:
    site = tmp_path / "small"
    site.mkdir()
    done = _in_mount_namespace(
        site,
        f"""
mount -t tmpfs -o size=64k tmpfs {site}
cd {site}
mkdir articles
printf 'articles_dir = "articles"\\ntimezone = "Europe/Stockholm"\\n' > newscli.toml
printf '+++\\ntitle = "A"\\nslug = "a"\\ndate = 2022-12-07\\n+++\\nx\\n' > articles/2022-12-07-a.md
head -c 1000000 /dev/zero > filler || true
"$PY" -m newscli archive >/dev/null && first=0 || first=$?
find articles -name '*.md' | sort
rm filler
"$PY" -m newscli archive >/dev/null && second=0 || second=$?
find articles -name '*.md' | sort
echo "$first $second"
""",
    )
    lines = done.stdout.split()
    assert lines == [
        "articles/2022-12-07-a.md",
        "articles/archive/2022/2022-12-07-a.md",
        "1",
        "0",
    ], (done.stdout, done.stderr)
    assert "No space left on device; the run stopped" in done.stderr


# -- planning from the cache, and batches ----------------------------------------------------------------


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are seconds old at once: the cache's racy window is shifted, not waited out."""
    from newscli.core.folder import cachedir

    monkeypatch.setattr(cachedir, "RACY_SECONDS", -3600.0)


def _hostile_site(site: Path, write: Write, articles: Path) -> None:
    write("2022-12-07-good.md", old("good"))
    write("trafik/2021-02-02-b.md", old("b", "2021-02-02", tags='["trafik"]'))
    write("2026-11-01-new.md", old("new", "2026-11-01"))
    write("2020-01-01-evergreen.md", old("evergreen", "2020-01-01", evergreen="true"))
    write("2020-01-01-latin1.md", old("latin", "2020-01-01").replace("Latin", "Lat\xefn").encode("latin-1"))
    write("2020-01-01-bad-toml.md", "+++\ntitle = \n+++\n")
    write("2020-01-01-bad-lead.md", old("bad-lead", "2020-01-01", lead="3"))
    write("archive/2022/2022-12-08-taken.md", old("someone-else"))
    write("2022-12-08-taken.md", old("taken", "2022-12-08"))
    write("2022-12-09-same.md", old("same", "2022-12-09"))
    write("archive/2022/2022-12-09-same.md", old("same", "2022-12-09"))  # a leftover with the same bytes
    linked = write("2020-01-01-hardlinked.md", old("hardlinked", "2020-01-01"))
    os.link(linked, site / "second-name.md")
    os.symlink(articles / "2022-12-07-good.md", articles / "2020-01-01-link.md")
    with (articles / "2020-01-01-huge.md").open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)


def test_a_warm_cache_plans_exactly_as_reading_every_file(
    site: Path, write: Write, cli: Invoke, articles: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hostile_site(site, write, articles)
    cli("list")  # fills the cache the archive shares, bad files included
    assert list((site / "cache").iterdir())
    warm = [cli("archive", "--dry-run", *extra) for extra in ((), ("--format", "json"))]
    monkeypatch.setenv("NEWSCLI_CACHE", "0")
    cold = [cli("archive", "--dry-run", *extra) for extra in ((), ("--format", "json"))]
    for w, c in zip(warm, cold, strict=True):
        assert (w.exit_code, w.stdout, w.stderr) == (c.exit_code, c.stdout, c.stderr)
    summary = json.loads(warm[1].stdout)
    assert {p["problem"] for p in summary["problems"]} == {
        "invalid",
        "destination-exists",
        "hard-linked",
        "symlink",
        "too-large",
    }
    for moved in summary["moved"]:  # the sha256 of a file the scan took from the cache is read for it
        assert moved["sha256"] == sha((site / moved["from"]).read_bytes())

    monkeypatch.delenv("NEWSCLI_CACHE")
    before = manifest(articles)
    real = cli("archive", "--format", "json")
    assert real.exit_code == 1, real.output
    # Nothing lost; only the copy beside its identical leftover is gone (the move finished).
    before[sha(old("same", "2022-12-09").encode())] -= 1
    assert manifest(articles) == before
    moved = json.loads(real.stdout)["moved"]
    assert [m["from"] for m in moved] == [m["from"] for m in summary["moved"]]
    for m in moved:
        assert m["sha256"] == sha((site / m["to"]).read_bytes())
    assert open_intents(log_records(articles)) == []


def test_text_and_json_dry_runs_plan_alike(
    site: Path, write: Write, cli: Invoke, articles: Path, settled: None
) -> None:
    _hostile_site(site, write, articles)
    cli("list")  # a warm cache: the text dry run reads no file due, the JSON one reads each for its sha256
    text = cli("archive", "--dry-run")
    as_json = cli("archive", "--dry-run", "--format", "json")
    assert text.exit_code == as_json.exit_code == 1
    assert text.stderr == as_json.stderr  # the same problems, and the same summary line
    moved = json.loads(as_json.stdout)["moved"]
    assert text.stdout.splitlines() == [f"{m['from']} -> {m['to']}" for m in moved]
    assert len(moved) == 3


def _config_with_cache(site: Path) -> Config:
    return load_config(site, cache_dir=site / "cache")


def test_the_plan_does_not_depend_on_asking_for_the_sha256(site: Path, write: Write, settled: None) -> None:
    articles = site / "articles"
    _hostile_site(site, write, articles)
    config = _config_with_cache(site)
    with core.Folder(articles) as folder:
        core.plan(folder, config, NOW)  # fills the cache: the runs below take every file from it
    asked, not_asked = (
        core.archive(
            config,
            NOW,
            core.ArchiveRequest(dry_run=True, with_sha256=wanted),
            Probe(clock=fixed_clock),
            QuietWatcher(),
        )
        for wanted in (True, False)
    )
    assert [(m.src, m.dst, m.slug) for m in asked.moved] == [(m.src, m.dst, m.slug) for m in not_asked.moved]
    assert [m.src for m in asked.moved] == [
        "2022-12-07-good.md",
        "2022-12-09-same.md",
        "trafik/2021-02-02-b.md",
    ]
    assert asked.problems == not_asked.problems
    assert (asked.checked, asked.planned) == (not_asked.checked, not_asked.planned)
    assert [m.sha256 for m in asked.moved] == [sha((articles / m.src).read_bytes()) for m in asked.moved]
    assert [m.sha256 for m in not_asked.moved if m.src != "2022-12-09-same.md"] == [None, None]
    # A real run reads what it moves.
    real = core.archive(config, NOW, core.ArchiveRequest(), Probe(clock=fixed_clock), QuietWatcher())
    assert [m.sha256 for m in real.moved] == [m.sha256 for m in asked.moved]


def test_a_file_changed_after_planning_is_a_problem_when_its_sha256_is_read(
    site: Path, write: Write, settled: None
) -> None:
    articles = site / "articles"
    write("2022-12-07-a.md", old("a"))
    write("2022-12-08-b.md", old("b", "2022-12-08"))
    config = _config_with_cache(site)
    with core.Folder(articles) as folder:
        core.plan(folder, config, NOW)
        found = core.plan(folder, config, NOW)
        assert [m.fingerprint.sha256 for m in found.moves] == [None, None]  # both from the cache
        write("2022-12-08-b.md", old("b", "2022-12-08") + "Ändrad.\n")
        core.read_sha256(folder, found)
    assert [m.src for m in found.moves] == ["2022-12-07-a.md"]
    assert found.moves[0].fingerprint.sha256 == sha((articles / "2022-12-07-a.md").read_bytes())
    assert [(p.rel, p.kind.value) for p in found.problems] == [("2022-12-08-b.md", "changed")]


@pytest.mark.parametrize(("was", "now_", "moves"), [("true ", "false", True), ("false", "true ", False)])
def test_a_cached_file_changed_with_the_same_size_and_mtime_is_judged_anew(
    write: Write, cli: Invoke, articles: Path, settled: None, was: str, now_: str, moves: bool
) -> None:
    path = write("2020-01-01-a.md", old("a", "2020-01-01", evergreen=was))
    cli("archive", "--dry-run")  # fills the cache
    before = path.stat()
    path.write_text(old("a", "2020-01-01", evergreen=now_), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # only ctime moved
    assert path.stat().st_size == before.st_size
    result = cli("archive")
    assert result.exit_code == 0, result.output
    assert (articles / "archive/2020/2020-01-01-a.md").exists() is moves
    assert path.exists() is not moves


@pytest.mark.parametrize("step", ["begin", "linked"])
def test_a_cached_file_changed_during_the_run_stays_live(
    write: Write,
    cli: Invoke,
    articles: Path,
    settled: None,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
) -> None:
    target = write("2022-12-07-a.md", old("a"))
    write("2022-12-08-b.md", old("b", "2022-12-08"))
    cli("archive", "--dry-run")  # the scan of the real run takes both from the cache
    edited = old("a") + "Rättelse.\n"

    def edit(name: str, rel: str) -> None:
        if name == step and rel == "2022-12-07-a.md":
            with target.open("a", encoding="utf-8") as handle:  # in place: same inode
                handle.write("Rättelse.\n")

    result = cli("archive", probe=Probe(clock=fixed_clock, on_step=edit))
    assert result.exit_code == 1, result.output
    assert target.read_text(encoding="utf-8") == edited
    assert not (articles / "archive/2022/2022-12-07-a.md").exists()
    assert (articles / "archive/2022/2022-12-08-b.md").exists()
    assert open_intents(log_records(articles)) == []


def test_batches_keep_each_file_to_itself_and_log_in_order(
    write: Write, cli: Invoke, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in range(1, 8):
        write(f"2022-02-0{day}-n{day}.md", old(f"n{day}", f"2022-02-0{day}"))
    before = manifest(articles)
    seen: list[tuple[str, str]] = []

    def occupy(step: str, rel: str) -> None:
        """Other files appear at two destinations mid-batch: before one intent, after another."""
        if step == "begin" and rel == "2022-02-03-n3.md":
            (articles / "archive/2022/2022-02-04-n4.md").write_text("n4 elsewhere\n", encoding="utf-8")
        if step == "intent" and seen[-1] == ("begin", "2022-02-06-n6.md"):  # the batch of n5 and n6
            (articles / "archive/2022/2022-02-06-n6.md").write_text("n6 elsewhere\n", encoding="utf-8")
        seen.append((step, rel))

    result = cli("archive", probe=Probe(clock=fixed_clock, batch_size=2, on_step=occupy))
    assert result.exit_code == 1, result.output
    assert "articles/2022-02-04-n4.md: archive/2022/2022-02-04-n4.md already exists" in result.stderr
    assert (
        "articles/2022-02-06-n6.md: archive/2022/2022-02-06-n6.md appeared during the move" in result.stderr
    )
    for day in (1, 2, 3, 5, 7):
        assert (articles / f"archive/2022/2022-02-0{day}-n{day}.md").exists()
        assert not (articles / f"2022-02-0{day}-n{day}.md").exists()
    assert (articles / "2022-02-04-n4.md").read_text(encoding="utf-8") == old("n4", "2022-02-04")
    assert (articles / "2022-02-06-n6.md").read_text(encoding="utf-8") == old("n6", "2022-02-06")
    after = manifest(articles)
    assert all(after[digest] == count for digest, count in before.items())
    records = log_records(articles)
    # Batches of two: the intents of a batch, then its done records; n4 was refused before its
    # intent, n6 after (its link failed): recorded at once, and the rest of its batch went on.
    assert [(r["state"], r["from"][8:10]) for r in records] == [
        ("intent", "01"),
        ("intent", "02"),
        ("done", "01"),
        ("done", "02"),
        ("intent", "03"),
        ("done", "03"),
        ("intent", "05"),
        ("intent", "06"),
        ("cancelled", "06"),
        ("done", "05"),
        ("intent", "07"),
        ("done", "07"),
    ]
    assert open_intents(records) == []
    assert [step for step, _ in seen].count("intent") == 4


def test_log_lines_are_what_json_dumps_gives() -> None:
    record = core.Record(
        "0123456789abcdef0123456789abcdef",
        "2026-11-29T03:15:02+01:00",
        core.MoveAction("archive"),
        core.MoveState("cancelled"),
        'trafik/"citat" \\ å\u2028.md',
        "archive/2022/x\x01y.md",
        "ab" * 32,
        3055,
        "slug",
        "cannot link it: Operation not permitted; left in place",
    )
    values = {
        "v": 1,
        "time": record.time,
        "id": record.id,
        "action": record.action,
        "state": record.state,
        "from": record.src,
        "to": record.dst,
        "sha256": record.sha256,
        "size": record.size,
        "slug": record.slug,
        "reason": record.reason,
    }
    assert log_line(record) == json.dumps(values, ensure_ascii=False) + "\n"
    bare = core.Record(
        record.id,
        record.time,
        core.MoveAction("restore"),
        core.MoveState("intent"),
        "a.md",
        "archive/2022/a.md",
    )
    assert (
        log_line(bare)
        == json.dumps(
            {k: v for k, v in values.items() if k in ("v", "time", "id")}
            | {"action": "restore", "state": "intent", "from": "a.md", "to": "archive/2022/a.md"},
            ensure_ascii=False,
        )
        + "\n"
    )


def test_file_name_that_is_not_utf8_is_reported_and_left_in_place(
    site: Path, write: Write, cli: Invoke, articles: Path
) -> None:
    write("2022-12-07-good.md", old("good"))
    bad = os.path.join(os.fsencode(articles), b"2020-01-01-bl\xe5b\xe4r.md")
    with open(bad, "wb") as handle:
        handle.write(old("blabar", "2020-01-01").encode())
    before = manifest(site)

    result = cli("archive")

    assert result.exit_code == 1, result.output
    assert manifest(site) == before
    assert os.path.exists(bad)
    assert (articles / "archive/2022/2022-12-07-good.md").exists()
    assert "not valid UTF-8" in result.stderr
    assert "internal error" not in result.stderr


def test_own_archive_after_decides_what_moves(write: Write, cli: Invoke) -> None:
    """An article's own archive_after wins over the config and over --older-than; "never" never moves."""
    write("2022-12-07-kvar.md", article_text("Kvar", "kvar", "2022-12-07", archive_after='"never"'))
    write("2022-12-08-lang.md", article_text("Lång", "lang", "2022-12-08", archive_after='"5y"'))
    write("2026-05-01-kort.md", article_text("Kort", "kort", "2026-05-01", archive_after='"6m"'))
    write("2022-12-09-granskad.md", article_text("Granskad", "granskad", "2022-12-09", reviewed="2026-01-01"))
    write("2022-12-10-vanlig.md", article_text("Vanlig", "vanlig", "2022-12-10"))
    result = cli("archive", "--dry-run", "--older-than", "1y")
    assert result.exit_code == 0, result.output
    moved = sorted(line.split(" -> ")[0] for line in result.stdout.splitlines())
    assert moved == ["articles/2022-12-10-vanlig.md", "articles/2026-05-01-kort.md"]
    result = cli("archive", "--dry-run")
    assert sorted(line.split(" -> ")[0] for line in result.stdout.splitlines()) == [
        "articles/2022-12-10-vanlig.md",
        "articles/2026-05-01-kort.md",
    ]
