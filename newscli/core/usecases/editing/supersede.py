"""supersede: OLD's ``superseded_by`` names the newer article that replaces it.

The successor must be an article (a typo would make OLD stale at once), the chain of successors
must not come back to OLD, and a link an editor already made is replaced only with ``--force``.
``new --supersedes`` and ``new --superseded-by`` make the same checks with these functions.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from newscli.core.errors import UsageError
from newscli.core.rules.config import Config
from newscli.core.usecases.editing.report import Action, EditReport
from newscli.core.usecases.editing.target import EditTarget, open_target, write_changes

if TYPE_CHECKING:
    from newscli.core.folder.resolve import CorpusOnce
    from newscli.core.probe import Probe


def supersede(
    old: str, new: str, config: Config, now: datetime, probe: Probe, force: bool = False
) -> EditReport:
    """Set OLD's ``superseded_by`` to NEW's slug; one that names another article is replaced only
    with ``force``."""
    from newscli.core.folder.resolve import CorpusOnce

    corpus = CorpusOnce(config)
    new_slug = successor_slug(new, config, corpus)
    target = open_target(old, config, corpus=corpus)
    check_succession(target.article.slug, new_slug, corpus)
    current = target.article.superseded_by
    if current == new_slug:
        return EditReport(Action.SUPERSEDE, target.path, target.article.slug, unchanged=True)
    if current is not None and not force:
        check_not_superseded(target, hint=_replace_hint(target.article.slug, current, new_slug))
    changes = write_changes(target, {"superseded_by": new_slug}, now, probe)
    return EditReport(Action.SUPERSEDE, target.path, target.article.slug, changes)


def successor_slug(name: str, config: Config, corpus: CorpusOnce) -> str:
    """The slug of the article named by slug or path: it must exist and be readable."""
    from newscli.core.folder.resolve import find

    named = find(name, corpus)
    if named.by_path or named.with_errors:
        # Read for its slug; a file with errors is refused as open_target refuses every one.
        return open_target(name, config, corpus=corpus).article.slug
    return name


def check_succession(old_slug: str, new_slug: str, corpus: CorpusOnce) -> None:
    """Refuse an article superseding itself, or a chain of successors that would come back to it."""
    from newscli.i18n import _

    if old_slug == new_slug:
        raise UsageError(
            _("an article cannot supersede itself ({slug})").format(slug=old_slug),
            hint=_("name the newer article that replaces it"),
        )
    table = corpus.get().by_slug()
    seen = [new_slug]
    current = table.get(new_slug)
    while current is not None and current.superseded_by:
        if current.superseded_by == old_slug:
            chain = " -> ".join([old_slug, *seen, old_slug])
            raise UsageError(
                _("that would make a cycle of successors: {chain}").format(chain=chain),
                hint=_("an article cannot be replaced by one it replaces"),
            )
        if current.superseded_by in seen:
            break  # an existing cycle not through OLD: validate reports it
        seen.append(current.superseded_by)
        current = table.get(current.superseded_by)


def check_not_superseded(target: EditTarget, hint: str) -> None:
    """Refuse to point an article that is already superseded at another successor: the link it has
    is an editor's decision, not to be undone by the way."""
    from newscli.i18n import _

    current = target.article.superseded_by
    if current is not None:
        raise UsageError(
            _("{slug} is already superseded by {current}; nothing changed").format(
                slug=target.article.slug, current=current
            ),
            hint=hint,
        )


def _replace_hint(old: str, current: str, new: str) -> str:
    from newscli.i18n import _

    return _(
        "`newscli supersede {old} {new} --force` points it at {new} instead; or, if {new} replaces "
        "{current} too, `newscli supersede {current} {new}`"
    ).format(old=old, current=current, new=new)
