from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import Invoke, Write, article_text

from newscli.core.errors import NotFoundError
from newscli.core.rules.config import Config, load_config
from newscli.core.usecases.show import show_article

SV_NOTICE = "Denna nyhet kan innehålla inaktuell information."
EN_NOTICE = "This news item may contain outdated information."
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.fixture
def full(write: Write) -> None:
    write(
        "2022-12-07-grenoble.md",
        article_text(
            "Borås i Grenoble",
            "grenoble",
            "2022-12-07",
            body="Brödtext om **demokrati**.\n",
            lead='"Ingressen."',
            author='"Kommunikation"',
            lastmod="2022-12-08",
            modified_by='"Webbredaktör"',
            image='{ src = "/b.jpg", alt = "Vy", caption = "Vy över Borås." }',
            links='[{ title = "IOPD", url = "https://oidp.net/" }]',
        ),
    )


def test_stale_swedish_article_as_a_reader_sees_it(full: None, cli: Invoke) -> None:
    result = cli("show", "grenoble")
    assert result.exit_code == 0, result.output
    out = result.stdout
    order = [
        "Borås i Grenoble",
        "Publicerad: 2022-12-07 · Av Kommunikation",
        SV_NOTICE,
        "Det kan bero på att nyheten är publicerad för länge sedan",
        "Ingressen.",
        "Brödtext om **demokrati**.",
        "[Bild: Vy över Borås.]",
        "Mer om:",
        "IOPD <https://oidp.net/>",
        "Senast ändrad: 2022-12-08",
        "Ändrad av: Webbredaktör",
    ]
    positions = [out.index(text) for text in order]
    assert positions == sorted(positions)


def test_by_path_and_english_notice(write: Write, cli: Invoke) -> None:
    path = write("2020-01-01-visit.md", article_text("Visit", "visit", "2020-01-01", language='"en"'))
    result = cli("show", str(path))
    assert result.exit_code == 0, result.output
    assert EN_NOTICE in result.stdout
    assert "Published: 2020-01-01" in result.stdout
    assert SV_NOTICE not in result.stdout


def test_fresh_article_has_no_notice(write: Write, cli: Invoke) -> None:
    write("2026-11-20-ny.md", article_text("Ny", "ny", "2026-11-20"))
    result = cli("show", "ny")
    assert result.exit_code == 0, result.output
    assert SV_NOTICE not in result.stdout
    assert "Senast ändrad: 2026-11-20" in result.stdout


def test_configured_notice_text(site: object, write: Write, cli: Invoke) -> None:
    with open("newscli.toml", "a", encoding="utf-8") as handle:
        handle.write('[notice]\nsv = "Gammal nyhet. Läs med försiktighet."\n')
    write("2020-01-01-gammal.md", article_text("Gammal", "gammal", "2020-01-01"))
    result = cli("show", "gammal")
    assert "! Gammal nyhet." in result.stdout
    assert "! Läs med försiktighet." in result.stdout


