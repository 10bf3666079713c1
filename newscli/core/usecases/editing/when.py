"""The time an editing command (and ``new``) writes: ``--date`` as given, else now; to the second."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from newscli.core.errors import UsageError
from newscli.core.rules.config import Config

if TYPE_CHECKING:
    from newscli.core.rules.timeutil import Moment


def to_the_second(moment: datetime) -> datetime:
    """A time as it is written into an article: to the second, with its offset."""
    return moment.replace(microsecond=0)


def given_or_now(when: Moment | None, now: datetime, config: Config) -> date | datetime:
    """The time a command writes (``new``'s date, touch's lastmod, review's reviewed, publish's
    date): ``--date`` as the person gave it, placed in the config's zone (a bare date stays a TOML
    date), else now; to the second either way."""
    from newscli.core.rules.timeutil import TimeError

    if when is None:
        return to_the_second(now)
    try:
        return when.written(config.timezone)
    except TimeError as exc:  # a date-time off the calendar in this zone only
        from newscli.i18n import _

        raise UsageError(_("{option}: {problem}").format(option="--date", problem=exc)) from None
