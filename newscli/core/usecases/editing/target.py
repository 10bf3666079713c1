"""The article an editing command acts on: read once, checked, and written back with only its keys changed.

:func:`open_target` reads the file once (the snapshot the write is checked against) and refuses one
newscli cannot change safely; :func:`write_changes` changes the command's keys in that text
(:mod:`newscli.core.writing.keyedit`, every other byte kept) and replaces the file through
:func:`newscli.core.writing.durable.replace`, which refuses when the file changed since it was read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscli.core.errors import ArticleError, UsageError
from newscli.core.reading.article import load_bytes
from newscli.core.reading.model import Article, Loaded
from newscli.core.rules.config import Config
from newscli.core.usecases.editing.report import Change
from newscli.core.writing import durable, keyedit
from newscli.i18n import localize, message_of

if TYPE_CHECKING:
    from newscli.core.folder.resolve import CorpusOnce
    from newscli.core.probe import Probe


@dataclass(frozen=True)
class EditTarget:
    """The article a command acts on, as read: the snapshot the write is checked against."""

    path: Path
    snapshot: durable.Snapshot
    loaded: Loaded
    text: str
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def article(self) -> Article:
        # open_target refuses files without one, except edit's (with_errors): read by .slug, .loaded
        assert self.loaded.article is not None
        return self.loaded.article

    @property
    def slug(self) -> str:
        """The article's slug; for a file with errors (``edit`` opens one), the one it claims."""
        from newscli.core.rules.naming import slug_of_name

        if self.loaded.article is not None:
            return self.loaded.article.slug
        claimed = self.values.get("slug")
        return claimed if isinstance(claimed, str) else slug_of_name(self.path.name)


def open_target(
    name: str, config: Config, with_errors: bool = False, corpus: CorpusOnce | None = None
) -> EditTarget:
    """Read the article once; refuse a file newscli cannot change safely.

    ``with_errors`` (``edit``: an editor is how a person fixes a broken file) takes a file whose
    front matter has errors too; the others refuse it with its first problem, as validate says it.
    ``corpus``: the folder as the use case has read it (a slug is found in it), if it has.
    """
    from newscli.core.folder.discover import shown_path
    from newscli.core.folder.resolve import CorpusOnce, find, refuse_with_errors
    from newscli.core.reading.article import MAX_ARTICLE_BYTES
    from newscli.i18n import _

    path = find(name, corpus or CorpusOnce(config)).path
    if not path.name.endswith(".md"):
        raise UsageError(_("{path} is not an article file (*.md)").format(path=path))
    snapshot = durable.read(path, max_bytes=MAX_ARTICLE_BYTES)
    loaded = load_bytes(snapshot.data, str(path), shown_path(path), False, config.timezone)
    if loaded.article is None or loaded.data is None:
        if with_errors:
            # Never written as it is: edit writes the person's valid copy.
            text = snapshot.data.decode("utf-8", errors="replace")
            return EditTarget(path, snapshot, loaded, text, loaded.data or {})
        raise refuse_with_errors(loaded, name)
    return EditTarget(path, snapshot, loaded, snapshot.data.decode("utf-8"), loaded.data)


def write_changes(
    target: EditTarget, changes: Mapping[str, Any], now: datetime, probe: Probe, text: str | None = None
) -> tuple[Change, ...]:
    """Make ``changes`` to the file (or to ``text``, an edited version of it) and replace it."""
    from newscli.i18n import _

    base = target.text if text is None else text
    try:
        new_text = keyedit.apply(base, changes)
    except keyedit.EditError as exc:
        raise ArticleError(
            _("cannot change {keys} in {path}: {reason}").format(
                keys=", ".join(changes), path=target.path, reason=localize(message_of(exc))
            ),
            hint=_("change it by hand, then run `newscli touch`"),
        ) from None
    durable.replace(target.snapshot, new_text.encode("utf-8"), now, probe)
    before = target.values
    return tuple(
        Change(key, before.get(key), None if value is keyedit.REMOVE else value)
        for key, value in changes.items()
    )
