"""Recovery from each state a crash can leave a move in, built by hand: what the next run does."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from archive_support import LOG, log_records, manifest, open_intents, sha, snapshot_tree, write_intent
from conftest import Invoke, Write, article_text

OLD = article_text("A", "a", "2022-12-07")
SRC = "2022-12-07-a.md"
DST = "archive/2022/2022-12-07-a.md"


@pytest.fixture
def articles(site: Path) -> Path:
    return site / "articles"


def _last_state(articles: Path, op_id: str) -> str:
    return str([r for r in log_records(articles) if r["id"] == op_id][-1]["state"])


def test_intent_without_link_is_closed_and_the_move_is_made_again(
    write: Write, cli: Invoke, articles: Path
) -> None:
    write(SRC, OLD)
    op_id = write_intent(articles, SRC, DST, OLD.encode())
    result = cli("archive")
    assert result.exit_code == 0, result.output
    assert _last_state(articles, op_id) == "cancelled"
    assert "interrupted archive: nothing had moved yet" in result.stderr
    assert (articles / DST).read_text(encoding="utf-8") == OLD
    assert not (articles / SRC).exists()
    assert open_intents(log_records(articles)) == []


def test_both_names_of_one_file_the_source_name_goes(write: Write, cli: Invoke, articles: Path) -> None:
    source = write(SRC, OLD)
    (articles / "archive/2022").mkdir(parents=True)
    os.link(source, articles / DST)
    op_id = write_intent(articles, SRC, DST, OLD.encode())
    result = cli("archive", "--older-than", "100y")  # nothing due: recovery alone
    assert result.exit_code == 0, result.output
    assert not source.exists()
    assert (articles / DST).read_text(encoding="utf-8") == OLD
    assert (articles / DST).stat().st_nlink == 1
    assert _last_state(articles, op_id) == "done"
    assert "finished the move to archive/2022/2022-12-07-a.md" in result.stderr


def test_name_put_aside_is_removed_when_the_destination_holds_the_file(
    write: Write, cli: Invoke, articles: Path
) -> None:
    write(DST, OLD)
    op_id = write_intent(articles, SRC, DST, OLD.encode())
    os.link(articles / DST, articles / f".newscli-moving-{op_id}")  # crash between rename and unlink
    result = cli("archive", "--older-than", "100y")
    assert result.exit_code == 0, result.output
    assert not (articles / f".newscli-moving-{op_id}").exists()
    assert (articles / DST).read_text(encoding="utf-8") == OLD
    assert _last_state(articles, op_id) == "done"


def test_file_put_aside_alone_goes_back_to_its_name(write: Write, cli: Invoke, articles: Path) -> None:
    # A replaced file was set aside, then the crash came before it was put back: it is the only copy.
    op_id = write_intent(articles, SRC, DST, OLD.encode())
    newer = OLD + "Ny version.\n"
    (articles / f".newscli-moving-{op_id}").write_text(newer, encoding="utf-8")
    result = cli("archive", "--older-than", "100y")
    assert result.exit_code == 0, result.output
    assert (articles / SRC).read_text(encoding="utf-8") == newer
    assert not (articles / f".newscli-moving-{op_id}").exists()
    assert _last_state(articles, op_id) == "cancelled"


def test_file_put_aside_beside_a_new_source_is_kept_and_reported(
    write: Write, cli: Invoke, articles: Path
) -> None:
    write(SRC, OLD)
    op_id = write_intent(articles, SRC, DST, OLD.encode())
    aside = articles / f".newscli-moving-{op_id}"
    aside.write_text("något annat\n", encoding="utf-8")
    result = cli("archive", "--older-than", "100y")
    assert result.exit_code == 1, result.output
    assert aside.read_text(encoding="utf-8") == "något annat\n"
    assert (articles / SRC).read_text(encoding="utf-8") == OLD
    assert f"a file left aside as .newscli-moving-{op_id}" in result.stderr
    assert _last_state(articles, op_id) == "failed"


def test_completed_move_without_its_done_record_is_recorded(
    write: Write, cli: Invoke, articles: Path
) -> None:
    write(DST, OLD)
    op_id = write_intent(articles, SRC, DST, OLD.encode())
    result = cli("archive")
    assert result.exit_code == 0, result.output
    assert _last_state(articles, op_id) == "done"
    assert "the move had completed" in result.stderr


def test_both_names_with_different_content_are_both_kept(write: Write, cli: Invoke, articles: Path) -> None:
    write(SRC, OLD)
    write(DST, OLD + "Ändrad.\n")
    op_id = write_intent(articles, SRC, DST, OLD.encode())
    before = manifest(articles)
    result = cli("archive")
    assert result.exit_code == 1, result.output
    assert manifest(articles) == before
    assert _last_state(articles, op_id) == "failed"
    assert "both exist with different content; both kept" in result.stderr
    again = cli("archive")  # the record is closed: no second recovery, the planner reports the conflict
    assert again.exit_code == 1
    assert "interrupted" not in again.stderr
    assert "already exists with other content" in again.stderr


def test_neither_name_exists(write: Write, cli: Invoke, articles: Path) -> None:
    op_id = write_intent(articles, SRC, DST, OLD.encode())
    result = cli("archive")
    assert result.exit_code == 1, result.output
    assert "neither" in result.stderr
    assert _last_state(articles, op_id) == "failed"
    assert cli("archive").exit_code == 0


def test_interrupted_restore_is_finished_by_the_next_archive_run(
    write: Write, cli: Invoke, articles: Path
) -> None:
    archived = write(DST, OLD)
    write("trafik/.keep", "")
    os.link(archived, articles / "trafik" / SRC)
    op_id = write_intent(articles, DST, f"trafik/{SRC}", OLD.encode(), action="restore")
    result = cli("archive", "--older-than", "100y")
    assert result.exit_code == 0, result.output
    assert not archived.exists()
    assert (articles / "trafik" / SRC).read_text(encoding="utf-8") == OLD
    assert _last_state(articles, op_id) == "done"


@pytest.mark.usefixtures("cache_outside_site")
def test_dry_run_says_what_recovery_would_do_and_changes_nothing(
    site: Path, write: Write, cli: Invoke, articles: Path
) -> None:
    source = write(SRC, OLD)
    (articles / "archive/2022").mkdir(parents=True)
    os.link(source, articles / DST)
    write_intent(articles, SRC, DST, OLD.encode())
    before = snapshot_tree(site)
    result = cli("archive", "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    assert snapshot_tree(site) == before
    [recovered] = json.loads(result.stdout)["recovered"]
    assert recovered == {
        "action": "archive",
        "from": "articles/2022-12-07-a.md",
        "to": "articles/archive/2022/2022-12-07-a.md",
        "outcome": "finished",
        "ok": True,
        "reason": "the next run finishes the move to archive/2022/2022-12-07-a.md",
    }


def test_log_records_pointing_outside_the_folder_are_never_acted_on(
    site: Path, write: Write, cli: Invoke, articles: Path
) -> None:
    outside = site / "outside.md"
    outside.write_text(OLD, encoding="utf-8")
    write(DST, OLD)
    write_intent(articles, "../outside.md", DST, OLD.encode())
    write_intent(articles, "/etc/outside.md", DST, OLD.encode())
    write_intent(articles, SRC, "../archive/2022/x.md", OLD.encode())
    result = cli("archive")
    assert result.exit_code == 0, result.output
    assert outside.read_text(encoding="utf-8") == OLD
    assert (articles / DST).exists()
    history = cli("archive", "--history")
    assert "3 lines of the archive log could not be read" in history.stderr
    assert (articles / LOG).read_text(encoding="utf-8").count("\n") == 3  # nothing appended for them


def test_several_moves_of_a_batch_in_different_states_are_all_recovered(
    write: Write, cli: Invoke, articles: Path
) -> None:
    """A crash mid-batch leaves several intents open at once, each move at its own step."""
    texts = {name: article_text(name.upper(), name, "2022-12-07") for name in ("a", "b", "c", "d")}
    src = {name: f"2022-12-07-{name}.md" for name in texts}
    dst = {name: f"archive/2022/2022-12-07-{name}.md" for name in texts}
    write(src["a"], texts["a"])  # a: intent only, nothing linked
    source_b = write(src["b"], texts["b"])  # b: linked, both names
    (articles / "archive/2022").mkdir(parents=True, exist_ok=True)
    os.link(source_b, articles / dst["b"])
    write(dst["c"], texts["c"])  # c: renamed aside, then the crash
    write(dst["d"], texts["d"])  # d: source removed, no done record
    ids = {name: write_intent(articles, src[name], dst[name], texts[name].encode()) for name in texts}
    os.link(articles / dst["c"], articles / f".newscli-moving-{ids['c']}")

    result = cli("archive", "--older-than", "100y")  # recovery alone: nothing else due

    assert result.exit_code == 0, result.output
    assert manifest(articles) == Counter(sha(text.encode()) for text in texts.values())  # each once
    assert [_last_state(articles, ids[name]) for name in "abcd"] == ["cancelled", "done", "done", "done"]
    assert (articles / src["a"]).read_text(encoding="utf-8") == texts["a"]
    for name in "bcd":
        assert (articles / dst[name]).read_text(encoding="utf-8") == texts[name]
        assert not (articles / src[name]).exists()
    assert not list(articles.glob(".newscli-moving-*"))
    assert open_intents(log_records(articles)) == []
