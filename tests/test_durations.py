from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscli.core.rules.durations import Duration, DurationError, describe_age, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90d", Duration(days=90)),
        ("12w", Duration(weeks=12)),
        ("18m", Duration(months=18)),
        ("1y", Duration(years=1)),
        ("1y6m", Duration(years=1, months=6)),
        ("2y3m1w4d", Duration(2, 3, 1, 4)),
        ("P1Y6M", Duration(years=1, months=6)),
        ("P90D", Duration(days=90)),
        ("P12W", Duration(weeks=12)),
        ("p1y", Duration(years=1)),
        (" 6m ", Duration(months=6)),
    ],
)
def test_parse(text: str, expected: Duration) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    "text", ["", "1", "y", "1x", "6m1y", "P", "PT5H", "1.5y", "-1y", "1 y", "P1Y2", "99999y"]
)
def test_reject(text: str) -> None:
    with pytest.raises(DurationError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("start", "duration", "end"),
    [
        (date(2024, 2, 29), "1y", date(2025, 2, 28)),
        (date(2024, 2, 29), "4y", date(2028, 2, 29)),
        (date(2026, 1, 31), "1m", date(2026, 2, 28)),
        (date(2026, 3, 31), "1m", date(2026, 4, 30)),
        (date(2026, 12, 15), "1m", date(2027, 1, 15)),
        (date(2026, 1, 1), "1y6m", date(2027, 7, 1)),
        (date(2026, 1, 1), "2w", date(2026, 1, 15)),
    ],
)
def test_calendar_arithmetic(start: date, duration: str, end: date) -> None:
    assert parse_duration(duration).add_to(start) == end


def test_describe_age() -> None:
    tz = ZoneInfo("Europe/Stockholm")
    start = datetime(2022, 12, 7, tzinfo=tz)
    assert describe_age(start, datetime(2026, 11, 29, tzinfo=tz)) == "3 years 11 months"
    assert describe_age(start, datetime(2023, 1, 9, tzinfo=tz)) == "1 month 2 days"
    assert describe_age(start, datetime(2022, 12, 8, tzinfo=tz)) == "1 day"
    assert describe_age(start, datetime(2022, 12, 7, 5, tzinfo=tz)) == "less than a day"


@given(st.integers(0, 50), st.integers(0, 30), st.integers(0, 20), st.integers(0, 400))
def test_spelling_round_trips(years: int, months: int, weeks: int, days: int) -> None:
    duration = Duration(years, months, weeks, days)
    if duration == Duration():
        return
    assert parse_duration(duration.spelling()) == duration
    assert str(parse_duration(duration.spelling())) == str(duration)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.integers(0, 600),
    st.integers(0, 900),
)
def test_add_to_matches_the_calendar(start: date, months: int, days: int) -> None:
    import calendar
    from datetime import timedelta

    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month0 + 1)[1])
    expected = start.replace(year=year, month=month0 + 1, day=day) + timedelta(days=days)
    assert Duration(months=months, days=days).add_to(start) == expected
