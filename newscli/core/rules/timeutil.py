"""Time zones and "now": local dates and times are read in the configured zone."""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from newscli.i18n import _

if TYPE_CHECKING:  # zoneinfo is loaded when a zone is first needed: option types import this module
    from zoneinfo import ZoneInfo


class TimeError(ValueError):
    """A bad time zone name or date/time text."""


# A POSIX TZ rule (CET-1CEST, CET-1CEST,M3.5.0,M10.5.0/3, <+03>-3): the C library's own zone
# spelling, which TZ may hold instead of a name; newscli then uses the system's zone.
_POSIX_NAME = r"(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)"
_POSIX_OFFSET = r"[+-]?[0-9]{1,2}(?::[0-9]{2}){0,2}"
_POSIX_TIME = r"[+-]?[0-9]{1,3}(?::[0-9]{2}){0,2}"
_POSIX_DAY = r"(?:J[0-9]{1,3}|[0-9]{1,3}|M[0-9]{1,2}\.[1-5]\.[0-6])"
_POSIX_RULE = re.compile(
    rf"{_POSIX_NAME}{_POSIX_OFFSET}(?:{_POSIX_NAME}(?:{_POSIX_OFFSET})?"
    rf"(?:,{_POSIX_DAY}(?:/{_POSIX_TIME})?,{_POSIX_DAY}(?:/{_POSIX_TIME})?)?)?"
)


def _zone_errors() -> tuple[type[Exception], ...]:
    """What ZoneInfo raises for a name that is not a zone: more than ZoneInfoNotFoundError, e.g.
    IsADirectoryError for a folder of the database ("Europe"), ValueError for a path out of it."""
    from zoneinfo import ZoneInfoNotFoundError

    return (ZoneInfoNotFoundError, ValueError, OSError)


def zone(name: str) -> ZoneInfo:
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except _zone_errors() as exc:
        message = _("unknown time zone {name} (use an IANA name such as Europe/Stockholm)")
        raise TimeError(message.format(name=repr(name))) from exc


def system_zone() -> tuple[tzinfo, str]:
    """The machine's zone with its IANA name where it can be found, else a fixed offset."""
    from zoneinfo import ZoneInfo

    candidates: list[str] = []
    tz_set = os.environ.get("TZ", "")
    tz_env = tz_set.lstrip(":")
    if tz_env:
        named = _tz_name(tz_env)
        if named is not None:
            candidates.append(named)
    try:
        target = os.readlink("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for index, name in enumerate(candidates):
        try:
            return ZoneInfo(name), name
        except _zone_errors():
            if index == 0 and tz_env and _tz_name(tz_env) == name and not _POSIX_RULE.fullmatch(name):
                # TZ set, and no zone: saying so beats silently using another zone (a cron job
                # would archive and judge by UTC, or by the machine's zone, without a word).
                message = _("the environment variable TZ={name} names no time zone")
                raise TimeError(message.format(name=tz_set)) from None
            continue
    local = datetime.now().astimezone().tzinfo
    assert local is not None  # astimezone() always sets one
    return local, str(local)


def _tz_name(value: str) -> str | None:
    """The zone name TZ holds: itself (a POSIX rule such as ``CET-1CEST`` too: ``EST5EDT`` is also
    a name in the database), or the name in a path into the zone database
    (``/usr/share/zoneinfo/Europe/Stockholm``); None for the system's own zone (``/etc/localtime``)."""
    if value.startswith("/"):
        if os.path.realpath(value) == os.path.realpath("/etc/localtime"):
            return None
        # A path to nothing is no zone, whatever its name says: the C library would use UTC.
        if "zoneinfo/" in value and os.path.isfile(value):
            return value.split("zoneinfo/", 1)[1]
        return value
    return value


def in_zone(value: date | datetime, tz: tzinfo) -> datetime:
    """A TOML date, local datetime or offset datetime as an aware datetime in ``tz``."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=tz)
        return value.astimezone(tz)
    return datetime.combine(value, time(0, 0), tzinfo=tz)


@dataclass(frozen=True)
class Moment:
    """A date or date-time as a person gave it (``--now``, ``--since``), not yet placed in a zone.

    A bare date stands for a whole day: it starts at midnight in the zone, and as the end of a
    range (``--until``) it covers the day.
    """

    value: date | datetime

    @property
    def whole_day(self) -> bool:
        return not isinstance(self.value, datetime)

    def start(self, tz: tzinfo) -> datetime:
        """The moment in ``tz``; TimeError where that is off the calendar."""
        try:
            value = in_zone(self.value, tz)
            value.astimezone(UTC)  # aware date-times compare in UTC: it must exist there too
        except (ValueError, OverflowError) as exc:
            message = _("not a date or date-time: {text} (off the calendar in this zone)")
            raise TimeError(message.format(text=repr(self.value.isoformat()))) from exc
        return value

    def written(self, tz: tzinfo) -> date | datetime:
        """As a command writes it into an article (``--date``): a bare date stays a TOML date; a
        date-time is placed in ``tz`` (local, or converted from the offset given) and kept to the
        second, like every time newscli writes. TimeError where it is off the calendar in ``tz``."""
        start = self.start(tz)  # a bare date too: its midnight must exist in tz
        return self.value if self.whole_day else start.replace(microsecond=0)

    def end(self, tz: tzinfo) -> datetime:
        """As the end of a range: a bare date covers its whole day."""
        value = self.start(tz)
        if self.whole_day:
            return value.replace(hour=23, minute=59, second=59, microsecond=999999)
        return value


def parse_moment(text: str) -> Moment:
    """``2026-11-29``, ``2026-11-29T08:00``, ``2026-11-29 08:00:00+01:00`` or ``...Z``; TimeError else."""
    raw = text.strip()
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    value: date | datetime
    try:
        if not raw.isascii():  # fromisoformat takes other scripts' digits; dates are ASCII
            raise ValueError(raw)
        dated = _DATE_WITH_OFFSET.fullmatch(raw)
        if dated:
            # A date with an offset (2026-11-29Z) is midnight there; fromisoformat (3.11) drops it.
            value = datetime.fromisoformat(f"{dated.group(1)}T00:00:00{dated.group(2)}")
        else:
            value = date.fromisoformat(raw) if len(raw) == 10 else datetime.fromisoformat(raw)
        if isinstance(value, datetime) and value.tzinfo is not None:
            value.astimezone(UTC)  # an offset date-time must exist in UTC, whatever the zone
    except (ValueError, OverflowError) as exc:
        message = _("not a date or date-time: {text} (use e.g. 2026-11-29 or 2026-11-29T08:00:00+01:00)")
        raise TimeError(message.format(text=repr(text))) from exc
    return Moment(value)


_DATE_WITH_OFFSET = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})([+-][0-9]{2}:[0-9]{2})")


def rfc3339(value: datetime) -> str:
    """RFC 3339 with seconds and offset, e.g. ``2022-12-07T00:00:00+01:00``."""
    # Without microseconds isoformat() says the same: the timespec keyword cost 0.8 µs of its 2,
    # 3 to 5 times an article in ``list --format json``.
    return value.isoformat() if not value.microsecond else value.isoformat(timespec="seconds")
