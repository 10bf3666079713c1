"""``newscli publish``: a draft becomes a published article, under its new date's file name."""

# Annotations are objects, not strings (no __future__ import): Typer reads them on every run, and
# each string it must eval, which was a twentieth of a run's start-up (tests/test_startup.py).
from typing import Annotated

import typer

from newscli.cli.options import ArticlesDirOption, ConfigOption, LiveTargetArgument, MomentType, NowOption
from newscli.core.report import Report
from newscli.core.rules.timeutil import Moment


def command(
    ctx: typer.Context,
    article: LiveTargetArgument,
    date: Annotated[
        Moment | None,
        typer.Option(
            "--date",
            click_type=MomentType(),
            help="The publication date (default: now); a future one schedules it.",
            show_default=False,
        ),
    ] = None,
    articles_dir: ArticlesDirOption = None,
    config: ConfigOption = None,
    now: NowOption = None,
) -> Report:
    """Publish a draft: remove draft, set date, rename the file to YYYY-MM-DD-<slug>.md.

    Never overwrites a file; prints the new path. Run again after an interruption, it
    finishes the rename.

    \b
    Example:
      newscli publish nya-oppettider-pa-biblioteket
    """
    from newscli.cli.options import make_probe, make_run
    from newscli.cli.render.editing import render
    from newscli.core.usecases.editing.publish import publish

    run = make_run(ctx, articles_dir, config, now)
    report = publish(article, run.config, run.now, date, make_probe(ctx))
    render(report)
    return report
