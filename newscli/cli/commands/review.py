"""``newscli review``: confirm an article is still correct (``reviewed``, ``reviewed_by``)."""

from __future__ import annotations

import typer

from newscli.cli.editing import ByOption, ReviewedDateOption, TargetArgument
from newscli.cli.options import ArticlesDirOption, ConfigOption, NowOption
from newscli.core.report import Report


def command(
    ctx: typer.Context,
    article: TargetArgument,
    by: ByOption = None,
    date: ReviewedDateOption = None,
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
    from newscli.cli.editing import stamp
    from newscli.core.editing import review

    return stamp(ctx, review, article, by, date, articles_dir, config, now)
