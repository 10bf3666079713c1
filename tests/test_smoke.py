from __future__ import annotations

from conftest import Invoke, Write, article_text


def test_list_shows_article(write: Write, cli: Invoke) -> None:
    write("2026-11-01-nyhet.md", article_text())
    result = cli("list")
    assert result.exit_code == 0, result.output
    assert "articles/2026-11-01-nyhet.md" in result.stdout
