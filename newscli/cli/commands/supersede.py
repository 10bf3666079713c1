"""``newscli supersede OLD NEW``: the older article is replaced by the newer one."""

# Annotations are objects, not strings (no __future__ import): Typer reads them on every run, and
# each string it must eval, which was a twentieth of a run's start-up (tests/test_startup.py).
from typing import Annotated

import typer

from newscli.cli import complete
from newscli.cli.options import ArticlesDirOption, ConfigOption, NowOption
from newscli.core.report import Report


def command(
    ctx: typer.Context,
    old: Annotated[
        str,
        typer.Argument(
            autocompletion=complete.any_slug,
            metavar="OLD",
            help="The article that is replaced (slug or path).",
            show_default=False,
        ),
    ],
    new: Annotated[
        str,
        typer.Argument(
            autocompletion=complete.any_slug,
            metavar="NEW",
            help="The newer article that replaces it (slug or path).",
            show_default=False,
        ),
    ],
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace a superseded_by OLD already has (it names another article).",
        ),
    ] = False,
    articles_dir: ArticlesDirOption = None,
    config: ConfigOption = None,
    now: NowOption = None,
) -> Report:
    """Mark OLD as replaced by NEW: set OLD's superseded_by, so readers see the notice on it.

    Refused when NEW does not exist, is OLD itself, or would make a cycle of successors, and
    when OLD is already superseded by another article (unless --force). Only superseded_by
    changes in OLD; NEW is not touched.

    \b
    Example:
      newscli supersede oppettider-2025 nya-oppettider-pa-biblioteket
    """
    from newscli.cli.options import make_probe, make_run
    from newscli.cli.render.editing import render
    from newscli.core.usecases.editing.supersede import supersede

    run = make_run(ctx, articles_dir, config, now)
    report = supersede(old, new, run.config, run.now, make_probe(ctx), force=force)
    render(report)
    return report
