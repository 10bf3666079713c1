"""The reader's site (site/), built with Hugo without a browser: what is published, where, and when
the build refuses. Built in temporary copies of the project, never in the checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from shell_support import ForkServer, fork_server
from site_support import (
    BORAS,
    NOW,
    ROOT,
    build,
    copy_project,
    generate_corpus,
    hugo,
    interpreter_first,
    need_hugo,
    newscli,
    page,
)

sys.path.insert(0, str(ROOT / "benchmarks"))  # benchmarks/ is a folder of scripts, not a package
import sitecheck

# The suite's corpus; the benchmark compares 10,000 (benchmarks/run.py, the site rows).
CORPUS_SIZE = int(os.environ.get("NEWSCLI_SITE_TEST_SIZE", "300"))


@pytest.fixture(scope="module")
def forked() -> Iterator[ForkServer]:
    """The newscli that site/build.sh and the tests run: a fork of this process each time
    (``shell_support``), not a new interpreter; ``make site`` below runs the installed one."""
    with fork_server() as server:
        yield server


@pytest.fixture
def project(committed_sample: Path, tmp_path: Path) -> Path:
    need_hugo()
    return copy_project(tmp_path / "project", committed_sample)


@pytest.fixture(scope="module")
def built_once(committed_sample: Path, tmp_path_factory: pytest.TempPathFactory, forked: ForkServer) -> Path:
    """The sample built at NOW (site/build.sh: export, then Hugo), once for the module's tests."""
    need_hugo()
    project = copy_project(tmp_path_factory.mktemp("built") / "project", committed_sample)
    build(project, server=forked)
    return project


@pytest.fixture
def built(built_once: Path, tmp_path: Path) -> Path:
    """A copy of the sample as ``build(project)`` left it: what a test then changes is its own."""
    return Path(shutil.copytree(built_once, tmp_path / "project", symlinks=True))


def output(result: subprocess.CompletedProcess[str]) -> str:
    """Hugo 0.111 logs its errors on stdout, and says on stderr that there were some."""
    return result.stdout + result.stderr


def published_files(public: Path) -> list[str]:
    return sorted(p.relative_to(public).as_posix() for p in public.rglob("*") if p.is_file())


def test_the_sample_is_published_at_nyheter_slug(built_once: Path) -> None:
    project = built_once  # only read
    public = project / "site" / "public"
    files = published_files(public)
    articles = sorted(f.split("/")[1] for f in files if f.startswith("nyheter/") and f.count("/") == 2)
    assert articles == [
        "120-nya-hyresratter-byggs-pa-hulta",
        BORAS,
        "julbelysningen-tands-pa-stora-torget",
        "nya-oppettider-pa-stadsbiblioteket",
        "sa-sorterar-du-ditt-avfall",
        "sommarlovsaktiviteter-for-barn-och-unga",
        "stadsbiblioteket-utokar-oppettiderna",
        "vagarbete-stanger-allegatan-under-tre-veckor",
        "welcome-to-boras-a-guide-for-international-visitors",
    ]  # not the draft, not the scheduled article, not _template.md
    assert not [f for f in files if "template" in f or "newscli-archive" in f or "tags" in f]
    assert "Mall för nya nyheter" not in (public / "sitemap.xml").read_text(encoding="utf-8")
    text = page(project, BORAS).read_text(encoding="utf-8")
    assert '<html lang="sv">' in text
    assert '<div class="notice" role="note" aria-label="Meddelande"><p>Denna nyhet kan' in text
    assert "<figcaption>Vy över Borås.</figcaption>" in text
    english = page(project, "welcome-to-boras-a-guide-for-international-visitors").read_text(encoding="utf-8")
    assert '<html lang="en">' in english
    assert "This news item may contain outdated information." in english  # hidden until stale_at
    assert "Last modified" in english


