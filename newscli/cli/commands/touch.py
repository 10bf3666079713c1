"""``newscli touch``: stamp ``lastmod`` and ``modified_by`` after a change made in another editor."""

# Annotations are objects, not strings (no __future__ import): Typer reads them on every run, and
# each string it must eval, which was a twentieth of a run's start-up (tests/test_startup.py).
import typer

from newscli.cli.options import (
    ArticlesDirOption,
    ByOption,
    ConfigOption,
    LastmodDateOption,
    NowOption,
    TargetArgument,
)
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
    from newscli.cli.options import make_probe, make_run, who
    from newscli.cli.render.editing import render
    from newscli.core.usecases.editing.stamp import touch

    run = make_run(ctx, articles_dir, config, now)
    report = touch(article, run.config, run.now, who(by, run.config.articles_dir), date, make_probe(ctx))
    render(report)
    return report
