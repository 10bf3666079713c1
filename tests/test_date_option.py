"""``--date`` of new, touch, review and publish: one option type, one table of inputs.

Each command once had its own parser; they differed (``new`` kept a fraction of a second, the others
dropped it). Every command is run on every row here, so they cannot drift apart again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke, Write, article_text
from inprocess_support import run_here

# (what is typed, what the article gets) in the config's zone, Europe/Stockholm; now is
# 2026-11-29T12:00:00+01:00 (conftest), the article's date 2026-01-01.
VALID = [
    ("2026-11-28", "2026-11-28"),  # a bare date stays a TOML date
    (" 2026-11-28 ", "2026-11-28"),
    ("2026-11-28T10:00", "2026-11-28T10:00:00+01:00"),  # a local time: in the config's zone
    ("2026-11-28 10:00:00", "2026-11-28T10:00:00+01:00"),
    ("2026-07-01T10:00", "2026-07-01T10:00:00+02:00"),  # summer time
    ("2026-11-28T10:00:00.123456+01:00", "2026-11-28T10:00:00+01:00"),  # to the second
    ("2026-11-28T10:00:00.999999", "2026-11-28T10:00:00+01:00"),  # cut, not rounded
    ("2026-11-28T09:00:00Z", "2026-11-28T10:00:00+01:00"),  # an offset: converted to the zone
    ("2026-11-28T10:00:00+05:00", "2026-11-28T06:00:00+01:00"),
    ("2026-11-28Z", "2026-11-28T01:00:00+01:00"),  # a date with an offset: midnight there
]
INVALID = [
    "nonsense",
    "igår",
    "",
    "2026-13-01",
    "2026-02-30",
    "2026-11-28T25:00",
    "2026-11-28T10:00+25:00",
    "28/11/2026",
    "２０２６-11-28",  # fullwidth digits: fromisoformat reads them, nobody means them
    "٢٠٢٦-١١-٢٨",  # Arabic-Indic digits
]
COMMANDS = ("new", "touch", "review", "publish")
# The key each command writes the time into.
KEY = {"new": "date", "touch": "lastmod", "review": "reviewed", "publish": "date"}


def _run(cli: Invoke, write: Write, command: str, *args: str) -> tuple[int, str]:
    """The command with ``args`` on a fresh article; (exit code, the article's text after)."""
    draft = {"draft": "true"} if command == "publish" else {}
    path = write("2026-01-01-gammal.md", article_text("Gammal", "gammal", "2026-01-01", **draft))
    articles = path.parent
    before = {p.name for p in articles.iterdir()}
    result = cli(*((command, "Ny nyhet") if command == "new" else (command, "gammal")), *args)
    made = sorted({p.name for p in articles.iterdir()} - before)
    if command == "new":
        text = (articles / made[0]).read_text(encoding="utf-8") if made else ""
    else:
        text = next(articles.glob("*-gammal.md")).read_text(encoding="utf-8")
    return result.exit_code, text


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("typed", "written"), VALID)
def test_every_command_writes_a_date_the_same_way(
    cli: Invoke, write: Write, command: str, typed: str, written: str
) -> None:
    code, text = _run(cli, write, command, "--date", typed)
    assert code == 0, text
    assert f"\n{KEY[command]} = {written}\n" in text


@pytest.mark.parametrize("command", COMMANDS)
def test_without_date_it_is_now_to_the_second(cli: Invoke, write: Write, command: str) -> None:
    code, text = _run(cli, write, command)
    assert code == 0, text
    assert f"\n{KEY[command]} = 2026-11-29T12:00:00+01:00\n" in text


def _args(command: str, *rest: str) -> tuple[str, ...]:
    return (command, "Ny nyhet" if command == "new" else "gammal", *rest)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("typed", INVALID)
def test_every_command_refuses_the_same_dates(site: Path, write: Write, command: str, typed: str) -> None:
    """Refused as the command line reads it (exit 2, the usage line, nothing written), in English and
    in Swedish."""
    original = article_text("Gammal", "gammal", "2026-01-01", draft="true")
    path = write("2026-01-01-gammal.md", original)
    english = run_here(site, *_args(command, "--date", typed))
    assert english.returncode == 2, english.stderr
    assert f"Error: Invalid value for '--date': not a date or date-time: {typed!r}" in english.stderr
    assert f"Usage: newscli {command} " in english.stderr
    swedish = run_here(site, *_args(command, "--date", typed), LANG="sv_SE.UTF-8")
    assert swedish.returncode == 2, swedish.stderr
    said = f"Fel: Ogiltigt värde för '--date': inte ett datum eller datum med tid: {typed!r}"
    assert said in swedish.stderr
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    assert path.read_text(encoding="utf-8") == original


@pytest.mark.parametrize("command", COMMANDS)
def test_a_date_off_the_calendar_in_the_zone_is_refused_by_every_command(
    site: Path, write: Write, command: str
) -> None:
    """Read, but not placeable in the config's zone: year 1 at 00:30 in Stockholm is in year 0 in UTC."""
    original = article_text("Gammal", "gammal", "2026-01-01", draft="true")
    path = write("2026-01-01-gammal.md", original)
    result = run_here(site, *_args(command, "--date", "0001-01-01T00:30"))
    assert result.returncode == 2, result.stderr
    assert "newscli: error: --date: not a date or date-time: '0001-01-01T00:30:00'" in result.stderr
    assert "(off the calendar in this zone)" in result.stderr
    swedish = run_here(site, *_args(command, "--date", "0001-01-01T00:30"), LANG="sv_SE.UTF-8")
    assert swedish.returncode == 2, swedish.stderr
    assert "newscli: fel: --date: inte ett datum eller datum med tid: '0001-01-01T00:30:00'" in swedish.stderr
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    assert path.read_text(encoding="utf-8") == original
