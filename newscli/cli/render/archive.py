"""Drawing ``newscli archive`` and ``newscli restore``: moves on stdout, what happened on stderr, or JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from newscli.cli.output import dump_json, line, message, warn
from newscli.core.text import plural, visible

if TYPE_CHECKING:
    from newscli.core.archive import ArchiveReport, Planned, Problem, Recovery, RestoreReport, StillDue
    from newscli.core.archive.archiving import HistoryReport

FORMAT_VERSION = 1
# `newscli archive --format json`: the summary's keys (documented in docs/commands.md).
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


def say(text: str) -> None:
    message(f"newscli: {text}")


def recovered(base: str, items: Sequence[Recovery], quiet: bool) -> None:
    """What recovery did: a warning for what it could not finish; the rest unless ``quiet``."""
    for item in items:
        text = f"{base}{item.src}: interrupted {item.action}: {item.reason}"
        if not item.ok:
            warn(text)
        elif not quiet:
            say(text)


def problem(base: str, item: Problem) -> None:
    message(f"{base}{item.rel}: {item.reason}")


def moves_asked(base: str, moves: Sequence[Planned]) -> tuple[list[str], str]:
    """The lines listing the moves a person is asked about, and the question."""
    lines = [f"  {base}{item.src} -> {base}{item.dst}" for item in moves]
    return lines, visible(f"Move {plural(len(moves), 'article')} into {base}archive/?")


def archive_summary(report: ArchiveReport, quiet: bool, as_json: bool) -> None:
    """The moves (or the JSON summary) on stdout, then one line on what was done (unless quiet)."""
    from newscli.core.timeutil import rfc3339

    shown = report.shown
    if as_json:
        summary = {
            "format_version": FORMAT_VERSION,
            "dry_run": report.dry_run,
            "now": rfc3339(report.now),
            "archive_after": report.archive_after.spelling(),
            "checked": report.checked,
            "moved": [
                {"from": shown(m.src), "to": shown(m.dst), "slug": m.slug, "sha256": m.sha256}
                for m in report.moved
            ],
            "problems": [
                {"path": shown(p.rel), "problem": p.kind, "reason": p.reason} for p in report.problems
            ],
            "recovered": [
                {
                    "action": r.action,
                    "from": shown(r.src),
                    "to": shown(r.dst),
                    "outcome": r.outcome,
                    "ok": r.ok,
                    "reason": r.reason,
                }
                for r in report.recovered
            ],
        }
        assert tuple(summary) == SUMMARY_KEYS
        dump_json(summary)
    elif not quiet:
        for m in report.moved:
            line(f"{shown(m.src)} -> {shown(m.dst)}")
    if not quiet:
        after = report.archive_after
        rule = f"--older-than {after.spelling()}" if report.older_than else f"archive_after {after}"
        say(_summary_line(report, rule))
    if report.stopped:
        say(
            f"interrupted: {len(report.moved)} of {report.planned} moved, the rest stay live; "
            "run again to continue"
        )


def _summary_line(report: ArchiveReport, rule: str) -> str:
    failed = len(report.problems)
    trouble = f"; {plural(failed, 'file')} not moved (see above)" if failed else ""
    into = report.shown("archive") + "/"
    count = plural(len(report.moved), "article")
    if report.dry_run:
        return f"dry run: {count} would be moved into {into}{trouble}; nothing changed"
    if report.moved:
        return f"archived {count} into {into}{trouble}"
    if not report.planned and not failed:
        checked = plural(report.checked, "live article")
        return f"nothing to archive: {checked} checked, none due ({rule})"
    return f"nothing was archived{trouble}"


def history(report: HistoryReport, as_json: bool) -> None:
    """Every move in the log, oldest first; a warning for lines that could not be read."""
    shown = report.shown
    if as_json:
        document = {
            "format_version": FORMAT_VERSION,
            "log": str(report.log),
            "entries": [
                {
                    "id": e.id,
                    "time": e.time,
                    "action": e.action,
                    "state": e.state,
                    "from": shown(e.src),
                    "to": shown(e.dst),
                    "sha256": e.sha256,
                    "reason": e.reason,
                }
                for e in report.entries
            ],
            "unreadable_lines": report.unreadable,
        }
        dump_json(document)
    else:
        for e in report.entries:
            state = "interrupted" if e.state == "intent" else e.state
            digest = f"  sha256:{e.sha256[:16]}" if e.sha256 else ""
            why = f"  ({e.reason})" if e.reason and e.state != "done" else ""
            paths = f"{shown(e.src)} -> {shown(e.dst)}"
            line(f"{e.time}  {e.action:<7}  {state:<11}  {paths}{digest}{why}")
        if not report.entries:
            log_name = shown(report.log.name)
            message(f"newscli: the archive log {log_name} is empty or absent: nothing archived yet")
    if report.unreadable:
        lines = plural(report.unreadable, "line")
        warn(f"{lines} of the archive log could not be read (torn by a crash, or edited); skipped")


def restored(report: RestoreReport) -> None:
    """The live path on stdout; what was done, and a warning when the next archive run takes it back."""
    shown = report.shown
    src, dst = report.src, report.dst
    line(shown(dst))
    paths = f"{shown(src)} -> {shown(dst)}"
    if src == dst:
        say(f"{report.named} is not archived: it is live at {shown(dst)}; nothing to do")
    else:
        say(f"dry run: would restore {paths}; nothing changed" if report.dry_run else f"restored {paths}")
    if report.still_due is not None:
        _still_due(report.still_due)


def _still_due(due: StillDue) -> None:
    since = "last modified" if due.stale_from == "lastmod" else "published"
    warn(
        f"{due.slug} is still due for archiving ({since} {due.reference.date().isoformat()}, "
        f"archive_after {due.archive_after}): the next `newscli archive` moves it back"
    )
    if due.stale_from == "lastmod":
        message("  to keep it live: set `evergreen = true` in its front matter, or update its `lastmod`")
    else:
        message(
            "  to keep it live: set `evergreen = true` in its front matter, or update its `lastmod` "
            'and set `stale_from = "lastmod"` in newscli.toml'
        )
