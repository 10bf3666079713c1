"""The closed sets are enums whose values are the contract's strings: pinned here as literals.

JSON (`archive --format json`, `archive --history --format json`), the archive log and the config
say these strings; an enum member renamed keeps them, a value changed breaks this test.
"""

from __future__ import annotations

from pathlib import Path

from conftest import Write, article_text

from newscli.core.rules.config import StaleFrom
from newscli.core.usecases.archive import MoveAction, MoveState, ProblemKind, RecoveryOutcome
from newscli.core.writing.durable import Step

REPO = Path(__file__).resolve().parent.parent


def test_the_archive_logs_actions_and_states() -> None:
    assert [a.value for a in MoveAction] == ["archive", "restore"]
    assert [s.value for s in MoveState] == ["intent", "done", "cancelled", "failed"]


def test_the_problems_and_recovery_outcomes_archive_reports_are_the_documented_ones() -> None:
    problems = {
        "symlink", "not-regular", "hard-linked", "unreadable", "too-large", "invalid", "changed",
        "missing", "destination-exists", "unsafe-folder", "move-failed",
    }  # fmt: skip
    outcomes = {"finished", "recorded", "left-in-place", "conflict", "missing", "unsafe", "hidden-file"}
    assert {k.value for k in ProblemKind} == problems
    assert {o.value for o in RecoveryOutcome} == outcomes
    reference = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
    for value in problems | outcomes:
        assert f"`{value}`" in reference, value


def test_stale_from_and_the_probes_steps() -> None:
    assert [s.value for s in StaleFrom] == ["date", "lastmod"]
    assert {"temp-created", "temp-synced", "renamed", "folder-synced", "intent", "linked", "done"} <= {
        s.value for s in Step
    }


def test_an_enum_is_written_as_its_string() -> None:
    import json

    from newscli.core.usecases.archive.log import Record, log_line

    record = Record(
        "0" * 32, "2026-11-29T03:15:02+01:00", MoveAction.ARCHIVE, MoveState.DONE, "a.md", "archive/2022/a.md"
    )
    line = json.loads(log_line(record))
    assert (line["action"], line["state"]) == ("archive", "done")
    assert (
        json.dumps([ProblemKind.TOO_LARGE, RecoveryOutcome.LEFT_IN_PLACE]) == '["too-large", "left-in-place"]'
    )
    assert f"{StaleFrom.LASTMOD}" == "lastmod"


def test_the_parts_of_a_folder_name_the_slug_index_files() -> None:
    """The parts' values name completion's index files and are in the summaries cache's identity:
    renamed, every user's cache and index would be read anew once, and old files left behind."""
    from newscli.core.folder.slugindex import Part, path_in

    assert [p.value for p in Part] == ["live", "archived"]
    paths = [path_in(Path("/cache"), Path("/articles"), part) for part in Part]
    assert [p.name.split("-", 1)[1] for p in paths if p is not None] == ["live.slugs", "archived.slugs"]


def test_what_completion_offers() -> None:
    from newscli.cli.quickcomplete import Wanted, wanted

    assert [w.value for w in Wanted] == ["any", "live", "archived", "tags", "all-tags"]
    assert wanted(["show"], "") == "any"
    assert wanted(["restore"], "") == "archived"
    assert wanted(["publish"], "") == "live"
    assert wanted(["list", "--tag"], "") == "tags"
    assert wanted(["list", "--all", "--tag"], "") == "all-tags"
    assert wanted(["new", "--supersedes"], "") == "any"
    assert wanted(["list"], "") is None


def test_the_toml_readers_are_named_by_newscli_toml_reader(site: Path, write: Write) -> None:
    from archive_support import run_forked

    from newscli.core.reading.frontmatter import TomlReader

    assert [r.value for r in TomlReader] == ["auto", "toml-rs", "python"]
    write("2026-01-01-nyhet.md", article_text())
    for name in ("auto", "python"):
        assert run_forked(site, "validate", NEWSCLI_TOML_READER=name).returncode == 0
    bad = run_forked(site, "validate", NEWSCLI_TOML_READER="rust")
    assert bad.returncode == 2
    assert "newscli: error: NEWSCLI_TOML_READER='rust': use one of auto, toml-rs, python" in bad.stderr
