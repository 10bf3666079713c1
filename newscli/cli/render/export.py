"""Drawing ``newscli export``: problems and one closing line, on stderr (the data goes to the file)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscli.cli.output import message

if TYPE_CHECKING:
    from newscli.core.usecases.export import ExportReport


def summary(report: ExportReport, quiet: bool) -> None:
    from newscli.cli.render.validate import line as problem_line
    from newscli.core.folder.discover import shown_path
    from newscli.core.rules.timeutil import rfc3339
    from newscli.i18n import _, ngettext

    for problem in report.problems:
        message(problem_line(problem))  # validate's line, in the user's language
    if quiet and not report.problems:
        return
    articles = ngettext("{count} article", "{count} articles", report.articles).format(count=report.articles)
    line = _("newscli: wrote {path}: {articles}, {pages} published, {stale} stale; now {now}").format(
        path=shown_path(report.output),
        articles=articles,
        pages=report.pages,
        stale=report.stale,
        now=rfc3339(report.now),
    )
    message(line)
    if report.problems:
        count = len(report.problems)
        message(
            ngettext(
                "newscli: {count} problem; run `newscli validate` for every problem",
                "newscli: {count} problems; run `newscli validate` for every problem",
                count,
            ).format(count=count)
        )
