"""``newscli edit``: change an article in $VISUAL or $EDITOR, safely, like ``crontab -e``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from newscli.cli.editing import ByOption, TargetArgument
from newscli.cli.options import ArticlesDirOption, ConfigOption, NowOption
from newscli.core.report import Report

if TYPE_CHECKING:
    from newscli.core.diagnostics import Diagnostic


def command(
    ctx: typer.Context,
    article: TargetArgument,
    by: ByOption = None,
    articles_dir: ArticlesDirOption = None,
    config: ConfigOption = None,
    now: NowOption = None,
) -> Report:
    """Edit an article in $VISUAL (else $EDITOR) on a copy; save it only if it is valid.

    Closed unchanged: nothing happens. Changed and valid: lastmod and modified_by are
    stamped and the article is replaced. Invalid: the article stays as it was and the
    problems are shown; on a terminal you are asked to edit again, otherwise newscli
    exits 1 and says where your edited copy is kept.

    \b
    Example:
      EDITOR=nano newscli edit nya-oppettider-pa-biblioteket
    """
    from newscli.cli import editing as cli
    from newscli.cli.options import make_run
    from newscli.cli.output import stdin_is_terminal
    from newscli.cli.render.editing import render, show_problems
    from newscli.core import editing

    run = make_run(ctx, articles_dir, config, now)
    name = cli.who(by, run.config.articles_dir)
    interactive = stdin_is_terminal()
    shown = [False]

    def ask_again(problems: Sequence[Diagnostic]) -> bool:
        from newscli.i18n import _

        show_problems(editing.EditReport(editing.Action.EDIT, Path(), "", problems=tuple(problems)))
        shown[0] = True
        if not interactive:
            return False
        return typer.confirm(_("The article was not saved. Edit it again?"), default=True, err=True)

    report = editing.edit(article, run.config, run.now, name, _open_editor, ask_again, cli.probe(ctx))
    render(report, problems_shown=shown[0])
    return report


def _open_editor(path: Path) -> None:
    import os
    import shlex
    import subprocess

    from newscli.core.errors import ArticleError, UsageError
    from newscli.i18n import _

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UsageError(_("set $VISUAL or $EDITOR to the editor to use"), hint=_("e.g. export EDITOR=nano"))
    try:
        status = subprocess.call([*shlex.split(editor), str(path)])
    except (OSError, ValueError) as exc:
        raise UsageError(
            _("cannot start the editor {editor}: {reason}").format(editor=editor, reason=exc)
        ) from None
    if status != 0:
        raise ArticleError(
            _("the editor exited with status {status}; the article was not changed").format(status=status)
        )
