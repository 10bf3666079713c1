"""Durations and ages in the user's language ("1 year 6 months", "1 år 6 månader")."""

from __future__ import annotations

from datetime import datetime

from newscli.core.rules.durations import Duration, calendar_difference
from newscli.i18n import _, localize


def duration_text(duration: Duration) -> str:
    """A threshold as a person reads it: ``1 year 6 months`` (``1 år 6 månader``)."""
    return localize(duration.describe()) or ""


def short_age(start: datetime, end: datetime) -> str:
    """A compact age for table cells: ``3y 11m``, ``5m 2d``, ``12d`` (``3 år 11 mån`` in Swedish)."""
    if end < start:
        return "-"
    years, months, days = calendar_difference(start, end)
    units = {"y": _("{count}y"), "m": _("{count}m"), "d": _("{count}d")}
    # The two largest units (3y 11m, 5m 2d), the second left out when it is zero.
    parts = (
        [("y", years), ("m", months)] if years else [("m", months), ("d", days)] if months else [("d", days)]
    )
    shown = [units[unit].format(count=n) for i, (unit, n) in enumerate(parts) if n or i == 0]
    return shown[0] if len(shown) == 1 else _("{larger} {smaller}").format(larger=shown[0], smaller=shown[1])
