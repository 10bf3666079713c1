"""Crash safety: kill ``newscli archive`` / ``restore`` at every step, then rerun.

``NEWSCLI_CRASH_AT=k`` makes the process SIGKILL itself at the k-th step of the move and recovery
sequences (see ``newscli.core.usecases.archive``). The number of steps is counted first, in-process,
on the same folder; then every step is a kill point, each in its own copy of the folder. Each killed
run is a forked child of the test process (``run_forked``: the command line's entry point, the probe
read from the environment, a real SIGKILL), which costs a fork instead of an interpreter's start;
the rerun after it needs no process of its own and runs in the test process
(``inprocess_support.run_here``: an archive of five articles cost 16-19 ms of CPU forked, parent
and child, 5 ms so, load 7). A few kill points are also run, and rerun, as real
``python -m newscli`` processes (the last tests).
Moves are made in batches: ``NEWSCLI_ARCHIVE_BATCH`` runs the same three moves as three batches of
one (the per-file sequence), as a batch of two then one (a batch boundary), and as one batch.

After each crash: every article content is still present under an article name (nothing lost),
nothing new appeared. After the rerun: exactly the layout of a run that never crashed, the same
multiset of contents (nothing duplicated), no open intent in the log, no temporary name left.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from archive_support import (
    NOW,
    copy_site,
    layout,
    log_records,
    manifest,
    memory_folder,
    open_intents,
    run_forked,
    run_newscli,
)
from conftest import CONFIG, article_text
from inprocess_support import run_here
from typer.testing import CliRunner

from newscli.cli.app import app
from newscli.cli.options import GlobalOptions, probe_from
from newscli.core.probe import BATCH_SIZE

KILLED = -9  # returncode of a process ended by SIGKILL
BATCH = "NEWSCLI_ARCHIVE_BATCH"
DUE = 3  # articles due in the site below

ARTICLES = {
    "2022-03-01-a.md": article_text("A", "a", "2022-03-01"),
    "2022-04-01-b.md": article_text("B", "b", "2022-04-01", body="Med CRLF.\r\n"),
    "trafik/2021-05-01-c.md": article_text("C", "c", "2021-05-01", tags='["trafik"]'),
    "2026-10-01-live.md": article_text("Live", "live", "2026-10-01"),
    "2020-01-01-evergreen.md": article_text("E", "evergreen", "2020-01-01", evergreen="true"),
}


def _make_site(root: Path) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "newscli.toml").write_text(CONFIG, encoding="utf-8")
    for rel, text in ARTICLES.items():
        path = root / "articles" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    (root / "articles/archive/2021").mkdir(parents=True)  # one year folder exists already
    return root


def _count_steps(
    template: Path, work: Path, monkeypatch: pytest.MonkeyPatch, *args: str, copy: bool = True
) -> tuple[list[str], dict[str, str]]:
    """Run in-process on a copy (or in ``work`` itself), recording the steps; return them and the layout."""
    site = shutil.copytree(template, work, symlinks=True) if copy else work
    steps: list[str] = []
    probe = probe_from(os.environ)  # the batch size the test set, as a process would read it
    probe.on_step = lambda step, rel: steps.append(step)
    monkeypatch.chdir(site)
    monkeypatch.setenv("NEWSCLI_NOW", NOW)
    result = CliRunner().invoke(app, list(args), catch_exceptions=False, obj=GlobalOptions(probe=probe))
    assert result.exit_code == 0, result.output
    return steps, layout(site / "articles")


def _problems_after_crash(articles: Path, before: Counter[str]) -> list[str]:
    after = manifest(articles)
    problems = []
    if set(after) != set(before):
        lost = set(before) - set(after)
        new = set(after) - set(before)
        problems.append(f"contents lost {sorted(lost)} or new {sorted(new)}")
    if any(count > 2 * before[digest] for digest, count in after.items()):
        problems.append(f"more than one extra name: {after}")
    return problems


def _problems_after_rerun(articles: Path, before: Counter[str], expected: dict[str, str]) -> list[str]:
    problems = []
    if manifest(articles) != before:
        problems.append("multiset of contents differs (duplicate or loss)")
    if layout(articles) != expected:
        problems.append(f"layout differs from a run that never crashed: {sorted(layout(articles))}")
    records = log_records(articles)
    if open_intents(records):
        problems.append(f"open intents left in the log: {open_intents(records)}")
    leftovers = list(articles.rglob(".newscli-moving-*"))
    if leftovers:
        problems.append(f"temporary names left: {leftovers}")
    return problems


def _run_all(jobs: list[Callable[[], list[str]]]) -> list[str]:
    """Every job's problems; one after the other (a fork from a process with threads is unsafe)."""
    return [problem for job in jobs for problem in job()]


