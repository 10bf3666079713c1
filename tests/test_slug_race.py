"""Twenty ``newscli new`` with one title at once, over a folder of a few thousand articles.

Each run has another ``--date``, so each would make another file name: without the slug lock, each
finds the slug free and writes its own file (20 files, one slug, all exit 0 — the bug this test
was written for). With it exactly one run creates the article and the other nineteen get the
duplicate-slug error (exit 2). The twenty are processes of their own, forked from the test process
(``archive_support.start_forked``: the command line's entry point), so they start within a moment
of each other and none pays for an interpreter's start.

The articles just written count as settled (``cachedir.RACY_SECONDS`` shifted, as the children
inherit it), so the metadata cache works as on a real folder: with the lock, the run that holds it
first reads all the articles and fills the cache, and the nineteen after it, one at a time, read
the cache (the module 2.3-2.4 -> 1.3-1.8 CPU-s, load 4-5). Without the lock, all twenty read the
folder at once before any cache exists: the same race as before (twenty files, all exit 0).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from archive_support import start_forked
from conftest import CONFIG, article_text

from newscli.core.folder import cachedir

RUNS = 20
ARTICLES = 3000


def test_of_twenty_concurrent_new_with_one_slug_exactly_one_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cachedir, "RACY_SECONDS", -3600.0)  # forked children inherit it
    (tmp_path / "newscli.toml").write_text(CONFIG, encoding="utf-8")
    articles = tmp_path / "articles"
    for number in range(ARTICLES):
        folder = articles / f"del{number % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"2025-01-01-artikel-{number}.md").write_text(
            article_text(f"Artikel {number}", f"artikel-{number}", "2025-01-01"), encoding="utf-8"
        )
    cache = str(tmp_path / "cache")
    runs = [
        start_forked(tmp_path, "new", "Samma rubrik", "--date", f"2026-11-{day:02d}", NEWSCLI_CACHE_DIR=cache)
        for day in range(1, RUNS + 1)
    ]
    results = [(done.returncode, done.stdout, done.stderr) for done in (run.wait() for run in runs)]
    codes = sorted(code for code, _, _ in results)
    made = sorted(p.name for p in articles.glob("*-samma-rubrik.md"))
    print(f"race: {RUNS} concurrent new over {ARTICLES} articles: exit codes {codes}, files {made}")
    assert codes == [0] + [2] * (RUNS - 1), results
    assert len(made) == 1
    winner = next(out for code, out, _ in results if code == 0)
    assert winner.strip() == f"articles/{made[0]}"
    for code, _, err in results:
        if code == 2:
            assert "the slug 'samma-rubrik' is already used by" in err or "samma-rubrik" in err, err
    leftovers = [p.name for p in articles.glob(".newscli-tmp-*")]
    assert leftovers == []
