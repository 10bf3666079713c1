"""Hostile configuration and numbers: a bad config is exit 2 naming the key; a number Hugo cannot
build is an error in validate, whichever TOML reader answered and wherever the key is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Invoke, Write, article_text

from newscli.core.reading.frontmatter import Document, FrontMatterError, parse_toml


def _no_config(site: Path) -> None:
    (site / "newscli.toml").unlink()


@pytest.mark.parametrize(
    ("config", "named"),
    [
        ('timezone = "Europe"\n', "'timezone'"),  # a folder of the zone database
        ('timezone = "Europe/"\n', "'timezone'"),
        ('timezone = "../../etc/passwd"\n', "'timezone'"),
    ],
)
def test_a_zone_that_is_not_one_is_exit_2(site: Path, cli: Invoke, config: str, named: str) -> None:
    (site / "newscli.toml").write_text(config, encoding="utf-8")
    result = cli("list")
    assert result.exit_code == 2
    assert named in result.stderr
    assert "internal error" not in result.output


def test_tz_naming_a_folder_without_a_configured_zone_is_exit_2(
    site: Path, cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "newscli.toml").write_text('articles_dir = "articles"\n', encoding="utf-8")
    # A folder, a path to nothing, nonsense: a cron job must not judge by another zone in silence.
    for value in (
        "Europe",
        "Nowhere/Land",
        "/etc",
        ":/etc",
        "/nonexistent/zone",
        "blah123",
        "../../etc",
        "/nonexistent/zoneinfo/Asia/Tokyo",
    ):
        monkeypatch.setenv("TZ", value)
        result = cli("list")
        assert result.exit_code == 2, value
        assert f"TZ={value}" in result.stderr
        assert "timezone" in result.stderr  # the hint: where to set a zone instead


def test_tz_as_a_path_into_the_zone_database_is_that_zone(
    site: Path, cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "newscli.toml").write_text('articles_dir = "articles"\n', encoding="utf-8")
    monkeypatch.setenv("TZ", "/usr/share/zoneinfo/Europe/Stockholm")
    monkeypatch.setenv("NEWSCLI_NOW", "2026-12-01T12:00")
    result = cli("list", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["now"] == "2026-12-01T12:00:00+01:00"


def test_tz_as_a_posix_rule_still_works(site: Path, cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "newscli.toml").write_text('articles_dir = "articles"\n', encoding="utf-8")
    monkeypatch.setenv("TZ", "CET-1CEST")  # a POSIX rule, not a zone name: the system's zone is used
    assert cli("list").exit_code == 0


@pytest.mark.parametrize(
    ("pyproject", "named"),
    [
        ('tool = "x"\n', "'tool'"),
        ("tool = 5\n", "'tool'"),
        ("[tool]\nnewscli = 5\n", "'tool.newscli'"),
        ('[tool]\nnewscli = "articles"\n', "'tool.newscli'"),
    ],
)
def test_a_pyproject_up_the_tree_with_a_bad_tool_key(
    site: Path, cli: Invoke, monkeypatch: pytest.MonkeyPatch, pyproject: str, named: str
) -> None:
    _no_config(site)
    (site / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (site / "articles" / "deep").mkdir()
    monkeypatch.chdir(site / "articles" / "deep")
    result = cli("list")
    assert result.exit_code == 2
    assert named in result.stderr
    assert "pyproject.toml" in result.stderr
    assert "internal error" not in result.output

    explicit = cli("--config", str(site / "pyproject.toml"), "list")
    assert explicit.exit_code == 2
    assert named in explicit.stderr


def test_a_pyproject_with_other_tools_only_is_not_a_config(site: Path, cli: Invoke) -> None:
    _no_config(site)
    (site / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n", encoding="utf-8")
    assert cli("list").exit_code == 0


def test_config_option_naming_a_folder_says_so(site: Path, cli: Invoke) -> None:
    result = cli("--config", str(site), "list")
    assert result.exit_code == 2
    assert "is a folder" in result.stderr
    assert "does not exist" not in result.stderr


def test_missing_articles_folder_names_what_gave_it(
    site: Path, cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    for command in ("list", "validate", "show", "new", "archive", "restore"):
        args = [command, "x"] if command in ("show", "new", "restore") else [command]
        by_option = cli("--articles-dir", "nowhere", *args)
        assert by_option.exit_code == 2, command
        assert "given by --articles-dir" in by_option.stderr, command
        assert "newscli.toml" not in by_option.stderr.split("hint:")[0], command
        after = cli(*args, "--articles-dir", "nowhere")
        assert "given by --articles-dir" in after.stderr, command

        monkeypatch.setenv("NEWSCLI_ARTICLES_DIR", "nowhere")
        by_env = cli(*args)
        monkeypatch.delenv("NEWSCLI_ARTICLES_DIR")
        assert by_env.exit_code == 2, command
        assert "given by NEWSCLI_ARTICLES_DIR" in by_env.stderr, command

    (site / "newscli.toml").write_text('articles_dir = "gone"\n', encoding="utf-8")
    by_file = cli("list")
    assert by_file.exit_code == 2
    assert f"given by articles_dir in {site / 'newscli.toml'}" in by_file.stderr


def test_an_invalid_now_is_reported_where_it_was_given(
    site: Path, cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCLI_NOW", "yesterday")
    result = cli("list")
    assert result.exit_code == 2
    assert "Invalid value for NEWSCLI_NOW: not a date" in result.stderr
    assert "--now" not in result.stderr
    monkeypatch.delenv("NEWSCLI_NOW")
    given = cli("list", "--now", "tomorrow")
    assert given.exit_code == 2
    assert "Invalid value for '--now': not a date" in given.stderr
    before = cli("--now", "tomorrow", "list")
    assert before.exit_code == 2
    assert "'--now'" in before.stderr


def test_now_with_z_is_utc_midnight(site: Path, write: Write, cli: Invoke) -> None:
    # Published 23:30 UTC on the 28th (00:30 in Stockholm on the 29th): at UTC midnight, it is
    # already out; at Stockholm midnight (23:00 UTC), it is still scheduled.
    write("2026-11-29-x.md", article_text(slug="x", date="2026-11-28T23:30:00Z"))
    utc = cli("list", "--now", "2026-11-29Z", "--format", "json")
    assert '"now": "2026-11-29T01:00:00+01:00"' in utc.stdout
    assert '"status": "published"' in utc.stdout
    local = cli("list", "--now", "2026-11-29", "--format", "json")
    assert '"now": "2026-11-29T00:00:00+01:00"' in local.stdout
    assert '"status": "scheduled"' in local.stdout
    offset = cli("list", "--now", "2026-11-29+05:00", "--format", "json")
    assert '"now": "2026-11-28T20:00:00+01:00"' in offset.stdout
    assert cli("list", "--now", "٢٠٢٦-11-29").exit_code == 2  # Arabic-Indic digits: not a date


# Numbers Hugo cannot build (TOML 1.0 requires an error beyond 64-bit integers).

BAD_NUMBERS = [
    "99999999999999999999",
    "-9223372036854775809",
    "9223372036854775808",
    "0xFFFFFFFFFFFFFFFF",
    "0o1777777777777777777777",
    "1e309",
    "-1e309",
    "[1, 2, 99999999999999999999]",
    "{ a = { b = 1e400 } }",
]
GOOD_NUMBERS = [
    "9223372036854775807",
    "-9223372036854775808",
    "0x7FFFFFFFFFFFFFFF",
    "1e308",
    "inf",
    "-inf",
    "nan",
]


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("extra", [False, True])
def test_numbers_beyond_64_bits_are_errors(
    site: Path, write: Write, cli: Invoke, value: str, extra: bool
) -> None:
    if extra:
        with (site / "newscli.toml").open("a", encoding="utf-8") as handle:
            handle.write('extra_keys = ["weight"]\n')
    write("2026-11-01-nyhet.md", article_text(lead='"x"', weight=value))
    result = cli("validate")
    assert result.exit_code == 1
    assert "articles/2026-11-01-nyhet.md:6:1: error: 'weight': " in result.stdout
    assert "[toml-number]" in result.stdout


@pytest.mark.parametrize("value", GOOD_NUMBERS)
def test_numbers_within_64_bits_pass(site: Path, write: Write, cli: Invoke, value: str) -> None:
    with (site / "newscli.toml").open("a", encoding="utf-8") as handle:
        handle.write('extra_keys = ["weight"]\n')
    write("2026-11-01-nyhet.md", article_text(lead='"x"', weight=value))
    result = cli("validate")
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize("reader", ["python", "auto"])
def test_the_check_covers_every_reader(reader: str) -> None:
    # toml-rs (auto, where installed) reads 1e309 as inf and keeps big integers; tomllib too:
    # the check after either reader refuses both, and lets TOML's own inf through.
    from newscli.core.reading import frontmatter

    frontmatter.use_reader(frontmatter.TomlReader(reader))
    try:
        for toml, line in (
            ('title = "x"\nweight = 99999999999999999999\n', 3),
            ('title = "x"\nw = inf\nweight = 1e309\n', 4),
            ('title = "x"\n[t]\nw = [inf, 1e400]\n', 3),
        ):
            with pytest.raises(FrontMatterError) as info:
                parse_toml(Document(toml, "", 2, 5, False, "\n"))
            assert info.value.rule == "toml-number"
            assert info.value.line == line, toml
        fine = 'title = "x"\nweight = 12\nw = -inf\n'
        assert parse_toml(Document(fine, "", 2, 5, False, "\n"))["weight"] == 12
    finally:
        frontmatter.use_reader(frontmatter.TomlReader("auto"))
