"""What the editing commands share on the command line: the options, who, ``--date``, and the one
body of the two stamping commands (touch, review)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newscli.cli import complete
from newscli.cli.options import MomentType
from newscli.core.timeutil import Moment

if TYPE_CHECKING:
    from newscli.core.config import Config
    from newscli.core.diagnostics import Diagnostic
    from newscli.core.editing import EditReport
    from newscli.core.probe import Probe

    # A stamping use case: (name, config, now, who, when, probe) -> its report.
    Stamp = Callable[[str, Config, datetime, str, Moment | None, Probe], EditReport]

# Tab offers the slugs the command finds: live and archived articles (live first when both have one).
TargetArgument = Annotated[
    str,
    typer.Argument(
        autocompletion=complete.any_slug,
        metavar="SLUG|PATH",
        help="A slug, or the path of an article file.",
        show_default=False,
    ),
]
# publish: a draft or scheduled article is never in archive/, so Tab offers live slugs only.
LiveTargetArgument = Annotated[
    str,
    typer.Argument(
        autocompletion=complete.live_slug,
        metavar="SLUG|PATH",
        help="A slug, or the path of an article file.",
        show_default=False,
    ),
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="Who makes the change (default: $NEWSCLI_USER, else git config user.name, else the login name).",
        show_default=False,
    ),
]


# --date of every editing command is a Moment, as typed: the use case places it in the config's zone
# (core.editing.given_or_now), which is not known while the command line is parsed.
LastmodDateOption = Annotated[
    Moment | None,
    typer.Option(
        "--date",
        click_type=MomentType(),
        help="The time to stamp as lastmod (default: now).",
        show_default=False,
    ),
]
ReviewedDateOption = Annotated[
    Moment | None,
    typer.Option(
        "--date",
        click_type=MomentType(),
        help="The time to stamp as reviewed (default: now).",
        show_default=False,
    ),
]


def stamp(
    ctx: typer.Context,
    use_case: Stamp,
    article: str,
    by: str | None,
    date: Moment | None,
    articles_dir: Path | None,
    config: Path | None,
    now: Moment | None,
) -> EditReport:
    """``touch`` and ``review``: parse, stamp the article, render."""
    from newscli.cli.options import make_probe, make_run
    from newscli.cli.render.editing import render

    run = make_run(ctx, articles_dir, config, now)
    report = use_case(article, run.config, run.now, who(by, run.config.articles_dir), date, make_probe(ctx))
    render(report)
    return report


def who(by: str | None, run_articles_dir: object) -> str:
    """``--by``, else ``NEWSCLI_USER``, else ``git config user.name``, else the login name."""
    import os
    from pathlib import Path

    from newscli.core.who import who as resolve

    return resolve(by, os.environ, Path(str(run_articles_dir)))


class AskAgain:
    """``edit``'s question after an invalid edit: the problems, then "edit again?" on a terminal only."""

    def __init__(self) -> None:
        from newscli.cli.output import stdin_is_terminal

        self.interactive = stdin_is_terminal()
        self.shown = False  # the problems were printed: the renderer need not repeat them

    def __call__(self, problems: Sequence[Diagnostic]) -> bool:
        from pathlib import Path

        from newscli.cli.render.editing import show_problems
        from newscli.core.editing import Action, EditReport
        from newscli.i18n import _

        if not self.interactive:
            return False  # the renderer shows the problems, naming the kept copy they were found in
        show_problems(EditReport(Action.EDIT, Path(), "", problems=tuple(problems)))
        self.shown = True
        from newscli.cli.prompts import confirm

        return confirm(_("The article was not saved. Edit it again?"), default=True)


def open_editor(path: Path) -> None:
    """Run $VISUAL (else $EDITOR) on ``path``; its words may hold arguments (``code --wait``)."""
    import os
    import shlex
    import subprocess

    from newscli.core.errors import ArticleError, UsageError
    from newscli.i18n import _, os_error_text

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UsageError(_("set $VISUAL or $EDITOR to the editor to use"), hint=_("e.g. export EDITOR=nano"))
    try:
        status = subprocess.call([*shlex.split(editor), str(path)])
    except (OSError, ValueError) as exc:
        reason = os_error_text(exc) if isinstance(exc, OSError) else str(exc)
        message = _("cannot start the editor {editor}: {reason}")
        raise UsageError(message.format(editor=editor, reason=reason)) from None
    if status != 0:
        raise ArticleError(
            _("the editor exited with status {status}; the article was not changed").format(status=status)
        )
