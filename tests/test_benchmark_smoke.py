"""The benchmark (benchmarks/): the corpus generator's promises and a smoke run of the harness.

No timing is asserted here; measured figures belong in docs/performance.md.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from corpus_support import generate_here
from inprocess_support import run_here

# Under pytest-xdist this module's tests share a worker: its generated corpus is made once.
pytestmark = pytest.mark.xdist_group("benchmark_smoke")

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
NOW = "2026-11-29T12:00:00+01:00"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
SIZE = 300


def generate(dest: Path, size: int, seed: int) -> None:
    """The generator's command line, in a process of its own (its own hash seed, as a person runs it)."""
    command = [sys.executable, str(BENCHMARKS / "corpus.py"), str(dest), "--size", str(size)]
    subprocess.run([*command, "--seed", str(seed)], check=True, capture_output=True)


def tree(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8").replace("\r\n", "\n")
    assert text.startswith("+++\n")
    toml, _, _ = text[4:].partition("\n+++\n")
    return tomllib.loads(toml)


def local_day(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return (value.astimezone(STOCKHOLM) if value.tzinfo else value).date()
    return value


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("corpus")
    generate_here(dest, SIZE, 20261129)
    return dest


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    generate(tmp_path / "a", 60, 7)  # a process of its own: the same bytes whatever the hash seed
    generate_here(tmp_path / "b", 60, 7)
    generate_here(tmp_path / "c", 60, 8)
    first = tree(tmp_path / "a")
    assert len(first) == 60 + 3  # articles, newscli.toml, hugo.toml, corpus.json
    assert first == tree(tmp_path / "b")
    assert first != tree(tmp_path / "c")


def test_articles_are_like_the_reference_article(corpus_dir: Path) -> None:
    files = sorted((corpus_dir / "articles").rglob("*.md"))
    assert len(files) == SIZE
    articles = {}
    for path in files:
        assert 2048 <= path.stat().st_size <= 3072, path
        data = front_matter(path)
        day = local_day(data["date"])
        assert path.name == f"{day.isoformat()}-{data['slug']}.md"
        assert path.parent.name == str(day.year)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", data["slug"])
        for key in ("title", "lead", "tags", "author"):
            assert data[key], (path, key)
        if "image" in data:
            assert data["image"]["alt"]
        articles[data["slug"]] = data
    assert len(articles) == SIZE, "slugs are unique"
    for data in articles.values():
        if "superseded_by" in data:
            successor = articles[data["superseded_by"]]
            assert local_day(successor["date"]) >= local_day(data["date"])
            assert not successor.get("draft")
    assert any(d.get("draft") for d in articles.values())
    assert any(d.get("evergreen") for d in articles.values())
    assert any("pressmeddelande" in d["tags"] for d in articles.values())
    assert any("trafik" in d["tags"] for d in articles.values())
    assert len({local_day(d["date"]).year for d in articles.values()}) >= 15
    # The variety of real folders: every key of the format, keys the config does not know, CRLF and
    # BOM files, multi-line arrays, comments, inline tables.
    keys = {key for d in articles.values() for key in d}
    contract = {"lastmod", "modified_by", "language", "stale_after", "superseded_by", "image", "links"}
    assert keys >= contract | {"reviewed", "reviewed_by", "archive_after"}
    assert keys & {"ingress", "kategori", "athor", "bildtext", "publicerad_av", "cms_id"}
    raw = [path.read_bytes() for path in files]
    assert any(b"\r\n" in data for data in raw)
    assert any(data.startswith(b"\xef\xbb\xbf") for data in raw)
    assert any(b"\ntags = [\n" in data.replace(b"\r\n", b"\n") for data in raw)
    assert any(b"\n# " in data.split(b"\n+++", 1)[0] for data in raw)
    assert any(b"image = {" in data for data in raw)
    assert any(d.get("archive_after") == "never" for d in articles.values())


def test_newscli_reads_every_article_without_problems(corpus_dir: Path) -> None:
    result = run_here(corpus_dir, "list", "--format", "json", NEWSCLI_NOW=NOW)  # the reading, not a process
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["problems"] == []
    listed = document["articles"]
    assert len(listed) == SIZE
    stamp = json.loads((corpus_dir / "corpus.json").read_text(encoding="utf-8"))
    assert sum(a["status"] == "draft" for a in listed) == stamp["drafts"]
    assert sum(a["status"] == "scheduled" for a in listed) == stamp["scheduled"]
    assert sum(a["due_for_archive"] for a in listed) == stamp["due_for_archive"]
    assert any(a["reason"] and "superseded by" in a["reason"] for a in listed)


def test_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    report_path = tmp_path / "results.json"
    command = [sys.executable, str(BENCHMARKS / "run.py"), "--sizes", "50", "--runs", "1", "--warmup", "0"]
    result = subprocess.run(
        [*command, "--workdir", str(tmp_path / "work"), "--json", str(report_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for label in (
        "newscli list --format json",
        "newscli list --stale (pipe)",
        "newscli validate",
        "newscli archive --dry-run",
        "newscli archive (real, on a copy)",
        "newscli --version",
        "hugo list all",
        "cat every file (I/O floor)",
        'python -c "import typer"',
        "== goals",
    ):
        assert label in result.stdout
    report = json.loads(report_path.read_text(encoding="utf-8"))
    (size,) = report["sizes"]
    assert size["size"] == 50
    listed = {c["key"]: c for c in size["commands"]}
    assert listed["list_json"]["exit_codes"] == [0]
    assert listed["version"]["exit_codes"] == [0]
