"""``newscli edit``: change an article in $VISUAL or $EDITOR, safely, like ``crontab -e``."""

# Annotations are objects, not strings (no __future__ import): Typer reads them on every run, and
# each string it must eval, which was a twentieth of a run's start-up (tests/test_startup.py).
from typing import TYPE_CHECKING

import typer

from newscli.cli.options import ArticlesDirOption, ByOption, ConfigOption, NowOption, TargetArgument
from newscli.core.report import Report

if TYPE_CHECKING:
    pass


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
    from newscli.cli.editor import AskAgain, open_editor
    from newscli.cli.options import make_probe, make_run, who
    from newscli.cli.render.editing import render
    from newscli.core.usecases.editing.edit import edit

    run = make_run(ctx, articles_dir, config, now)
    name = who(by, run.config.articles_dir)
    asker = AskAgain()
    report = edit(article, run.config, run.now, name, open_editor, asker, make_probe(ctx))
    render(report, problems_shown=asker.shown)
    return report
