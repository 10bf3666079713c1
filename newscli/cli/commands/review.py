"""``newscli review``: confirm an article is still correct (``reviewed``, ``reviewed_by``)."""

# Annotations are objects, not strings (no __future__ import): Typer reads them on every run, and
# each string it must eval, which was a twentieth of a run's start-up (tests/test_startup.py).
import typer

from newscli.cli.options import (
    ArticlesDirOption,
    ByOption,
    ConfigOption,
    NowOption,
    ReviewedDateOption,
    TargetArgument,
)
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
    from newscli.cli.options import make_probe, make_run, who
    from newscli.cli.render.editing import render
    from newscli.core.usecases.editing.stamp import review

    run = make_run(ctx, articles_dir, config, now)
    report = review(article, run.config, run.now, who(by, run.config.articles_dir), date, make_probe(ctx))
    render(report)
    return report
