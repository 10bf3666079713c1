"""Durations such as ``90d``, ``12w``, ``18m``, ``1y6m`` or ISO 8601 ``P1Y6M``, in calendar units.

Months and years are calendar months and years: adding one month to 31 January gives the
last day of February, adding a year to 29 February gives 28 February.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final, Literal, TypeVar

from newscli.i18n import Message

# [0-9], not \d: \d also matches other scripts' digits ("١٢y"), which no config or Hugo means.
_SHORT = re.compile(r"(?:([0-9]+)y)?(?:([0-9]+)m)?(?:([0-9]+)w)?(?:([0-9]+)d)?")
_ISO = re.compile(r"P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?")

D = TypeVar("D", date, datetime)


class DurationError(ValueError):
    """Not a duration; the message says what is accepted."""


@dataclass(frozen=True, order=False)
class Duration:
    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    @property
    def total_days(self) -> int:
        return self.weeks * 7 + self.days

    def add_to(self, start: D) -> D:
        """``start`` moved forward by this duration on the calendar (wall clock kept)."""
        # The sums written out, not total_months and total_days: list adds two durations an article.
        months, days = self.years * 12 + self.months, self.weeks * 7 + self.days
        moved = _add_months(start, months) if months else start
        return moved + timedelta(days=days) if days else moved

    def add_to_or_none(self, start: D) -> D | None:
        """Like add_to, but None when the result falls after the year 9999 (it never comes)."""
        try:
            return self.add_to(start)
        except (OverflowError, ValueError):
            return None

    def __str__(self) -> str:
        return str.__str__(self.describe())

    def describe(self) -> Message:
        """``1 year 6 months``: English as a str, said in the user's language where it is shown."""
        described = _DESCRIBED.get(self)
        if described is None:
            pairs = ((self.years, "y"), (self.months, "m"), (self.weeks, "w"), (self.days, "d"))
            parts = [units(n, unit) for n, unit in pairs if n]
            described = _DESCRIBED[self] = joined(parts) if parts else units(0, "d")
        return described

    def spelling(self) -> str:
        """The short form, e.g. ``1y6m``, as a config or front matter would hold it."""
        text = _SPELLED.get(self)
        if text is None:
            text = "".join(
                f"{n}{unit}"
                for n, unit in ((self.years, "y"), (self.months, "m"), (self.weeks, "w"), (self.days, "d"))
                if n
            )
            text = _SPELLED[self] = text or "0d"
        return text


# Messages made once per process and shared (a Message is never changed once made): a list of
# 10,000 articles says the same few thresholds and ages over and over.
_DESCRIBED: dict[Duration, Message] = {}
_SPELLED: dict[Duration, str] = {}  # list's JSON and CSV spell each article's threshold
_UNITS: dict[tuple[int, str], Message] = {}
_AGES: dict[tuple[int, int, int], Message] = {}

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _add_months(start: D, months: int) -> D:
    """Calendar months later (earlier for negative), clamped to the month's last day."""
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    day = start.day
    if day > 28:  # only the 29th to the 31st may be past the end of the month reached
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        day = min(day, 29 if month0 == 1 and leap else _DAYS_IN_MONTH[month0])
    if isinstance(start, datetime) and not start.fold:
        # The constructor, not replace(): replace's keywords cost 0.5 µs more, and list calls this
        # about three times an article (its fold, 0 but in a repeated hour, only replace keeps).
        return datetime(
            year, month0 + 1, day, start.hour, start.minute, start.second, start.microsecond, start.tzinfo
        )
    return start.replace(year=year, month=month0 + 1, day=day)


def _parts(raw: str) -> tuple[str | None, ...] | None:
    """The numbers of a duration's years, months, weeks and days as written; None if not one."""
    match = None
    if raw[:1] in ("P", "p"):
        match = _ISO.fullmatch(raw.upper())
    elif raw:
        match = _SHORT.fullmatch(raw.lower())
    return None if match is None or not any(match.groups()) else match.groups()


