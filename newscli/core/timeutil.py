"""Time zones and "now": local dates and times are read in the configured zone."""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class TimeError(ValueError):
    """A bad time zone name or date/time text."""


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise TimeError(f"unknown time zone {name!r} (use an IANA name such as Europe/Stockholm)") from exc


def system_zone() -> tuple[tzinfo, str]:
    """The machine's zone with its IANA name where it can be found, else a fixed offset."""
    candidates: list[str] = []
    tz_env = os.environ.get("TZ", "").lstrip(":")
    if tz_env:
        candidates.append(tz_env)
    try:
        target = os.readlink("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in candidates:
        try:
            return ZoneInfo(name), name
        except (ZoneInfoNotFoundError, ValueError):
            continue
    local = datetime.now().astimezone().tzinfo
    assert local is not None  # astimezone() always sets one
    return local, str(local)


def localize(value: date | datetime, tz: tzinfo) -> datetime:
    """A TOML date, local datetime or offset datetime as an aware datetime in ``tz``."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=tz)
        return value.astimezone(tz)
    return datetime.combine(value, time(0, 0), tzinfo=tz)


def parse_datetime(text: str, tz: tzinfo) -> datetime:
    """``2026-11-29``, ``2026-11-29T08:00``, ``2026-11-29 08:00:00+01:00`` or ``...Z``, in ``tz``."""
    raw = text.strip()
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    try:
        value = localize(date.fromisoformat(raw) if len(raw) == 10 else datetime.fromisoformat(raw), tz)
        value.astimezone(UTC)  # aware date-times compare in UTC: it must exist there too
        return value
    except (ValueError, OverflowError) as exc:
        raise TimeError(
            f"not a date or date-time: {text!r} (use e.g. 2026-11-29 or 2026-11-29T08:00:00+01:00)"
        ) from exc


def rfc3339(value: datetime) -> str:
    """RFC 3339 with seconds and offset, e.g. ``2022-12-07T00:00:00+01:00``."""
    return value.isoformat(timespec="seconds")