def test_terminal_rendering(full: None, cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newscli.cli.output.is_terminal", lambda stream=None: True)
    monkeypatch.setenv("COLUMNS", "120")
    result = cli("show", "grenoble")
    assert result.exit_code == 0, result.output
    assert "Denna nyhet kan innehålla inaktuell information." in result.stdout
    assert "demokrati" in result.stdout
    assert "**demokrati**" not in result.stdout
    assert "\x1b[" in result.stdout


def test_unknown_slug_suggests(full: None, cli: Invoke) -> None:
    result = cli("show", "grenobel")
    assert result.exit_code == 1
    assert "no article with the slug 'grenobel'" in result.stderr
    assert "did you mean grenoble?" in result.stderr


def test_broken_file_named_by_path(write: Write, cli: Invoke) -> None:
    path = write("2026-01-01-trasig.md", "+++\ntitle = “Citat”\n+++\n")
    result = cli("show", str(path))
    assert result.exit_code == 1
    assert "2026-01-01-trasig.md:2:9: TOML syntax error" in result.stderr
    assert "straight quotes" in result.stderr
    assert "Traceback" not in result.output


def test_a_link_url_is_never_read_as_style(
    write: Write, cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        "2026-11-20-lank.md",
        article_text(
            "Länk", "lank", "2026-11-20", links='[{ title = "Mer", url = "https://x.se/a bold red" }]'
        ),
    )
    monkeypatch.setattr("newscli.cli.output.is_terminal", lambda stream=None: True)
    result = cli("show", "lank")
    assert result.exit_code == 0, result.output
    assert ";https://x.se/a bold red\x1b\\" in result.stdout  # the whole URL is the hyperlink


def test_the_image_alt_text_is_shown(full: None, cli: Invoke) -> None:
    out = cli("show", "grenoble").stdout
    assert out.index("[Bild: Vy över Borås.]") < out.index("Alt-text: Vy")


def test_a_draft_never_says_published(write: Write, cli: Invoke) -> None:
    write("2026-12-03-utkast.md", article_text("Utkast", "utkast", "2026-12-03", draft="true"))
    out = cli("show", "utkast").stdout
    assert "Publicerad" not in out
    assert out.splitlines()[2] == "Utkast"


def test_a_scheduled_article_says_when(write: Write, cli: Invoke) -> None:
    write("2026-12-15-senare.md", article_text("Senare", "senare", "2026-12-15"))
    out = cli("show", "senare").stdout
    assert "Publicerad" not in out
    assert "Schemalagd: 2026-12-15" in out


def test_show_says_when_and_by_whom_it_was_reviewed(write: Write, cli: Invoke) -> None:
    write(
        "2022-12-07-granskad.md",
        article_text(
            "Granskad", "granskad", "2022-12-07", reviewed="2026-11-02T10:30:00", reviewed_by='"Anna Berg"'
        ),
    )
    result = cli("show", "granskad")
    assert result.exit_code == 0, result.output
    assert SV_NOTICE not in result.stdout  # reviewed this month: not stale
    assert result.stdout.splitlines()[-1] == "Granskad: 2026-11-02 10:30 av Anna Berg"


def test_show_in_english_and_without_a_name(write: Write, cli: Invoke) -> None:
    write(
        "2022-12-07-reviewed.md",
        article_text("Reviewed", "reviewed", "2022-12-07", language='"en"', reviewed="2025-06-01"),
    )
    result = cli("show", "reviewed")
    assert EN_NOTICE in result.stdout  # the review was 1 year 5 months ago: stale again
    assert result.stdout.splitlines()[-1] == "Reviewed: 2025-06-01"


def test_the_whole_text_of_an_article_is_pinned(full: None, cli: Invoke) -> None:
    result = cli("show", "grenoble")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Borås i Grenoble\n"
        "================\n"
        "Publicerad: 2022-12-07 · Av Kommunikation\n"
        "\n"
        "! Denna nyhet kan innehålla inaktuell information.\n"
        "! Det kan bero på att nyheten är publicerad för länge sedan eller att ny information "
        "har ersatt denna.\n"
        "\n"
        "Ingressen.\n"
        "\n"
        "Brödtext om **demokrati**.\n"
        "\n"
        "[Bild: Vy över Borås.]\n"
        "Alt-text: Vy\n"
        "\n"
        "Mer om:\n"
        "  - IOPD <https://oidp.net/>\n"
        "\n"
        "Senast ändrad: 2022-12-08\n"
        "Ändrad av: Webbredaktör\n"
    )
    assert result.stderr == ""


# -- the use case itself, without the command line ---------------------------------------------------


def _config(site: Path) -> Config:
    return load_config(site)


