"""``new --stale-after``, ``restore --archive-after`` and ``new --link``: typed by the command line.

Each keeps the values it took when it was checked by hand: ``--archive-after`` takes ``never``,
``--stale-after`` does not; neither takes a bare number or digits other than 0-9. What is written
into the article is what was typed (without the space around it; ``never`` in lower case).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke, Write, article_text
from inprocess_support import run_here

# (typed, written) for both options
DURATIONS = [
    ("6m", "6m"),
    ("90d", "90d"),
    ("1y6m", "1y6m"),
    ("0d", "0d"),
    ("P1Y6M", "P1Y6M"),
    ("p6m", "p6m"),
    ("6M", "6M"),
    (" 18m ", "18m"),
]
# ("y" alone is left out: said under Swedish, a value that is also a message is translated, "j")
NOT_DURATIONS = ["soon", "snart", "", "0", "6", "6x", "1y 6m", "-6m", "١٢m", "６m", "P", "dm"]
TOO_LONG = ["9999999999y", "1001y"]


def _new(cli: Invoke, site: Path, *args: str) -> str:
    result = cli("new", "Ny nyhet", *args)
    assert result.exit_code == 0, result.output
    return (site / "articles" / "2026-11-29-ny-nyhet.md").read_text(encoding="utf-8")


def _restore(cli: Invoke, write: Write, value: str) -> str:
    # Evergreen: never due, so any duration keeps it live (one it is older than is refused, see
    # test_restore.py); what is checked here is how the value is written.
    text = article_text("Gammal", "gammal", "2022-12-07", evergreen="true")
    path = write("2022-12-07-gammal.md", text)
    result = cli("restore", "gammal", "--archive-after", value)
    assert result.exit_code == 0, result.output
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("typed", "written"), DURATIONS)
def test_a_duration_is_written_as_typed(
    cli: Invoke, site: Path, write: Write, typed: str, written: str
) -> None:
    assert f'\nstale_after = "{written}"\n' in _new(cli, site, "--stale-after", typed)
    assert f'\narchive_after = "{written}"\n' in _restore(cli, write, typed)


@pytest.mark.parametrize("typed", ["never", "NEVER", " Never "])
def test_archive_after_takes_never(cli: Invoke, write: Write, typed: str) -> None:
    assert '\narchive_after = "never"\n' in _restore(cli, write, typed)


def _refused(site: Path, *args: str) -> tuple[str, str]:
    """stderr in English and in Swedish of a run that must be refused as bad usage, changing nothing."""
    before = _files(site)
    said = []
    for language in ("C.UTF-8", "sv_SE.UTF-8"):
        result = run_here(site, *args, LANG=language)
        assert result.returncode == 2, result.stderr
        said.append(result.stderr)
    assert _files(site) == before
    return said[0], said[1]


def _files(site: Path) -> list[tuple[str, bytes]]:
    return sorted((str(p), p.read_bytes()) for p in (site / "articles").rglob("*") if p.is_file())


@pytest.mark.parametrize("typed", [*NOT_DURATIONS, "never"])
def test_stale_after_refuses_what_is_not_a_duration(site: Path, typed: str) -> None:
    english, swedish = _refused(site, "new", "Ny nyhet", "--stale-after", typed)
    assert (
        f"Error: Invalid value for '--stale-after': not a duration: {typed!r} "
        "(use e.g. 90d, 12w, 18m, 1y, 1y6m or ISO 8601 P1Y6M)"
    ) in english
    assert (
        f"Fel: Ogiltigt värde för '--stale-after': inte en varaktighet: {typed!r} "
        "(använd t.ex. 90d, 12w, 18m, 1y, 1y6m eller ISO 8601 P1Y6M)"
    ) in swedish


@pytest.mark.parametrize("typed", NOT_DURATIONS)
def test_archive_after_refuses_what_is_not_a_duration_or_never(site: Path, write: Write, typed: str) -> None:
    write("archive/2022/2022-12-07-gammal.md", article_text("Gammal", "gammal", "2022-12-07"))
    english, swedish = _refused(site, "restore", "gammal", "--archive-after", typed)
    assert (
        f"Error: Invalid value for '--archive-after': not a duration: {typed!r} "
        "(use e.g. 5y, 18m, ISO 8601 P1Y6M, or never)"
    ) in english
    assert (
        f"Fel: Ogiltigt värde för '--archive-after': inte en varaktighet: {typed!r} "
        "(använd t.ex. 5y, 18m, ISO 8601 P1Y6M eller never)"
    ) in swedish
    assert not (site / "articles" / "2022-12-07-gammal.md").exists()  # refused before anything moved


@pytest.mark.parametrize("typed", TOO_LONG)
def test_both_refuse_a_duration_too_long(site: Path, write: Write, typed: str) -> None:
    write("2022-12-07-gammal.md", article_text("Gammal", "gammal", "2022-12-07"))
    for args in (
        ("new", "Ny nyhet", "--stale-after", typed),
        ("restore", "gammal", "--archive-after", typed),
    ):
        english, swedish = _refused(site, *args)
        assert f"Error: Invalid value for '{args[2]}': duration too long: {typed!r}" in english
        assert f"Fel: Ogiltigt värde för '{args[2]}': för lång varaktighet: {typed!r}" in swedish


LINKS = [
    ("Trafikinformation|https://www.boras.se/trafik", "Trafikinformation", "https://www.boras.se/trafik"),
    (" Mer | https://x.se ", "Mer", "https://x.se"),
    ("A|B|https://x.se", "A|B", "https://x.se"),  # the last | divides: a title may hold one
]


@pytest.mark.parametrize(("typed", "title", "url"), LINKS)
def test_a_link_is_title_and_url(cli: Invoke, site: Path, typed: str, title: str, url: str) -> None:
    text = _new(cli, site, "--link", typed, "--link", "Två|https://y.se")
    assert (
        f'[[links]]\ntitle = "{title}"\nurl = "{url}"\n\n[[links]]\ntitle = "Två"\nurl = "https://y.se"\n'
        in text
    )


@pytest.mark.parametrize("typed", ["bara en titel", "Titel|", "|https://x.se", " | ", "", "https://x.se"])
def test_a_link_without_title_or_url_is_refused(site: Path, typed: str) -> None:
    english, swedish = _refused(site, "new", "Ny nyhet", "--link", "Bra|https://x.se", "--link", typed)
    assert f"Error: Invalid value for '--link': {typed!r} must be 'Title|URL'" in english
    assert f"Fel: Ogiltigt värde för '--link': {typed!r} måste vara 'Rubrik|URL'" in swedish
    assert list((site / "articles").iterdir()) == []
