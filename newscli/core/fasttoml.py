"""A fast reader for the plain TOML that front matter nearly always is, with ``tomllib`` as the reference.

``loads`` understands one shape: bare keys set to one-line strings without escapes, booleans,
small integers, dates and date-times without fractions, one-line arrays of such strings, and
``[table]`` / ``[[array]]`` headers with bare names. Whatever else it meets — an escape, a comment
after a value, a dotted key, a duplicate — it answers ``None`` and the caller asks ``tomllib``,
which also gives every error its position. So it never accepts what ``tomllib`` rejects and never
reads a value differently (tests/test_fasttoml.py checks both against the TOML test suite).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

# A one-line string: anything but the quote, the backslash and control characters (a tab is fine).
_BASIC = r'"([^"\\\x00-\x08\x0a-\x1f\x7f]*)"'
_LITERAL = r"'([^'\x00-\x08\x0a-\x1f\x7f]*)'"
_KEY_VALUE = re.compile(r"[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*(.*?)[ \t]*")
_TABLE = re.compile(r"[ \t]*\[([A-Za-z0-9_-]+)\][ \t]*")
_ARRAY_TABLE = re.compile(r"[ \t]*\[\[([A-Za-z0-9_-]+)\]\][ \t]*")
_COMMENT = re.compile(r"[ \t]*(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?")
_STRING = re.compile(_BASIC)
_LITERAL_STRING = re.compile(_LITERAL)
_INTEGER = re.compile(r"[+-]?(?:0|[1-9][0-9]{0,17})")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))?"
)
_STRING_ARRAY = re.compile(rf"\[[ \t]*(?:{_BASIC}(?:[ \t]*,[ \t]*{_BASIC})*[ \t]*,?[ \t]*)?\]")
_ARRAY_ITEM = re.compile(_BASIC)


class _Unsure(Exception):
    """The text is outside the shape this reader knows; tomllib decides."""


def _value(text: str) -> Any:
    first = text[:1]
    if first == '"':
        match = _STRING.fullmatch(text)
        if match:
            return match.group(1)
    elif first == "[":
        if _STRING_ARRAY.fullmatch(text):
            return _ARRAY_ITEM.findall(text)
    elif text == "true":
        return True
    elif text == "false":
        return False
    elif first == "'":
        match = _LITERAL_STRING.fullmatch(text)
        if match:
            return match.group(1)
    elif len(text) >= 10 and text[4:5] == "-":
        return _date_or_datetime(text)
    elif _INTEGER.fullmatch(text):
        return int(text)
    raise _Unsure


def _date_or_datetime(text: str) -> date | datetime:
    match = _DATE.fullmatch(text)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise _Unsure from None
    match = _DATETIME.fullmatch(text)
    if match:
        return _datetime(match)
    raise _Unsure


def _datetime(match: re.Match[str]) -> datetime:
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    zulu, sign, offset_hours, offset_minutes = match.group(7, 8, 9, 10)
    try:
        if zulu:
            zone: timezone | None = UTC
        elif sign:
            hours, minutes = int(offset_hours), int(offset_minutes)
            if hours > 23 or minutes > 59:
                raise _Unsure
            delta = timedelta(hours=hours, minutes=minutes)
            zone = timezone(-delta if sign == "-" else delta)
        else:
            zone = None
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        raise _Unsure from None


def loads(text: str) -> dict[str, Any] | None:
    """The document as ``tomllib.loads`` would give it, or None when this reader is not sure."""
    root: dict[str, Any] = {}
    current = root
    array_tables: set[str] = set()
    try:
        lines = text.split("\n")
        last = len(lines) - 1
        for number, line in enumerate(lines):
            if number < last and line.endswith("\r"):
                line = line[:-1]  # CRLF; a lone CR is not a line end in TOML and fails the patterns
            head = line.lstrip(" \t")[:1]
            if head == "[":
                match = _TABLE.fullmatch(line)
                if match:
                    name = match.group(1)
                    if name in root:
                        return None
                    current = root[name] = {}
                    continue
                match = _ARRAY_TABLE.fullmatch(line)
                if match is None:
                    return None
                name = match.group(1)
                if name not in root:
                    root[name] = []
                    array_tables.add(name)
                elif name not in array_tables:
                    return None
                current = {}
                root[name].append(current)
            elif head in ("#", ""):
                if not _COMMENT.fullmatch(line):
                    return None
            else:
                match = _KEY_VALUE.fullmatch(line)
                if match is None:
                    return None
                key = match.group(1)
                if key in current:
                    return None
                current[key] = _value(match.group(2))
    except _Unsure:
        return None
    return root
