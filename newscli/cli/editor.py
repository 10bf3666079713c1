"""The person's editor, for ``edit`` and ``new --edit``: opening it on a file, and the question
asked after an edit that left the article invalid."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newscli.core.diagnostics import Diagnostic


class AskAgain:
    """``edit``'s question after an invalid edit: the problems, then "edit again?" on a terminal only."""

    def __init__(self) -> None:
        from newscli.cli.output import stdin_is_terminal

        self.interactive = stdin_is_terminal()
        self.shown = False  # the problems were printed: the renderer need not repeat them

    def __call__(self, problems: Sequence[Diagnostic]) -> bool:
        from pathlib import Path

        from newscli.cli.render.editing import show_problems
        from newscli.core.usecases.editing.report import Action, EditReport
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
