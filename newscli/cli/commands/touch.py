"""``newscli touch``: stamp ``lastmod`` and ``modified_by`` after a change made in another editor."""

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
        typer.Option("--date", help="The time to stamp as lastmod (default: now).", show_default=False),
    ] = None,
    articles_dir: ArticlesDirOption = None,
    config: ConfigOption = None,
    now: NowOption = None,
) -> Report:
    """Mark an article as changed: set lastmod ("Senast ändrad") and modified_by ("Ändrad av").

    Only those two keys change; every other byte of the file stays as it was.

    \b
    Example:
      newscli touch nya-oppettider-pa-biblioteket --by "Anna Svensson"
    """
    from newscli.cli import editing as cli
    from newscli.cli.options import make_run
    from newscli.cli.render.editing import render
    from newscli.core import editing

    run = make_run(ctx, articles_dir, config, now)
    when = cli.parse_when("--date", date, run.config.timezone)
    report = editing.touch(
        article, run.config, run.now, cli.who(by, run.config.articles_dir), when, cli.probe(ctx)
    )
    render(report)
    return report
