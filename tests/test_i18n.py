"""The staff's language: every message has a Swedish translation with the same placeholders, the
shipped .mo is the compiled .po, and what programs read (JSON, CSV, paths, rule ids) never changes."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from archive_support import run_forked
from conftest import Invoke, Write, article_text, copy_sample

from newscli import catalog
from newscli.catalog import PLACEHOLDER

ROOT = Path(__file__).resolve().parent.parent


def _placeholders(text: str) -> set[str]:
    return {m.group(0).partition("!")[0].partition(":")[0].strip("{}") for m in PLACEHOLDER.finditer(text)}


def test_every_message_has_a_swedish_translation_with_the_same_placeholders() -> None:
    messages = catalog.extract()
    _, translations = catalog.read_po(catalog.po_path("sv"))
    problems = []
    for msgid, entry in messages.items():
        found = translations.get(msgid)
        if found is None or found.fuzzy or not found.strings or not all(found.strings):
            problems.append(f"no Swedish translation: {msgid!r}")
            continue
        expected = _placeholders(msgid) | _placeholders(entry.plural or "")
        for text in found.strings:
            if _placeholders(text) != expected:
                problems.append(f"placeholders differ: {msgid!r} -> {text!r}")
    print(f"{len(messages)} messages, {len(messages) - len(problems)} translated into Swedish")
    assert not problems, "\n".join(problems)
    assert len(messages) > 200


def test_the_template_lists_every_message() -> None:
    _, in_pot = catalog.read_po(catalog.POT)
    assert set(in_pot) == set(catalog.extract()) - {""}, "run: python -m newscli.catalog"


def test_the_shipped_mo_is_the_compiled_po() -> None:
    header, translations = catalog.read_po(catalog.po_path("sv"))
    shipped = catalog.po_path("sv").with_suffix(".mo").read_bytes()
    assert shipped == catalog.compile_mo(header, translations), "run: python -m newscli.catalog"


def test_the_mo_is_package_data() -> None:
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["newscli"]
    assert "locale/*/LC_MESSAGES/*.mo" in patterns


@pytest.fixture
def sample(committed_sample: Path, tmp_path: Path) -> Path:
    copy_sample(committed_sample, tmp_path)
    (tmp_path / "articles" / "2026-01-01-trasig.md").write_text("+++\ntitle = \n+++\n", encoding="utf-8")
    return tmp_path


def _run(folder: Path, args: list[str], lang: str) -> subprocess.CompletedProcess[str]:
    """newscli in a process of its own (forked from this one) whose locale is ``lang``."""
    return run_forked(folder, *args, NEWSCLI_CACHE_DIR=str(folder / "c"), LANG=lang)


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "json"],
        ["list", "--all", "--format", "csv"],
        ["list", "--format", "csv", "--excel"],
        ["list", "--format", "paths"],
        ["validate", "--format", "json"],
        ["archive", "--dry-run", "--format", "json"],
    ],
)
def test_what_programs_read_never_changes_with_the_language(sample: Path, args: list[str]) -> None:
    english = _run(sample, args, "C.UTF-8")
    swedish = _run(sample, args, "sv_SE.UTF-8")
    assert english.stdout == swedish.stdout
    assert english.returncode == swedish.returncode
    assert english.stdout.strip()


def test_rule_ids_and_line_shape_never_change(sample: Path) -> None:
    english = _run(sample, ["validate"], "C.UTF-8").stdout.splitlines()
    swedish = _run(sample, ["validate"], "sv_SE.UTF-8").stdout.splitlines()
    assert len(english) == len(swedish)
    for en, sv in zip(english, swedish, strict=True):
        if not en.startswith(" "):
            assert en.split(": ", 2)[:2] == sv.split(": ", 2)[:2]  # path:line:col and the severity
            assert en.rsplit(" ", 1)[-1] == sv.rsplit(" ", 1)[-1]  # [rule-id]


def test_swedish_under_a_swedish_locale(sample: Path) -> None:
    table = _run(sample, ["list"], "sv_SE.UTF-8")
    assert table.stdout.splitlines()[0].split() == ["Datum", "Rubrik", "Status", "Ålder", "Orsak", "Sökväg"]
    assert "publicerad för 3 år 11 månader sedan, gräns 1 år" in table.stdout
    assert "inaktuell, ska arkiveras" in table.stdout
    assert "newscli: 1 fil har fel (1 visas inte); kör `newscli validate`" in table.stderr
    helped = _run(sample, ["list", "--help"], "sv_SE.UTF-8").stdout
    assert helped.startswith("Användning: newscli list [FLAGGOR]")
    assert "Flaggor:" in helped
    assert "Visa den här hjälpen och avsluta." in helped
    wrong = _run(sample, ["list", "--sort", "storlek"], "sv_SE.UTF-8")
    assert wrong.returncode == 2
    assert "Fel: Ogiltigt värde för '--sort': 'storlek' är inte något av" in wrong.stderr
    missing = _run(sample, ["show", "finns-inte"], "sv_SE.UTF-8")
    assert "newscli: fel: ingen artikel med sluggen 'finns-inte'" in missing.stderr


def test_ui_language_in_the_config_wins(sample: Path) -> None:
    config = sample / "newscli.toml"
    config.write_text('ui_language = "sv"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    assert _run(sample, ["list"], "C.UTF-8").stdout.startswith("Datum")
    config.write_text(config.read_text(encoding="utf-8").replace('"sv"\n', '"en"\n', 1), encoding="utf-8")
    assert _run(sample, ["list"], "sv_SE.UTF-8").stdout.startswith("Date")


def test_a_bad_ui_language_is_a_config_error(site: Path, cli: Invoke) -> None:
    (site / "newscli.toml").write_text('ui_language = 5\narticles_dir = "articles"\n', encoding="utf-8")
    result = cli("list")
    assert result.exit_code == 2
    assert "ui_language" in result.stderr


@pytest.mark.parametrize(
    ("answer", "expected"), [("j", True), ("ja", True), ("J", True), ("y", True), ("nej", False), ("", False)]
)
def test_the_swedish_yes_no_question(monkeypatch: pytest.MonkeyPatch, answer: str, expected: bool) -> None:
    from newscli.cli.prompts import confirm
    from newscli.i18n import set_language

    set_language("sv")
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{answer}\n"))
    errors = io.StringIO()
    monkeypatch.setattr("sys.stderr", errors)
    assert confirm("Flytta 3 artiklar?") is expected
    assert "[j/N]" in errors.getvalue()


def test_an_unclear_answer_is_asked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from newscli.cli.prompts import confirm
    from newscli.i18n import set_language

    set_language("sv")
    monkeypatch.setattr("sys.stdin", io.StringIO("kanske\nja\n"))
    errors = io.StringIO()
    monkeypatch.setattr("sys.stderr", errors)
    assert confirm("Flytta?") is True
    assert "svara j eller n" in errors.getvalue()


def test_a_reason_is_english_in_json_and_swedish_in_the_table(
    write: Write, cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    write("2024-01-01-gammal.md", article_text("Gammal", "gammal", "2024-01-01"))
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    record = json.loads(cli("list", "--format", "json").stdout)["articles"][0]
    assert record["reason"] == "published 2 years 10 months ago, threshold 1 year"
    assert "publicerad för 2 år 10 månader sedan, gräns 1 år" in cli("list").stdout
