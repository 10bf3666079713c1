"""Drawing ``newscli new``: the new file's path on stdout; the older article it replaces, on stderr."""

from __future__ import annotations

import sys

from newscli.core.usecases.create.request import CreateReport


def render(report: CreateReport, problems_shown: bool = False, tell_placeholder: bool = False) -> None:
    from newscli.cli.output import error, line, message
    from newscli.core.folder.discover import shown_path
    from newscli.i18n import _, localize

    line(shown_path(report.path))
    if tell_placeholder and report.placeholder_body:
        text = _("newscli: the body is the template's placeholder text; write it with: newscli edit {slug}")
        message(text.format(slug=report.slug))
    if report.edit_error is not None:
        exc = report.edit_error
        error(localize(exc.message) or "", localize(exc.hint))
        for note in getattr(exc, "__notes__", ()):  # where the edited copy is kept
            message(str(note))
        message(
            "  "
            + _("the new article was created as given; open it with: newscli edit {slug}").format(
                slug=report.slug
            )
        )
    if report.edited is not None and report.edited.problems:
        from newscli.cli.render.editing import render as render_edit

        render_edit(report.edited, problems_shown=problems_shown)
    if report.checked:
        from newscli.cli.render.validate import lines

        sys.stderr.writelines(lines(d) for d in report.checked)  # exactly validate's lines
    if report.superseded is not None:
        message(
            _("newscli: {old} is now superseded by {new}").format(
                old=shown_path(report.superseded.path), new=report.slug
            )
        )
    if report.superseded_error is not None:
        exc = report.superseded_error
        error(localize(str(exc)) or "", localize(exc.hint))
        message(
            "  "
            + _("the new article was created; link the older one with: newscli supersede OLD {new}").format(
                new=report.slug
            )
        )
