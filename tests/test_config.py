from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke, Write, article_text

from newscli.core.errors import ConfigError
from newscli.core.rules.config import load_config


def test_found_by_walking_up(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deep = site / "articles" / "2026"
    deep.mkdir()
    monkeypatch.chdir(deep)
    config = load_config(Path.cwd())
    assert config.source == site / "newscli.toml"
    assert config.articles_dir == site / "articles"
    assert config.timezone_name == "Europe/Stockholm"


def test_pyproject_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.newscli]\narticles_dir = "news"\nstale_after = "6m"\n', encoding="utf-8"
    )
    config = load_config(tmp_path)
    assert config.articles_dir == tmp_path / "news"
    assert config.stale_after.spelling() == "6m"


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.source is None
    assert config.articles_dir == tmp_path / "articles"
    assert config.stale_after.spelling() == "1y"
    assert config.archive_after.spelling() == "2y"
    assert config.language == "sv"
    assert config.notice_for("en").startswith("This news item may contain outdated information.")
    assert config.notice_for("sv-SE").startswith("Denna nyhet kan innehålla inaktuell information.")


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ('stale_after = "soon"', "'stale_after'"),
        ("archive_after = 3", "'archive_after'"),
        ('timezone = "Europe/Boras"', "'timezone'"),
        ('stale_from = "published"', "'stale_from'"),
        ('language = "svenska!"', "'language'"),
        ('[stale_after_tags]\ntrafik = "3 months"', "'stale_after_tags.trafik'"),
        ('extra_keys = "weight"', "'extra_keys'"),
        ('[defaults]\ntitle = "x"', "'defaults.title'"),
        ('[defaults]\ntags = "a"', "'defaults.tags'"),
        ('stale_aftr = "1y"', "did you mean 'stale_after'"),
        (
            '[stale_after_tags]\ntrafik = "3m"\nTrafik = "6m"',
            "'stale_after_tags' has both 'trafik' and 'Trafik'",
        ),
        ("articles_dir = ", "not valid TOML"),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, toml: str, named: str) -> None:
    (tmp_path / "newscli.toml").write_text(toml + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert named in info.value.message


def test_bad_config_is_exit_2_without_traceback(site: Path, cli: Invoke) -> None:
    (site / "newscli.toml").write_text('stale_after = "soon"\n', encoding="utf-8")
    result = cli("list")
    assert result.exit_code == 2
    assert "newscli: error:" in result.stderr
    assert "'stale_after'" in result.stderr
    assert "Traceback" not in result.output


def test_config_option_and_articles_dir_override(site: Path, write: Write, cli: Invoke) -> None:
    other = site / "other"
    other.mkdir()
    (other / "2026-11-01-annan.md").write_text(article_text(slug="annan"), encoding="utf-8")
    write("2026-11-01-nyhet.md", article_text())
    result = cli("list", "--format", "paths", "--articles-dir", "other")
    assert result.exit_code == 0, result.output
    assert result.stdout == "other/2026-11-01-annan.md\n"
    (site / "alt.toml").write_text('articles_dir = "other"\n', encoding="utf-8")
    result = cli("--config", "alt.toml", "list", "--format", "paths")
    assert result.stdout == "other/2026-11-01-annan.md\n"


def test_articles_dir_from_environment(
    site: Path, write: Write, cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "env").mkdir()
    (site / "env" / "2026-11-01-env.md").write_text(article_text(slug="env"), encoding="utf-8")
    monkeypatch.setenv("NEWSCLI_ARTICLES_DIR", "env")
    result = cli("list", "--format", "paths")
    assert result.stdout == "env/2026-11-01-env.md\n"


def test_missing_config_file_is_usage_error(site: Path, cli: Invoke) -> None:
    result = cli("list", "--config", "nope.toml")
    assert result.exit_code == 2
    assert "nope.toml does not exist" in result.stderr


@pytest.mark.parametrize("language", ["en", "sv"])
def test_an_articles_dir_that_is_a_file_is_not_said_to_be_missing(
    site: Path, cli: Invoke, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    (site / "notes.md").write_text("a file, not a folder\n", encoding="utf-8")
    monkeypatch.setenv("LANG", "sv_SE.UTF-8" if language == "sv" else "C.UTF-8")
    result = cli("list", "--articles-dir", "notes.md")
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    if language == "sv":
        assert first.endswith("notes.md är inte en mapp (angiven av --articles-dir)"), first
    else:
        assert first.endswith("notes.md is not a folder (given by --articles-dir)"), first
