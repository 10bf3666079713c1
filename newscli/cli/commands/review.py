"""``newscli review``: confirm an article is still correct (``reviewed``, ``reviewed_by``)."""

from __future__ import annotations

from typing import Annotated

import typer

from newscli.cli.editing import ByOption, TargetArgument
from newscli.cli.options import ArticlesDirOption, ConfigOption, NowOption
from newscli.core.report import Report


def command(
    ctx: typer.Context,
    article: TargetArgument,
    by: ByOption = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="The time to stamp as reviewed (default: now).", show_default=False),
    ] = None,
    articles_dir: ArticlesDirOption = None,
    config: ConfigOption = None,
    now: NowOption = None,
) -> Report:
    """Confirm an article is still correct: set reviewed and reviewed_by; lastmod stays.

    Staleness and archiving then count from the review. Only those two keys change.

    \b
    Example:
      newscli review nya-oppettider-pa-biblioteket
    """
    from newscli.cli import editing as cli
    from newscli.cli.options import make_run
    from newscli.cli.render.editing import render
    from newscli.core import editing

    run = make_run(ctx, articles_dir, config, now)
    when = cli.parse_when("--date", date, run.config.timezone)
    report = editing.review(
        article, run.config, run.now, cli.who(by, run.config.articles_dir), when, cli.probe(ctx)
    )
    render(report)
    return report
