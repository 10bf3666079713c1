"""edit: the person's editor on a private copy; a changed and valid copy is stamped and replaces the article.

An invalid copy never replaces it: the person may edit it again, or it is kept beside the article
(:mod:`.keep`). :func:`check_edited` is what makes a copy invalid: errors that keep it from loading,
a slug another file has, a changed slug other articles' ``superseded_by`` still names.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscli.core.diagnostics import Diagnostic
from newscli.core.reading.article import load_bytes
from newscli.core.report import Outcome
from newscli.core.rules.config import Config
from newscli.core.rules.timeutil import in_zone
from newscli.core.usecases.editing.keep import keep_after_failure, keep_copy, read_copy
from newscli.core.usecases.editing.report import Action, Change, EditReport
from newscli.core.usecases.editing.target import EditTarget, open_target, write_changes
from newscli.core.usecases.editing.when import to_the_second
from newscli.core.writing import durable

if TYPE_CHECKING:
    from newscli.core.probe import Probe

Editor = Callable[[Path], None]
AskAgain = Callable[[Sequence[Diagnostic]], bool]


def edit(
    name: str,
    config: Config,
    now: datetime,
    who: str,
    open_editor: Editor,
    ask_again: AskAgain,
    probe: Probe,
    stamp_change: bool = True,
) -> EditReport:
    """The user edits a copy; a changed and valid copy is stamped and replaces the article.

    ``stamp_change`` False (``new --edit``: the article was just made) saves the copy as it is.

    An invalid copy never replaces it: ``ask_again`` (a terminal asks the person) decides whether the
    editor opens again on the same copy; if not, the copy is kept beside the article and reported.
    Whatever fails once the editor has run, a changed copy is kept too, and the error says where.
    """
    import shutil
    import tempfile

    target = open_target(name, config, with_errors=True)
    folder = Path(tempfile.mkdtemp(prefix="newscli-edit-"))
    keep_folder = False
    try:
        copy = folder / target.path.name
        copy.write_bytes(target.snapshot.data)
        try:
            return _edit_copy(copy, target, config, now, who, open_editor, ask_again, probe, stamp_change)
        except BaseException as exc:
            # Whatever stopped the run once the editor has run (a copy that cannot be read, a
            # folder that cannot be written, Ctrl-C at the question, a bug), the person's edit
            # is not lost. Set first: should keeping fail too, the private folder stays.
            keep_folder = True
            keep_folder = keep_after_failure(exc, copy, target, now, probe)
            raise
    finally:
        if not keep_folder:
            shutil.rmtree(folder, ignore_errors=True)


def _edit_copy(
    copy: Path,
    target: EditTarget,
    config: Config,
    now: datetime,
    who: str,
    open_editor: Editor,
    ask_again: AskAgain,
    probe: Probe,
    stamp_change: bool,
) -> EditReport:
    import dataclasses

    from newscli.core.folder.discover import shown_path

    while True:
        open_editor(copy)
        data = read_copy(copy)
        if data == target.snapshot.data:
            # Closed unchanged: nothing is written. A broken file is still broken: said, exit 1.
            broken = target.loaded.errors
            outcome = Outcome.PARTLY if broken else Outcome.DONE
            return EditReport(
                Action.EDIT, target.path, target.slug, unchanged=True, problems=broken, outcome=outcome
            )
        problems = check_edited(data, target, config)
        if not problems:
            break
        if not ask_again(problems):
            kept = durable.kept_name(target.path, now)
            kept = keep_copy(kept, data, probe)
            # The lines and columns are the kept copy's: name it, not the unchanged original.
            kept_shown = shown_path(kept)
            problems = [dataclasses.replace(problem, path=kept_shown) for problem in problems]
            return EditReport(
                Action.EDIT,
                target.path,
                target.slug,
                problems=tuple(problems),
                kept=kept,
                outcome=Outcome.PARTLY,
            )
    text = data.decode("utf-8")
    edited = load_bytes(data, str(target.path), str(target.path), False, config.timezone)
    assert edited.article is not None  # check_edited passed
    assert edited.data is not None
    changes: dict[str, Any] = {}
    notes: tuple[str, ...] = ()
    moment = to_the_second(now)
    if not stamp_change:
        pass
    elif in_zone(moment, config.timezone) >= edited.article.date:
        changes = {"lastmod": moment, "modified_by": who}
    else:
        from newscli.i18n import _

        # The pair or nothing: "Ändrad av" without "Senast ändrad" would be a stray.
        notes = (_("lastmod and modified_by were not stamped: the article's date is after now"),)
    written = write_changes(target, changes, now, probe, text=text)
    before = edited.data
    stamped = tuple(Change(c.key, before.get(c.key), c.new) for c in written)
    return EditReport(Action.EDIT, target.path, edited.article.slug, stamped, notes=notes)


def check_edited(data: bytes, target: EditTarget, config: Config) -> list[Diagnostic]:
    """What stops the edited copy from replacing the article: its errors, a slug another file has,
    or a changed slug that other articles' ``superseded_by`` still names."""
    from newscli.core.diagnostics import error
    from newscli.core.folder.corpus import load_corpus
    from newscli.core.folder.discover import shown_path
    from newscli.core.rules.naming import slug_taken
    from newscli.i18n import _

    shown = shown_path(target.path)
    loaded = load_bytes(data, str(target.path), shown, False, config.timezone)
    problems = list(loaded.errors)
    # A file that had errors claimed no slug newscli could check: check the one it has now.
    changed = target.loaded.article is None or (
        loaded.article is not None and loaded.article.slug != target.slug
    )
    if loaded.article is not None and changed:
        mine = os.path.realpath(target.path)
        corpus = load_corpus(config)
        taken = slug_taken(loaded.article.slug, corpus.slugs(), mine=target.path)
        if taken is not None:
            problems.append(error(shown, 1, 1, taken, "slug-duplicate"))
        old = target.loaded.article.slug if target.loaded.article is not None else None
        # Another article's superseded_by names the old slug: renamed, it would name no article
        # (validate's superseded-unknown, in CI). Archived ones count too: validate checks them.
        referring = sorted(
            a.shown
            for a in corpus.articles
            if old is not None and a.superseded_by == old and os.path.realpath(a.path) != mine
        )
        if referring:
            message = _(
                "the slug {old} is named by superseded_by in {paths}: changed to {new}, they would "
                "name no article; keep the slug {old}, or change them first"
            ).format(old=old, new=loaded.article.slug, paths=", ".join(referring))
            problems.append(error(shown, 1, 1, message, "superseded-unknown"))
    return problems