def test_the_use_case_reports_a_stale_article_with_its_notice(site: Path, full: None) -> None:
    report = show_article(_config(site), NOW, "grenoble")
    assert report.outcome.value == "done"
    assert report.article.slug == "grenoble"
    assert report.article.body.strip() == "Brödtext om **demokrati**."
    assert report.verdict.status.value == "stale"
    assert report.language == "sv"
    assert report.notice is not None
    assert report.notice.startswith(SV_NOTICE)


def test_the_use_case_takes_now_as_given(site: Path, write: Write) -> None:
    write("2026-11-20-ny.md", article_text("Ny", "ny", "2026-11-20", language='"en"'))
    fresh = show_article(_config(site), NOW, "ny")
    assert (fresh.verdict.status.value, fresh.language, fresh.notice) == ("published", "en", None)
    later = show_article(_config(site), datetime(2029, 1, 1, tzinfo=UTC), "ny")
    assert later.verdict.status.value == "stale"
    assert later.notice is not None
    assert later.notice.startswith(EN_NOTICE)


def test_the_use_case_prefers_the_live_article_and_sees_archived_successors(site: Path, write: Write) -> None:
    write("archive/2020/2020-01-01-gammal.md", article_text("Arkiverad", "gammal", "2020-01-01"))
    write("2026-11-20-gammal.md", article_text("Levande", "gammal", "2026-11-20"))
    write("archive/2021/2021-01-01-ersatt.md", article_text("Ersätter", "ersatt", "2021-01-01"))
    write(
        "2026-11-21-ersatt-av.md", article_text("Ersatt", "ersatt-av", "2026-11-21", superseded_by='"ersatt"')
    )
    report = show_article(_config(site), NOW, "gammal")
    assert (report.article.title, report.article.archived) == ("Levande", False)
    superseded = show_article(_config(site), NOW, "ersatt-av")
    assert superseded.verdict.status.value == "stale"
    assert superseded.verdict.reason == "superseded by ersatt"


def test_the_use_case_refuses_an_unknown_slug_and_changes_nothing(site: Path, full: None) -> None:
    before = sorted(p.name for p in (site / "articles").iterdir())
    with pytest.raises(NotFoundError) as caught:
        show_article(_config(site), NOW, "grenobel")
    assert caught.value.exit_code == 1
    assert sorted(p.name for p in (site / "articles").iterdir()) == before


@pytest.mark.parametrize(
    ("locale", "said", "clicks"),
    [
        ("C.UTF-8", "On by default; --no-pager turns it off.", "[default:"),
        ("sv_SE.UTF-8", "Påslaget som standard; --no-pager stänger av det.", "[standard:"),
    ],
)
def test_the_pager_default_is_said_in_words_not_as_a_flag_name(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, locale: str, said: str, clicks: str
) -> None:
    # Click would print "[standard: pager]": the flag's name, half a word to a Swedish reader.
    monkeypatch.setenv("LANG", locale)
    result = cli("show", "--help")
    assert result.exit_code == 0, result.output
    shown = " ".join(result.stdout.split())
    assert said in shown
    assert clicks not in shown
    assert "pager]" not in shown


def test_a_slug_never_follows_a_link_out_of_the_folder(site: Path, cli: Invoke, tmp_path: Path) -> None:
    # A link named as an article of the folder, pointing outside it: found by its slug, it is
    # refused as every reader of the folder refuses it; only a path the user names is followed.
    outside = tmp_path / "utanfor.md"
    outside.write_text(article_text("Hemlig", "hemlig"), encoding="utf-8")
    (site / "articles" / "2026-11-03-lank.md").symlink_to(outside)
    by_slug = cli("show", "lank")
    assert by_slug.exit_code == 1, by_slug.output
    assert "Hemlig" not in by_slug.stdout
    assert f"symbolic link to {outside}, outside the articles folder; not read" in by_slug.stderr
    assert "newscli edit" not in by_slug.stderr  # nothing in it to fix: it was not read
    by_path = cli("show", str(outside))
    assert by_path.exit_code == 0, by_path.output
    assert by_path.stdout.startswith("Hemlig\n")
