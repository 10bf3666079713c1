"""touch and review: stamp when (now, or ``--date``) and who.

touch stamps ``lastmod`` and ``modified_by``, review ``reviewed`` and ``reviewed_by``. A stamp in
the future or before the article's date is refused: it would say something that did not happen.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from newscli.core.errors import UsageError
from newscli.core.rules.config import Config
from newscli.core.rules.timeutil import in_zone
from newscli.core.usecases.editing.report import Action, EditReport
from newscli.core.usecases.editing.target import EditTarget, open_target, write_changes
from newscli.core.usecases.editing.when import given_or_now

if TYPE_CHECKING:
    from newscli.core.probe import Probe
    from newscli.core.rules.timeutil import Moment

# The keys each stamping command owns: the time, and who.
_STAMPS = {Action.TOUCH: ("lastmod", "modified_by"), Action.REVIEW: ("reviewed", "reviewed_by")}


def touch(
    name: str, config: Config, now: datetime, who: str, when: Moment | None, probe: Probe
) -> EditReport:
    """Stamp ``lastmod`` (now, or ``when``) and ``modified_by``."""
    return _stamp(Action.TOUCH, name, config, now, who, when, probe)


def review(
    name: str, config: Config, now: datetime, who: str, when: Moment | None, probe: Probe
) -> EditReport:
    """Stamp ``reviewed`` and ``reviewed_by``; ``lastmod`` stays as it is."""
    return _stamp(Action.REVIEW, name, config, now, who, when, probe)


def _stamp(
    action: Action,
    name: str,
    config: Config,
    now: datetime,
    who: str,
    when: Moment | None,
    probe: Probe,
) -> EditReport:
    time_key, who_key = _STAMPS[action]
    moment = given_or_now(when, now, config)
    target = open_target(name, config)
    if in_zone(moment, config.timezone) > now:
        from newscli.i18n import _

        # "Senast ändrad" or "granskad" in the future is a typo, never a plan: nothing does it later.
        raise UsageError(
            _("--date {moment} is in the future: {key} says when it happened").format(
                moment=moment.isoformat(), key=time_key
            ),
            hint=_("give today's date or an earlier one, or leave --date out for now"),
        )
    _check_not_before_date(target, in_zone(moment, config.timezone), time_key, config)
    changes = write_changes(target, {time_key: moment, who_key: who}, now, probe)
    return EditReport(action, target.path, target.article.slug, changes)


def _check_not_before_date(target: EditTarget, moment: datetime, key: str, config: Config) -> None:
    from newscli.i18n import _

    if in_zone(moment, config.timezone) < target.article.date:
        raise UsageError(
            _("{key} {moment} would be before the article's date {date}").format(
                key=key, moment=moment.isoformat(), date=target.article.date.isoformat()
            ),
            hint=_("give a later --date"),
        )
