"""``newscli new``: create an article file from flags, prompts (on a terminal only) and defaults."""

# Annotations are objects, not strings (no __future__ import): Typer reads them on every run, and
# each string it must eval, which was a twentieth of a run's start-up (tests/test_startup.py).
import sys
from pathlib import Path
from typing import Annotated

import typer

from newscli.cli import complete
from newscli.cli.options import (
    ArticlesDirOption,
    ConfigOption,
    LinkType,
    MomentType,
    NowOption,
    OwnThresholdType,
    make_run,
)
from newscli.core.link import Link
from newscli.core.report import Report
from newscli.core.rules.durations import OwnThreshold
from newscli.core.rules.timeutil import Moment
from newscli.i18n import Message, _


def command(
    ctx: typer.Context,
    title: Annotated[
        str | None,
        typer.Argument(
            metavar="[TITLE]", help="The headline (one line). Asked for on a terminal.", show_default=False
        ),
    ] = None,
    lead: Annotated[
        str | None, typer.Option(help="The ingress: the lead paragraph.", show_default=False)
    ] = None,
    author: Annotated[
        str | None, typer.Option(help="The byline (default from [defaults]).", show_default=False)
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag", autocompletion=complete.tag, help="A tag; repeat for more.", show_default=False
        ),
    ] = None,
    date: Annotated[
        Moment | None,
        typer.Option(
            click_type=MomentType(),
            help="Publication date or date-time (default: now). A future date schedules it.",
            show_default=False,
        ),
    ] = None,
    draft: Annotated[
        bool | None,
        typer.Option("--draft/--no-draft", help="Mark as draft: not published.", show_default=False),
    ] = None,
    slug: Annotated[
        str | None, typer.Option(help="The slug (default: made from the title).", show_default=False)
    ] = None,
    evergreen: Annotated[
        bool | None,
        typer.Option(
            "--evergreen/--no-evergreen", help="Never stale, never archived by age.", show_default=False
        ),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(
            help="BCP 47 language tag, e.g. sv or en (default from the config).", show_default=False
        ),
    ] = None,
    stale_after: Annotated[
        OwnThreshold | None,
        typer.Option(
            click_type=OwnThresholdType(),
            help="This article's own threshold, e.g. 6m or 90d.",
            show_default=False,
        ),
    ] = None,
    superseded_by: Annotated[
        str | None,
        typer.Option(
            autocompletion=complete.any_slug,
            help="Slug of the article this one is replaced by.",
            show_default=False,
        ),
    ] = None,
    modified_by: Annotated[
        str | None, typer.Option(help="'Ändrad av': who last changed it.", show_default=False)
    ] = None,
    image: Annotated[
        str | None, typer.Option(help="Image path or URL (needs --image-alt).", show_default=False)
    ] = None,
    image_alt: Annotated[
        str | None,
        typer.Option(help="Text describing the image (required with --image).", show_default=False),
    ] = None,
    image_caption: Annotated[
        str | None, typer.Option(help="The image caption shown to readers.", show_default=False)
    ] = None,
    link: Annotated[
        list[Link] | None,
        typer.Option(
            "--link",
            click_type=LinkType(),
            help="A related link as 'Title|URL' ('Mer om'); repeat for more.",
            show_default=False,
        ),
    ] = None,
    body_file: Annotated[
        str | None,
        typer.Option(
            "--body-file",
            help="Read the Markdown body from this file, or '-' for standard input.",
            show_default=False,
        ),
    ] = None,
    supersedes: Annotated[
        str | None,
        typer.Option(
            "--supersedes",
            autocompletion=complete.any_slug,
            metavar="OLD",
            help="The older article this one replaces (slug or path): its superseded_by is set.",
            show_default=False,
        ),
    ] = None,
    section: Annotated[
        str | None,
        typer.Option(
            "--section",
            metavar="NAME",
            help="Write into this subfolder of the articles folder (default: the one you are in).",
            show_default=False,
        ),
    ] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Open the new file in $VISUAL or $EDITOR.")] = False,
    articles_dir: ArticlesDirOption = None,
    config: ConfigOption = None,
    now: NowOption = None,
) -> Report:
    """Create a new article and print its path.

    Missing values are asked for on a terminal; on a pipe nothing is asked and a missing
    title is an error. The file is named YYYY-MM-DD-<slug>.md and never overwrites anything.

    \b
    Example:
      newscli new "Nya öppettider på biblioteket" --tag bibliotek --lead "Från 1 mars ..."
    """
    import os

    from newscli.cli.editor import AskAgain, open_editor
    from newscli.cli.options import make_probe
    from newscli.cli.output import stdin_is_terminal
    from newscli.cli.prompts import ask
    from newscli.cli.render.new import render
    from newscli.core.errors import UsageError
    from newscli.core.usecases.create.article import create_article
    from newscli.core.usecases.create.request import Request
    from newscli.i18n import _

    run = make_run(ctx, articles_dir, config, now)
    interactive = stdin_is_terminal() and body_file != "-"
    if title is None:
        if not interactive:
            raise UsageError(Message('a title is needed: newscli new "Title" (nothing is asked on a pipe)'))
        title = ask(_("Title"), check=lambda text: _title_problem(text, slug))
        if lead is None:
            lead = ask(_("Lead (the ingress; empty for none)")).strip() or None

    request = Request(
        title=title,
        slug=slug,
        date=date,
        lead=lead,
        author=author,
        tags=tag or None,
        draft=draft,
        evergreen=evergreen,
        language=language,
        stale_after=stale_after,
        superseded_by=superseded_by,
        modified_by=modified_by,
        image=image,
        image_alt=image_alt,
        image_caption=image_caption,
        links=link or (),
        body_file=body_file,
    )
    if edit and not (os.environ.get("VISUAL") or os.environ.get("EDITOR")):
        raise UsageError(
            _("--edit: set $VISUAL or $EDITOR to the editor to use"), hint=_("e.g. export EDITOR=nano")
        )
    asker = AskAgain()
    report = create_article(
        request,
        run.config,
        run.now,
        make_probe(ctx),
        cwd=Path.cwd(),
        section=section,
        supersedes=supersedes,
        editor=(open_editor, asker) if edit else None,
        stdin=getattr(sys.stdin, "buffer", None),
    )
    # At a terminal, a person who typed a title and a lead is told the body still needs writing
    # (a script gives its body, or leaves it to validate's body-template warning).
    render(
        report, problems_shown=asker.shown, tell_placeholder=interactive and body_file is None and not edit
    )
    return report


def _title_problem(title: str, slug: str | None) -> str | None:
    """What is wrong with a title typed at the prompt, so it is asked again before anything else."""
    from newscli.core.errors import UsageError
    from newscli.core.usecases.create.slug import make_slug

    if not title.strip():
        return _("a title is needed")
    if slug is None:
        try:
            make_slug(title)
        except UsageError as exc:
            return exc.message
    return None
