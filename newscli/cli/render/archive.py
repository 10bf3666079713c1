"""Drawing ``newscli archive`` and ``newscli restore``: moves on stdout, what happened on stderr, or JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from newscli.cli.output import dump_json, line, message, warn
from newscli.core.rules.config import StaleFrom
from newscli.core.text import visible
from newscli.core.usecases.archive.log import MoveAction, MoveState
from newscli.i18n import _, localize, ngettext

if TYPE_CHECKING:
    from newscli.core.usecases.archive import (
        ArchiveReport,
        Planned,
        Problem,
        Recovery,
        RestoreReport,
        StillDue,
    )
    from newscli.core.usecases.archive.archiving import HistoryReport

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
    message(_("newscli: {message}").format(message=text))


def recovered(base: str, items: Sequence[Recovery], quiet: bool) -> None:
    """What recovery did: a warning for what it could not finish; the rest unless ``quiet``."""
    for item in items:
        action = _("archive") if item.action is MoveAction.ARCHIVE else _("restore")
        text = _("{path}: interrupted {action}: {reason}").format(
            path=f"{base}{item.src}", action=action, reason=localize(item.reason)
        )
        if not item.ok:
            warn(text)
        elif not quiet:
            say(text)


def problem(base: str, item: Problem) -> None:
    message(f"{base}{item.rel}: {localize(item.reason)}")


def moves_asked(base: str, moves: Sequence[Planned]) -> tuple[list[str], str]:
    """The lines listing the moves a person is asked about, and the question."""
    lines = [f"  {base}{item.src} -> {base}{item.dst}" for item in moves]
    question = ngettext(
        "Move {count} article into {folder}?", "Move {count} articles into {folder}?", len(moves)
    )
    return lines, visible(question.format(count=len(moves), folder=f"{base}archive/"))


def damaged_log(lines: int) -> None:
    """Lines of the archive log that could not be read: skipped, and said (quiet or not)."""
    if lines:
        from newscli.i18n import ngettext

        text = ngettext(
            "{count} line of the archive log could not be read (torn by a crash, or edited); skipped",
            "{count} lines of the archive log could not be read (torn by a crash, or edited); skipped",
            lines,
        )
        warn(text.format(count=lines))


def archive_summary(report: ArchiveReport, quiet: bool, as_json: bool) -> None:
    """The moves (or the JSON summary) on stdout, then one line on what was done (unless quiet)."""
    from newscli.core.rules.timeutil import rfc3339

    damaged_log(report.unreadable_log_lines)

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
        rule = (
            f"--older-than {after.spelling()}"
            if report.older_than
            else f"archive_after {localize(after.describe())}"
        )
        say(_summary_line(report, rule))
        if report.committed is not None and report.committed.cleared:
            say(
                _("removed {paths}: git's lock files left from before this machine started").format(
                    paths=", ".join(report.committed.cleared)
                )
            )
        if report.committed is not None:
            moves = ngettext("{count} move", "{count} moves", len(report.moved)).format(
                count=len(report.moved)
            )
            paths = ngettext("{count} path", "{count} paths", len(report.committed.paths)).format(
                count=len(report.committed.paths)
            )
            if report.committed.earlier:
                earlier = ngettext(
                    "{count} move an earlier run left uncommitted",
                    "{count} moves an earlier run left uncommitted",
                    report.committed.earlier,
                ).format(count=report.committed.earlier)
                say(
                    _("committed {commit}: {moves}, {earlier} and the log ({paths})").format(
                        commit=report.committed.commit, moves=moves, earlier=earlier, paths=paths
                    )
                )
            else:
                say(
                    _("committed {commit}: {moves} and the log ({paths})").format(
                        commit=report.committed.commit, moves=moves, paths=paths
                    )
                )
    if report.stopped:
        say(
            _("interrupted: {moved} of {planned} moved, the rest stay live; run again to continue").format(
                moved=len(report.moved), planned=report.planned
            )
        )


def _summary_line(report: ArchiveReport, rule: str) -> str:
    failed = len(report.problems)
    not_moved = ngettext("{count} file not moved (see above)", "{count} files not moved (see above)", failed)
    trouble = "; " + not_moved.format(count=failed) if failed else ""
    into = report.shown("archive") + "/"
    moved = len(report.moved)
    if report.dry_run:
        text = ngettext(
            "dry run: {count} article would be moved into {folder}{trouble}; nothing changed",
            "dry run: {count} articles would be moved into {folder}{trouble}; nothing changed",
            moved,
        )
        return text.format(count=moved, folder=into, trouble=trouble)
    if report.moved:
        text = ngettext(
            "archived {count} article into {folder}{trouble}",
            "archived {count} articles into {folder}{trouble}",
            moved,
        )
        return text.format(count=moved, folder=into, trouble=trouble)
    if not report.planned and not failed:
        text = ngettext(
            "nothing to archive: {count} live article checked, none due ({rule})",
            "nothing to archive: {count} live articles checked, none due ({rule})",
            report.checked,
        )
        return text.format(count=report.checked, rule=rule)
    return _("nothing was archived{trouble}").format(trouble=trouble)


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
            state = "interrupted" if e.state is MoveState.INTENT else e.state
            digest = f"  sha256:{e.sha256[:16]}" if e.sha256 else ""
            why = f"  ({e.reason})" if e.reason and e.state is not MoveState.DONE else ""
            paths = f"{shown(e.src)} -> {shown(e.dst)}"
            line(f"{e.time}  {e.action:<7}  {state:<11}  {paths}{digest}{why}")
        if not report.entries:
            log_name = shown(report.log.name)
            message(
                _("newscli: the archive log {log} is empty or absent: nothing archived yet").format(
                    log=log_name
                )
            )
    damaged_log(report.unreadable)


def restored(report: RestoreReport) -> None:
    """The live path on stdout; what was done, and a warning when the next archive run takes it back."""
    shown = report.shown
    src, dst = report.src, report.dst
    damaged_log(report.unreadable_log_lines)
    line(shown(dst))
    paths = f"{shown(src)} -> {shown(dst)}"
    if src == dst and report.archive_after_set:  # only the key is (or would be) set
        say(
            _("{name} is not archived: it is live at {path}; nothing to move").format(
                name=report.named, path=shown(dst)
            )
        )
    elif src == dst and report.archive_after is not None:
        say(
            _(
                "{name} is not archived: it is live at {path}, with archive_after = {value!r}; nothing to do"
            ).format(name=report.named, path=shown(dst), value=report.archive_after)
        )
    elif src == dst:
        say(
            _("{name} is not archived: it is live at {path}; nothing to do").format(
                name=report.named, path=shown(dst)
            )
        )
    elif report.dry_run:
        say(_("dry run: would restore {paths}; nothing changed").format(paths=paths))
    else:
        say(_("restored {paths}").format(paths=paths))
    if report.archive_after is not None and not report.archive_after_set and src != dst:
        say(
            _("archive_after = {value!r} already in {path}").format(
                value=report.archive_after, path=shown(dst)
            )
        )
    elif report.archive_after is not None and report.archive_after_set:
        if report.dry_run:
            say(
                _("dry run: would set archive_after = {value!r} in {path}").format(
                    value=report.archive_after, path=shown(dst)
                )
            )
        else:
            say(
                _("set archive_after = {value!r} in {path}").format(
                    value=report.archive_after, path=shown(dst)
                )
            )
    if report.still_due is not None:
        _still_due(report.still_due)


def _still_due(due: StillDue) -> None:
    text = _(
        "{slug} is still due for archiving ({since}, archive_after {after}): "
        "the next `newscli archive` moves it back"
    )
    warn(text.format(slug=due.slug, since=localize(due.since), after=localize(due.archive_after.describe())))
    if due.stale_from is StaleFrom.LASTMOD:
        message(_("  to keep it live: set `evergreen = true` in its front matter, or update its `lastmod`"))
    else:
        message(
            _(
                "  to keep it live: set `evergreen = true` in its front matter, or update its `lastmod` "
                'and set `stale_from = "lastmod"` in newscli.toml'
            )
        )
