"""``new``, step by step: read what the article is made of, check it all, write it, then edit and link.

Everything that can be refused is refused before the file is written (the options, the template,
the links); what follows the write (``--edit``, linking ``--supersedes``) is reported with the
article, which stays as created whatever becomes of them.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from newscli.core.diagnostics import Diagnostic
from newscli.core.errors import NewscliError
from newscli.core.rules.config import Config
from newscli.core.usecases.create.front_matter import front_matter, image_table
from newscli.core.usecases.create.linking import check_links, link_older
from newscli.core.usecases.create.request import CreateReport, Request
from newscli.core.usecases.create.sources import read_body, read_template
from newscli.core.usecases.create.write import section_folder, write_new

if TYPE_CHECKING:
    from newscli.core.probe import Probe
    from newscli.core.usecases.editing.edit import AskAgain, Editor
    from newscli.core.usecases.editing.report import EditReport


def create_article(
    request: Request,
    config: Config,
    now: datetime,
    probe: Probe,
    *,
    cwd: Path,
    section: str | None = None,
    supersedes: str | None = None,
    editor: tuple[Editor, AskAgain] | None = None,
    stdin: IO[bytes] | None = None,
) -> CreateReport:
    """Write a new article; refuse a slug in use. With ``supersedes``, link the older article to it.

    Checking the slug and writing the file happen under the folder's slug lock, so of several runs
    for one slug at once exactly one writes. ``stdin``: what ``--body-file -`` reads.
    """
    from newscli.core.rules.config import require_articles_dir
    from newscli.core.rules.template import paragraphs
    from newscli.core.usecases.editing.edit import edit

    image = image_table(request)
    given_body = None if request.body_file is None else read_body(request.body_file, stdin)
    require_articles_dir(config)
    template_values, template_body = read_template(config)
    values = front_matter(request, config, now, template_values, image)
    folder = section_folder(config, section, cwd)
    old = check_links(values, supersedes, config)
    body = given_body if given_body is not None else template_body
    path = write_new(values, body, folder, config, probe)
    report = CreateReport(
        path, values["slug"], placeholder_body=given_body is None and bool(paragraphs(body))
    )
    if editor is not None:
        # The person's editor opens on a copy; the new file is replaced only by a valid version.
        # The file exists now: an editor that fails (cannot start, exits non-zero) is reported
        # with it, and OLD is still linked, as asked.
        try:
            edited = edit(str(path), config, now, "", *editor, probe, stamp_change=False)
        except NewscliError as exc:
            report = dataclasses.replace(report, edit_error=exc)
        else:
            report = dataclasses.replace(report, edited=edited, checked=_check_saved(path, edited, config))
    if old is None:
        return report
    return link_older(report, old, path, config, now, probe)


def _check_saved(path: Path, edited: EditReport, config: Config) -> tuple[Diagnostic, ...]:
    """What validate says of the file as saved (or as created, when the editor changed nothing): the
    edit's own check stops only errors that keep a file from loading, validate checks every rule."""
    from newscli.core.folder.discover import shown_path
    from newscli.core.usecases.validate.run import validate

    if edited.problems:  # not saved: its problems, in the kept copy, are already the report's
        return ()
    return tuple(validate(config, [shown_path(path)]).diagnostics)
