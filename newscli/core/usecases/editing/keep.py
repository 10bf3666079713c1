"""Where an edited copy goes when it cannot replace the article: the person's edit is never lost.

Read back by the one safe read (:func:`read_copy`); kept beside the article, durably, under a
``.kept-`` name that is never an article (:func:`keep_copy`); and when the run fails once the
editor has run, kept all the same and named in a note on the error (:func:`keep_after_failure`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newscli.core.errors import ArticleError
from newscli.core.writing import durable

if TYPE_CHECKING:
    from newscli.core.probe import Probe
    from newscli.core.usecases.editing.target import EditTarget


def read_copy(copy: Path) -> bytes:
    """The edited copy, by the one safe read: an editor (or anything else) that left a FIFO, a link
    or a huge file in its place is refused, never waited on or followed."""
    from newscli.core.reading import saferead
    from newscli.core.reading.article import MAX_ARTICLE_BYTES
    from newscli.i18n import _

    try:
        return saferead.read(copy, max_bytes=MAX_ARTICLE_BYTES)[0]
    except saferead.Refused as refused:
        why = {
            saferead.Why.MISSING: _("the editor removed it"),
            saferead.Why.LINK: _("it was replaced by a symbolic link"),
            saferead.Why.NOT_REGULAR: _("it is no longer a regular file"),
            saferead.Why.TOO_LARGE: _("it is {size:,} bytes, over the {limit:,} an article may have").format(
                size=refused.size, limit=MAX_ARTICLE_BYTES
            ),
        }.get(refused.why, refused.reason)
        raise ArticleError(
            _("cannot read the edited copy {copy}: {reason}; the article was not changed").format(
                copy=copy, reason=why
            )
        ) from None


def keep_after_failure(
    exc: BaseException, copy: Path, target: EditTarget, now: datetime, probe: Probe
) -> bool:
    """Keep the edited copy after ``exc`` and say where in a note on ``exc`` (``cli/app.py`` prints
    an error's notes); True when it stays in the private temporary folder, which must then not be
    removed. Beside the article when it can be read and written there (durable, and where the
    other kept copies are), else in the private folder, whatever it holds."""
    from newscli.core.errors import NewscliError
    from newscli.core.folder.discover import shown_path
    from newscli.core.reading import saferead
    from newscli.core.reading.article import MAX_ARTICLE_BYTES
    from newscli.i18n import _

    if isinstance(exc, durable.ChangedError) and exc.kept is not None:
        return False  # the edited version is already kept beside the article, and the error says where
    try:
        data = saferead.read(copy, max_bytes=MAX_ARTICLE_BYTES)[0]
    except saferead.Refused as refused:
        if refused.why is saferead.Why.MISSING:
            return False  # nothing there to keep
        exc.add_note(_("newscli: your edited copy is left in {copy}").format(copy=copy))
        return True
    if data == target.snapshot.data:
        return False  # not changed: nothing of the person's is in it
    try:
        kept = keep_copy(durable.kept_name(target.path, now), data, probe)
    except (NewscliError, OSError):
        exc.add_note(_("newscli: your edited copy is left in {copy}").format(copy=copy))
        return True
    exc.add_note(_("newscli: your edited copy is kept in {kept}").format(kept=shown_path(kept)))
    return False


def keep_copy(path: Path, data: bytes, probe: Probe) -> Path:
    for attempt in range(1, 1000):
        candidate = path if attempt == 1 else path.with_name(f"{path.name}-{attempt}")
        try:
            durable.create(candidate, data, probe)
        except durable.ExistsError:
            continue
        return candidate
    from newscli.i18n import _

    raise ArticleError(_("cannot keep the edited copy beside {path}").format(path=path))
