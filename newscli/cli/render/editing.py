"""Drawing what an editing command did (edit, touch, review, supersede, publish, restore
--archive-after): the article's path on stdout (for scripts), a line per change on stderr."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from newscli.core.usecases.editing.report import Action, EditReport


def shown_value(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def render(report: EditReport, problems_shown: bool = False) -> None:
    from newscli.cli.output import line, message, warn
    from newscli.core.folder.discover import shown_path
    from newscli.i18n import _

    if report.unchanged:
        if not report.problems:
            message(_("newscli: no change; {path} was left as it was").format(path=shown_path(report.path)))
            return
        show_problems(report)  # the file's own, as it still is (an edited copy's were others)
        message(
            _("newscli: no change; {path} was left as it was, and still has the errors above").format(
                path=shown_path(report.path)
            )
        )
        return
    if report.problems:
        if not problems_shown:
            show_problems(report)
        if report.kept is not None:
            message(
                _("newscli: {path} was not changed; your edited copy is kept in {kept}").format(
                    path=shown_path(report.path), kept=shown_path(report.kept)
                )
            )
        return
    line(shown_path(report.path))
    if report.finished:
        message(
            _("newscli: finished an interrupted publish: {old} is now {new}").format(
                old=shown_path(report.renamed_from) if report.renamed_from else "-",
                new=shown_path(report.path),
            )
        )
        return
    verb = {
        Action.EDIT: _("saved"),
        Action.TOUCH: _("touched"),
        Action.REVIEW: _("reviewed"),
        Action.SUPERSEDE: _("superseded"),
        Action.PUBLISH: _("published"),
        Action.ARCHIVE_AFTER: _("archive_after set"),
    }[report.action]
    message(f"newscli: {verb}: {report.slug}")
    if report.renamed_from is not None:
        message("  " + _("renamed from {old}").format(old=shown_path(report.renamed_from)))
    for change in report.changes:
        if change.new is None:
            message(f"  {change.key}: " + _("removed (was {old})").format(old=shown_value(change.old)))
        else:
            message(f"  {change.key} = {shown_value(change.new)}")
    for note in report.notes:
        warn(note)


def show_problems(report: EditReport) -> None:
    """The edited copy's problems on stderr, each exactly as validate prints it (with its hint)."""
    from newscli.cli.output import message
    from newscli.cli.render.validate import lines

    for problem in report.problems:
        message(lines(problem).rstrip("\n"))