def parse_duration(text: str) -> Duration:
    """Parse ``1y6m``-style or ISO 8601 (date part only) durations; raise DurationError."""
    raw = text.strip()
    groups = _parts(raw)
    if groups is None:
        raise DurationError(
            Message(
                "not a duration: {text!r} (use e.g. 90d, 12w, 18m, 1y, 1y6m or ISO 8601 P1Y6M)", text=text
            )
        )
    if any(g and len(g) > 9 for g in groups):  # also keeps int() below its 4300-digit limit
        raise DurationError(Message("duration too long: {text!r}", text=text))
    years, months, weeks, days = (int(g) if g else 0 for g in groups)
    if years > 1000 or months > 12000 or weeks > 52000 or days > 365000:
        raise DurationError(Message("duration too long: {text!r}", text=text))
    return Duration(years, months, weeks, days)


NEVER: Final = "never"
# An article's own archive_after: a duration, or NEVER (kept live whatever its age).
ArchiveAfter = Duration | Literal["never"]


def parse_archive_after(text: str) -> ArchiveAfter:
    """A duration, or ``never``; raise DurationError."""
    if text.strip().lower() == NEVER:
        return NEVER
    return parse_duration(text)


@dataclass(frozen=True)
class OwnThreshold:
    """An article's own threshold as a person gave it on the command line (``new --stale-after``,
    ``restore --archive-after``): what it means, and the text the article gets, as typed (without
    the space around it; ``never`` in lower case)."""

    value: ArchiveAfter
    text: str


def parse_own_threshold(text: str, never: bool) -> OwnThreshold:
    """A duration, or (``never`` true: archive_after takes it) ``never``; raise DurationError."""
    raw = text.strip()
    if never and raw.lower() != NEVER and _parts(raw) is None:
        raise DurationError(
            Message("not a duration: {text!r} (use e.g. 5y, 18m, ISO 8601 P1Y6M, or never)", text=text)
        )
    value = parse_archive_after(raw) if never else parse_duration(raw)
    return OwnThreshold(value, NEVER if value == NEVER else raw)


def calendar_difference(start: datetime, end: datetime) -> tuple[int, int, int]:
    """Whole (years, months, days) from ``start`` to ``end``; zeros when end is before start."""
    if end <= start:
        return (0, 0, 0)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    anchor = _add_months(start, months)
    if anchor > end:
        months -= 1
        anchor = _add_months(start, months)
    days = (end - anchor).days
    return months // 12, months % 12, days


def units(count: int, unit: str) -> Message:
    """``3 years``, ``1 month``, ``2 weeks``, ``12 days`` (unit ``y``, ``m``, ``w`` or ``d``)."""
    made = _UNITS.get((count, unit))
    if made is None:
        if unit == "y":
            made = Message.plural("{count} year", "{count} years", count)
        elif unit == "m":
            made = Message.plural("{count} month", "{count} months", count)
        elif unit == "w":
            made = Message.plural("{count} week", "{count} weeks", count)
        else:
            made = Message.plural("{count} day", "{count} days", count)
        _UNITS[count, unit] = made
    return made


def joined(parts: list[Message]) -> Message:
    """Parts of a duration side by side: ``3 years 11 months``."""
    whole = parts[0]
    for part in parts[1:]:
        whole = Message("{first} {second}", first=whole, second=part)
    return whole


def describe_age(start: datetime, end: datetime) -> Message:
    """A person's reading of an age: ``3 years 11 months``, ``5 months 2 days``, ``12 days``."""
    return age_message(calendar_difference(start, end))


def said(difference: tuple[int, int, int]) -> tuple[int, int, int]:
    """The part of a ``calendar_difference`` that ``age_message`` says (years and months, or months
    and days, or days): the key of the messages shared, which 10,000 articles' exact ages (to the
    day) made miss seven times in ten."""
    return (difference[0], difference[1], 0) if difference[0] else difference


def age_message(difference: tuple[int, int, int]) -> Message:
    """``describe_age`` of a ``calendar_difference``: (years, months, days)."""
    difference = said(difference)
    made = _AGES.get(difference)
    if made is None:
        years, months, days = difference
        if years:
            made = joined([units(years, "y"), *([units(months, "m")] if months else [])])
        elif months:
            made = joined([units(months, "m"), *([units(days, "d")] if days else [])])
        elif days:
            made = units(days, "d")
        else:
            made = Message("less than a day")
        _AGES[difference] = made
    return made
