"""``newscli export``: the site's data file, its contract pinned as literals."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import Invoke, Write, article_text

NOTICE_SV = (
    "Denna nyhet kan innehålla inaktuell information. Det kan bero på att nyheten är publicerad "
    "för länge sedan eller att ny information har ersatt denna."
)
NOTICE_EN = (
    "This news item may contain outdated information. It may have been published a long time ago, "
    "or newer information may have replaced it."
)


def data(site: Path) -> dict[str, object]:
    document = json.loads((site / "site" / "data" / "newscli.json").read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def test_every_article_with_its_decision(site: Path, write: Write, cli: Invoke) -> None:
    (site / "site" / "data").mkdir(parents=True)
    write("2022-12-07-gammal.md", article_text("Gammal", "gammal", "2022-12-07", lastmod="2022-12-08"))
    write("a.md", article_text("Färsk", "farsk", "2026-11-01T10:00:00+01:00", language='"en"'))
    write("b.md", article_text("Ersatt", "ersatt", "2026-10-01", superseded_by='"farsk"'))
    write("c.md", article_text("Utkast", "utkast", "2026-11-01", draft="true"))
    write("d.md", article_text("Kommande", "kommande", "2026-12-24"))
    write("e.md", article_text("Väntar", "vantar", "2026-11-02", superseded_by='"kommande"'))
    write("archive/2020/2020-01-01-arkiv.md", article_text("Arkiv", "arkiv", "2020-01-01"))
    write("_template.md", "+++\n+++\n")

    result = cli("export")
    assert result.exit_code == 0, result.output
    assert "wrote site/data/newscli.json: 7 articles, 5 published, 3 stale" in result.stderr
    document = data(site)
    assert list(document) == ["format_version", "generator", "now", "timezone", "pages", "articles"]
    assert document["format_version"] == 1
    assert document["now"] == "2026-11-29T12:00:00+01:00"
    assert document["timezone"] == "Europe/Stockholm"
    assert document["pages"] == 5
    articles = document["articles"]
    assert isinstance(articles, dict)
    assert set(articles) == {"gammal", "farsk", "ersatt", "utkast", "kommande", "vantar", "arkiv"}
    assert articles["gammal"] == {
        "file": "2022-12-07-gammal.md",
        "status": "stale",
        "reason": "published 3 years 11 months ago, threshold 1 year",
        "stale_at": "2023-12-07T00:00:00+01:00",
        "notice": NOTICE_SV,
        "language": "sv",
        "date": "2022-12-07T00:00:00+01:00",
        "lastmod": "2022-12-08T00:00:00+01:00",
        "archived": False,
        "successor": None,
    }
    assert articles["farsk"]["status"] == "published"
    assert articles["farsk"]["stale_at"] == "2027-11-01T10:00:00+01:00"
    assert articles["farsk"]["notice"] == NOTICE_EN
    assert articles["farsk"]["language"] == "en"
    assert articles["ersatt"]["successor"] == {"slug": "farsk", "title": "Färsk"}
    assert articles["ersatt"]["reason"] == "superseded by farsk"
    assert [articles[s]["status"] for s in ("utkast", "kommande")] == ["draft", "scheduled"]
    # Superseded by a scheduled article: no link to a page that does not exist yet, but a date.
    assert articles["vantar"]["successor"] is None
    assert articles["vantar"]["stale_at"] == "2026-12-24T00:00:00+01:00"
    assert articles["arkiv"]["file"] == "archive/2020/2020-01-01-arkiv.md"
    assert articles["arkiv"]["archived"] is True


def test_the_same_decisions_as_list(site: Path, write: Write, cli: Invoke) -> None:
    (site / "site" / "data").mkdir(parents=True)
    for n in range(30):
        extra = {"superseded_by": f'"a{n + 1}"'} if n % 7 == 0 else {}
        write(f"a{n}.md", article_text(f"A {n}", f"a{n}", f"20{10 + n % 17}-0{1 + n % 9}-15", **extra))
    listed = json.loads(cli("list", "--all", "--format", "json").stdout)["articles"]
    assert cli("export").exit_code == 0
    exported = data(site)["articles"]
    assert isinstance(exported, dict)
    assert {a["slug"]: (a["status"], a["stale_at"], a["reason"]) for a in listed} == {
        slug: (r["status"], r["stale_at"], r["reason"]) for slug, r in exported.items()
    }


def test_now_is_taken_to_the_second(site: Path, write: Write, cli: Invoke) -> None:
    (site / "site" / "data").mkdir(parents=True)
    write("a.md", article_text())
    assert cli("--now", "2026-11-29T12:00:00.750000+01:00", "export").exit_code == 0
    assert data(site)["now"] == "2026-11-29T12:00:00+01:00"


def test_output_option_replaces_the_file(site: Path, write: Write, cli: Invoke) -> None:
    write("a.md", article_text())
    target = site / "out.json"
    target.write_text("old", encoding="utf-8")
    result = cli("export", "--output", "out.json", "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert json.loads(target.read_text(encoding="utf-8"))["pages"] == 1
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".newscli-tmp")) == []


def test_a_missing_folder_is_a_usage_error(site: Path, write: Write, cli: Invoke) -> None:
    write("a.md", article_text())
    result = cli("export")
    assert result.exit_code == 2
    assert "site/data does not exist" in result.stderr
    assert not (site / "site").exists()


def test_files_with_errors_are_named_and_the_rest_written(site: Path, write: Write, cli: Invoke) -> None:
    (site / "site" / "data").mkdir(parents=True)
    write("a.md", article_text())
    write("broken.md", "+++\ntitle = \n+++\n")
    write("b.md", article_text("Samma", "nyhet", "2026-10-01"))
    result = cli("export")
    assert result.exit_code == 1
    assert "articles/broken.md:2:" in result.stderr
    assert "slug 'nyhet' is also used by" in result.stderr
    articles = data(site)["articles"]
    assert isinstance(articles, dict)
    assert list(articles) == ["nyhet"]


def test_runs_from_a_subfolder_and_writes_beside_the_config(site: Path, write: Write, cli: Invoke) -> None:
    (site / "site" / "data").mkdir(parents=True)
    write("a.md", article_text())
    os.chdir(site / "articles")
    assert cli("export").exit_code == 0
    assert data(site)["pages"] == 1