@pytest.fixture
def work(tmp_path: Path) -> Iterator[Path]:
    """Where the forked runs work: a memory file system where there is one (``memory_folder``)."""
    with memory_folder(tmp_path) as folder:
        yield folder


@pytest.fixture
def template(work: Path) -> Path:
    return _make_site(work / "template")


@pytest.mark.parametrize("batch", [1, 2, BATCH_SIZE])
def test_archive_killed_at_every_step_then_rerun(
    template: Path, work: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    size = str(batch)
    monkeypatch.setenv(BATCH, size)
    names, expected = _count_steps(template, work / "count", monkeypatch, "archive")
    steps = len(names)
    # Per file "begin", "linked", "verified", "renamed", "unlinked"; per batch "intent", "dst-synced",
    # "src-synced", "done"; and the new folder archive/2022: the hook counts.
    batches = -(-DUE // batch)
    assert steps == DUE * 5 + batches * 4 + 1, names
    assert names.count("intent") == batches
    if batch == 1:  # batches of one: the sequence of single moves, step for step
        one = [
            "begin",
            "intent",
            "linked",
            "dst-synced",
            "verified",
            "renamed",
            "unlinked",
            "src-synced",
            "done",
        ]
        assert names == ["begin", "mkdir", *one[1:], *one, *one]
    assert set(expected) == {
        "archive/2022/2022-03-01-a.md",
        "archive/2022/2022-04-01-b.md",
        "archive/2021/2021-05-01-c.md",
        "2026-10-01-live.md",
        "2020-01-01-evergreen.md",
    }
    before = manifest(template / "articles")

    def kill_at(k: int) -> Callable[[], list[str]]:
        def job() -> list[str]:
            site = shutil.copytree(template, work / f"k{k}", symlinks=True)
            articles = site / "articles"
            crashed = run_forked(site, "archive", crash_at=k, NEWSCLI_ARCHIVE_BATCH=size)
            if crashed.returncode != KILLED:
                return [f"k={k}: expected a kill, got {crashed.returncode}: {crashed.stderr}"]
            problems = _problems_after_crash(articles, before)
            rerun = run_here(site, "archive", NEWSCLI_ARCHIVE_BATCH=size)
            if rerun.returncode != 0:
                problems.append(f"rerun exit {rerun.returncode}: {rerun.stderr}")
            problems += _problems_after_rerun(articles, before, expected)
            return [f"k={k}: {p}" for p in problems]

        return job

    def beyond() -> list[str]:
        site = shutil.copytree(template, work / "beyond", symlinks=True)
        done = run_forked(site, "archive", crash_at=steps + 1, NEWSCLI_ARCHIVE_BATCH=size)
        again = run_here(site, "archive", NEWSCLI_ARCHIVE_BATCH=size)
        problems = _problems_after_rerun(site / "articles", before, expected)
        if done.returncode != 0 or again.returncode != 0 or "nothing to archive" not in again.stderr:
            problems.append(f"uncrashed run: {done.returncode} {again.returncode} {again.stderr}")
        return problems

    problems = _run_all([kill_at(k) for k in range(1, steps + 1)] + [beyond])
    assert problems == []


def test_archive_killed_twice_crash_during_recovery(
    template: Path, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each state a crash can leave a batch of moves in, then the rerun killed at each step of its recovery.

    With batches of two, the first batch goes through every state with two moves under way at once:
    intents written (nothing linked), one linked, both linked, one renamed aside, one removed and
    the other still linked, both removed (done records missing). For each, the recovery's steps are
    counted on a crashed copy; the rerun is then killed at each of them, and at the first steps
    after them (the moves that follow), and a last run must leave what an uncrashed run leaves.
    """
    size = "2"
    monkeypatch.setenv(BATCH, size)
    names, expected = _count_steps(template, work / "count", monkeypatch, "archive")
    first_batch = range(names.index("intent") + 1, names.index("done") + 1)
    before = manifest(template / "articles")
    crashed: dict[int, Path] = {}  # the folder as the first run, killed at step k, left it

    def recovery_steps(k: int) -> int:
        probe = shutil.copytree(template, work / f"probe{k}", symlinks=True)
        assert run_forked(probe, "archive", crash_at=k, NEWSCLI_ARCHIVE_BATCH=size).returncode == KILLED
        crashed[k] = copy_site(probe, work / f"crashed{k}")
        steps, _ = _count_steps(probe, probe, monkeypatch, "archive", copy=False)
        moves_start = steps.index("begin") if "begin" in steps else len(steps)
        return moves_start

    plan = [(k, j) for k in first_batch for j in range(1, recovery_steps(k) + 3)]
    assert len(plan) > 4 * len(first_batch), plan  # every state leaves several moves to recover

    def kill_twice(k: int, j: int) -> Callable[[], list[str]]:
        def job() -> list[str]:
            # A kill is the same state each time: the first run's, once per k, copied for each j.
            site = copy_site(crashed[k], work / f"k{k}-j{j}")
            articles = site / "articles"
            second = run_forked(site, "archive", crash_at=j, NEWSCLI_ARCHIVE_BATCH=size)
            problems = []
            if second.returncode not in (KILLED, 0):
                problems.append(f"second run exit {second.returncode}: {second.stderr}")
            problems += _problems_after_crash(articles, before)
            final = run_here(site, "archive", NEWSCLI_ARCHIVE_BATCH=size)
            if final.returncode != 0:
                problems.append(f"final run exit {final.returncode}: {final.stderr}")
            problems += _problems_after_rerun(articles, before, expected)
            return [f"k={k} j={j}: {p}" for p in problems]

        return job

    assert _run_all([kill_twice(k, j) for k, j in plan]) == []


def test_restore_killed_at_every_step_then_rerun(
    template: Path, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archived = _make_site(work / "archived")
    assert run_forked(archived, "archive").returncode == 0
    (archived / "articles/trafik").rmdir()  # the restore must recreate the folder it came from
    names, expected = _count_steps(archived, work / "count", monkeypatch, "restore", "c")
    steps = len(names)
    assert steps == 10, names  # begin, the new folder trafik/, intent .. done
    assert "trafik/2021-05-01-c.md" in expected
    before = manifest(archived / "articles")

    def kill_at(k: int) -> Callable[[], list[str]]:
        def job() -> list[str]:
            site = shutil.copytree(archived, work / f"r{k}", symlinks=True)
            articles = site / "articles"
            crashed = run_forked(site, "restore", "c", crash_at=k)
            if crashed.returncode != KILLED:
                return [f"k={k}: expected a kill, got {crashed.returncode}: {crashed.stderr}"]
            problems = _problems_after_crash(articles, before)
            rerun = run_here(site, "restore", "c")
            if rerun.returncode != 0 or rerun.stdout.strip() != "articles/trafik/2021-05-01-c.md":
                problems.append(f"rerun exit {rerun.returncode}: {rerun.stdout} {rerun.stderr}")
            problems += _problems_after_rerun(articles, before, expected)
            return [f"k={k}: {p}" for p in problems]

        return job

    assert _run_all([kill_at(k) for k in range(1, steps + 1)]) == []


# Every kill point runs in a forked child above; these two (mid-batch, two moves under way; and
# the last step) also as real processes.
@pytest.mark.parametrize(("batch", "step"), [("2", "linked"), ("256", "done")])
def test_real_process_killed_then_rerun(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: str, step: str
) -> None:
    """A few kill points with real ``python -m newscli`` processes, as cron starts them."""
    monkeypatch.setenv(BATCH, batch)
    names, expected = _count_steps(template, tmp_path / "count", monkeypatch, "archive")
    k = names.index(step) + 1
    before = manifest(template / "articles")
    site = shutil.copytree(template, tmp_path / "site", symlinks=True)
    crashed = run_newscli(site, "archive", crash_at=k, NEWSCLI_ARCHIVE_BATCH=batch)
    assert crashed.returncode == KILLED, crashed.stderr
    assert _problems_after_crash(site / "articles", before) == []
    rerun = run_newscli(site, "archive", NEWSCLI_ARCHIVE_BATCH=batch)
    assert rerun.returncode == 0, rerun.stderr
    assert _problems_after_rerun(site / "articles", before, expected) == []


def test_real_process_killed_mid_restore_then_rerun(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archived = _make_site(tmp_path / "archived")
    assert run_forked(archived, "archive").returncode == 0
    names, expected = _count_steps(archived, tmp_path / "count", monkeypatch, "restore", "c")
    before = manifest(archived / "articles")
    crashed = run_newscli(archived, "restore", "c", crash_at=names.index("linked") + 1)
    assert crashed.returncode == KILLED, crashed.stderr
    rerun = run_newscli(archived, "restore", "c")
    assert rerun.returncode == 0, rerun.stderr
    assert _problems_after_rerun(archived / "articles", before, expected) == []
