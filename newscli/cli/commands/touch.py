"""``newscli touch``: stamp ``lastmod`` and ``modified_by`` after a change made in another editor."""

from __future__ import annotations

import typer

from newscli.cli.editing import ByOption, LastmodDateOption, TargetArgument
from newscli.cli.options import ArticlesDirOption, ConfigOption, NowOption
from newscli.core.report import Report


def command(
    ctx: typer.Context,
    article: TargetArgument,
    by: ByOption = None,
    date: LastmodDateOption = None,
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
    from newscli.cli.editing import stamp
    from newscli.core.editing import touch

    return stamp(ctx, touch, article, by, date, articles_dir, config, now)