def test_only_articles_are_published_not_other_files_of_the_folder(project: Path, forked: ForkServer) -> None:
    # What staff leave in the articles folder: an image, notes, a copy their editor kept, a draft
    # folder of their own; and newscli's own state. Only the articles (*.md) are published.
    articles = project / "articles"
    (articles / "bild.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (articles / "trafik" / "anteckningar.txt").write_text("intern anteckning\n", encoding="utf-8")
    (articles / "README").write_text("intern\n", encoding="utf-8")
    (articles / "2026-11-20-julbelysningen-tands-pa-stora-torget.md.kept-20261129-120000").write_text(
        "kopia\n", encoding="utf-8"
    )
    (articles / "trafik" / "karta.pdf").write_bytes(b"%PDF-1.4 intern")
    (articles / "_utkast").mkdir()
    (articles / "_utkast" / "2026-11-01-hemlig.md").write_text(
        '+++\ntitle = "Hemlig"\nslug = "hemlig"\ndate = 2026-11-01\n+++\nHemlig.\n', encoding="utf-8"
    )
    (articles / ".newscli-archive.log").write_text("", encoding="utf-8")
    build(project, server=forked)
    public = project / "site" / "public"
    files = published_files(public)
    leaked = [
        f for f in files if f.rsplit("/", 1)[-1] in {"bild.jpg", "anteckningar.txt", "README", "karta.pdf"}
    ]
    assert leaked == []
    assert not [f for f in files if "kept-" in f or "hemlig" in f or "newscli-archive" in f]
    assert page(project, "vagarbete-stanger-allegatan-under-tre-veckor").is_file()  # a section's article
    assert page(project, "julbelysningen-tands-pa-stora-torget").is_file()


def test_make_site_builds_the_sample_into_site_public(committed_sample: Path, tmp_path: Path) -> None:
    need_hugo()
    project = copy_project(tmp_path / "project", committed_sample)
    shutil.copy2(Path(__file__).resolve().parent.parent / "Makefile", project / "Makefile")
    venv = Path(sys.executable).parent.parent
    env = {**os.environ, "NEWSCLI_NOW": NOW, "NEWSCLI_CACHE_DIR": str(tmp_path / "cache")}
    env["PATH"] = interpreter_first(env)
    # The checkout's environment, so make finds newscli set up and does not install anything.
    command = ["make", "--no-print-directory", "-o", f"{venv}/bin/newscli", f"VENV={venv}", "site"]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert page(project, BORAS).is_file()
    data = json.loads((project / "site" / "data" / "newscli.json").read_text(encoding="utf-8"))
    assert data["now"] == NOW


def test_a_page_keeps_its_url_after_archiving(built: Path, forked: ForkServer) -> None:
    project = built
    before = page(project, BORAS).read_text(encoding="utf-8")
    archived = newscli(project, "archive", "--yes", "--quiet", server=forked)
    assert archived.returncode == 0, archived.stderr
    assert list((project / "articles" / "archive" / "2022").glob("*grenoble.md"))
    build(project, server=forked)
    assert page(project, BORAS).read_text(encoding="utf-8") == before


def test_scheduled_articles_appear_when_their_time_comes(project: Path, forked: ForkServer) -> None:
    build(project, now="2026-12-16T12:00:00+01:00", server=forked)
    assert page(project, "snorojning-sa-prioriterar-vi-gatorna-i-vinter").is_file()
    assert not page(project, "ny-vagledning-for-foreningsbidrag-2027").exists()  # a draft, never


def test_the_build_stops_without_the_data_file(project: Path) -> None:
    result = hugo(project)
    assert result.returncode != 0
    assert "data/newscli.json" in output(result)
    assert "missing" in output(result)
    # only that reason: no comparison with a count it has not got, no template failing on no record
    assert "<nil>" not in output(result)
    assert "execute of template failed" not in output(result)


def test_a_failed_build_leaves_the_last_good_site(built: Path, forked: ForkServer) -> None:
    project = built
    public = project / "site" / "public"
    before = {p: p.read_bytes() for p in public.rglob("*") if p.is_file()}
    broken = project / "articles" / "2026-11-28-utan-slug.md"
    broken.write_text('+++\ntitle = "Utan slug"\ndate = 2026-11-28\n+++\nText.\n', encoding="utf-8")
    result = build(project, check=False, server=forked)
    assert result.returncode != 0
    assert "2026-11-28-utan-slug.md" in result.stderr
    assert {p: p.read_bytes() for p in public.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in public.parent.iterdir() if "building" in p.name) == []


def test_the_build_stops_on_another_format_version(built: Path) -> None:
    project = built
    data_file = project / "site" / "data" / "newscli.json"
    document = json.loads(data_file.read_text(encoding="utf-8"))
    document["format_version"] = 2
    data_file.write_text(json.dumps(document), encoding="utf-8")
    result = hugo(project)
    assert result.returncode != 0
    assert "data/newscli.json has format_version 2" in output(result)


def test_the_build_stops_naming_an_article_the_data_file_lacks(built: Path) -> None:
    project = built
    extra = project / "articles" / "2026-11-28-ny.md"
    extra.write_text('+++\ntitle = "Ny"\nslug = "ny"\ndate = 2026-11-28\n+++\nText.\n', encoding="utf-8")
    result = hugo(project)
    assert result.returncode != 0
    assert f'{extra}: no article with slug "ny" in the data file data/newscli.json' in output(result)


def test_a_file_renamed_since_the_export_is_named_as_such(built: Path) -> None:
    project = built
    old = next((project / "articles").glob("2022-12-07-boras-*.md"))
    new = old.with_name("2022-12-07-grenoble.md")
    old.rename(new)
    result = hugo(project)
    assert result.returncode != 0
    assert f"{new}: the slug" in output(result)
    assert "renamed or moved since the export" in output(result)
    assert "run `newscli export` again" in output(result)


def test_an_article_deeper_than_the_mount_reaches_stops_the_build_naming_it(
    project: Path, forked: ForkServer
) -> None:
    # Seven folders below the articles folder is published; one more the mount's patterns do not
    # reach: the build stops naming that file, not blaming the clock.
    sample = next((project / "articles").glob("2026-11-20-julbelysningen-*.md")).read_text(encoding="utf-8")
    for folders, slug in (("1/2/3/4/5/6/7", "sju"), ("a/b/c/d/e/f/g/h", "atta")):
        folder = project / "articles" / folders
        folder.mkdir(parents=True)
        text = sample.replace('slug = "julbelysningen-tands-pa-stora-torget"', f'slug = "{slug}"')
        (folder / f"2026-11-20-{slug}.md").write_text(text, encoding="utf-8")
        result = build(project, check=slug == "sju", server=forked)
    assert page(project, "sju").is_file()  # from the first, good build
    assert result.returncode != 0
    assert "Hugo never saw a/b/c/d/e/f/g/h/2026-11-20-atta.md in the articles folder" in output(result)
    assert "seven folders" in output(result)
    assert "--clock" not in output(result)


def test_the_build_stops_when_hugo_and_newscli_take_different_moments(built: Path) -> None:
    project = built
    result = hugo(project, clock="2026-12-16T12:00:00+01:00")  # the scheduled article is out for Hugo
    assert result.returncode != 0
    assert "snorojning" in output(result)
    assert "newscli judged it scheduled" in output(result)


def test_every_page_shows_the_decision_list_makes(tmp_path: Path, forked: ForkServer) -> None:
    """A generated corpus, half of it archived: every page Hugo built against `newscli list --all`."""
    need_hugo()
    project = tmp_path / "corpus"
    generate_corpus(project, CORPUS_SIZE)
    archived = newscli(project, "archive", "--yes", "--quiet", server=forked)
    assert archived.returncode == 0, archived.stderr
    build(project, server=forked)
    listing = newscli(project, "list", "--all", "--format", "json", server=forked)
    listed = json.loads(listing.stdout)["articles"]
    pages = sitecheck.shown(project / "site" / "public")
    assert len(listed) == CORPUS_SIZE
    assert sum(a["archived"] for a in listed) > CORPUS_SIZE // 2
    statuses = {a["status"] for a in listed}
    assert statuses >= {"published", "stale", "draft", "scheduled"}
    assert {"stale", "published"} <= {shown[0] for shown in pages.values()}
    assert any(shown[2] for shown in pages.values())  # some page links its successor
    assert sitecheck.mismatches(listed, project / "site" / "public") == {}
