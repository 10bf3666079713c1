"""The staff's language: every message has a Swedish translation with the same placeholders, the
shipped .mo is the compiled .po, and what programs read (JSON, CSV, paths, rule ids) never changes."""

from __future__ import annotations

import io
import os
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest
from archive_support import read_only, run_forked
from conftest import Invoke, Write, article_text, copy_sample
from inprocess_support import run_here

from newscli import catalog
from newscli.catalog import PLACEHOLDER

ROOT = Path(__file__).resolve().parent.parent


@cache
def _messages() -> dict[str, catalog.PoEntry]:
    """Every message in newscli's source, parsed once for the three tests that read them (each
    parse of the whole package cost 0.3 CPU-s). Read only: no test changes it."""
    return catalog.extract()


def _placeholders(text: str) -> set[str]:
    return {m.group(0).partition("!")[0].partition(":")[0].strip("{}") for m in PLACEHOLDER.finditer(text)}


def test_every_message_has_a_swedish_translation_with_the_same_placeholders() -> None:
    messages = _messages()
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


def test_a_translation_keeps_the_lines_click_must_not_rewrap() -> None:
    # "\b" alone on a line tells Click not to reflow the paragraph after it (a help's examples);
    # a translation without it ran supersede's Swedish example into one line with "Exempel:".
    messages = _messages()
    _, translations = catalog.read_po(catalog.po_path("sv"))
    problems = [
        f"{msgid[:60]!r}: {msgid.count(chr(8))} '\\b' in English, {text.count(chr(8))} in Swedish"
        for msgid in messages
        for text in (translations[msgid].strings if msgid in translations else [])
        if text.count("\b") != msgid.count("\b")
    ]
    assert not problems, "\n".join(problems)


def test_the_supersede_example_stays_on_its_own_line_in_swedish(sample: Path) -> None:
    shown = run_here(sample, "supersede", "--help", LANG="sv_SE.UTF-8", COLUMNS="80").stdout
    assert "\n    newscli supersede oppettider-2025 nya-oppettider-pa-biblioteket\n" in shown, shown


def test_the_template_lists_every_message() -> None:
    _, in_pot = catalog.read_po(catalog.POT)
    assert set(in_pot) == set(_messages()) - {""}, "run: python -m newscli.catalog"


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
    """newscli run in this process (``run_here``: its entry, streams and environment as a forked
    child's) under the locale ``lang``: what it says, in which language, and its exit code."""
    return run_here(folder, *args, NEWSCLI_CACHE_DIR=str(folder / "c"), LANG=lang)


def _started(folder: Path, args: list[str], lang: str) -> subprocess.CompletedProcess[str]:
    """newscli in a process of its own (forked from this one) started with the locale ``lang``: for
    the tests whose point is the language a process starts in."""
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
    table = _started(sample, ["list"], "sv_SE.UTF-8")
    assert table.stdout.splitlines()[0].split() == ["Datum", "Rubrik", "Status", "Ålder", "Orsak", "Sökväg"]
    assert "publicerad för 3 år 11 månader sedan, gräns 1 år" in table.stdout
    assert "inaktuell, ska arkiveras" in table.stdout
    assert "newscli: 1 fil har fel (1 visas inte); kör `newscli validate`" in table.stderr
    helped = _started(sample, ["list", "--help"], "sv_SE.UTF-8").stdout
    assert helped.startswith("Användning: newscli list [FLAGGOR]")
    assert "Flaggor:" in helped
    assert "Visa den här hjälpen och avsluta." in helped
    wrong = _started(sample, ["list", "--sort", "storlek"], "sv_SE.UTF-8")
    assert wrong.returncode == 2
    assert "Fel: Ogiltigt värde för '--sort': 'storlek' är inte något av" in wrong.stderr
    missing = _started(sample, ["show", "finns-inte"], "sv_SE.UTF-8")
    assert "newscli: fel: ingen artikel med sluggen 'finns-inte'" in missing.stderr
    assert "tips: `newscli list --all` visar alla sluggar" in missing.stderr
    # show's and restore's hints are Swedish too, as every other command's
    typo = _started(sample, ["show", "sa-sorterar-du-ditt-avfal"], "sv_SE.UTF-8")
    assert "tips: menade du sa-sorterar-du-ditt-avfall?" in typo.stderr
    unarchived = _started(sample, ["restore", "finns-inte"], "sv_SE.UTF-8")
    assert "tips: `newscli list --archived` visar de arkiverade artiklarna" in unarchived.stderr
    bad_now = _started(sample, ["--now", "igår", "list"], "sv_SE.UTF-8")
    assert bad_now.returncode == 2
    assert "Fel: Ogiltigt värde för '--now' (miljövariabel: 'NEWSCLI_NOW'): inte ett datum" in bad_now.stderr
    archive_help = _started(sample, ["archive", "--help"], "sv_SE.UTF-8").stdout
    assert "--wait <sekunder>" in archive_help
    assert "--limit <heltal>" in helped
    missing_new = _started(sample, ["supersede", "a"], "sv_SE.UTF-8")
    assert "Fel: Argumentet 'NY' saknas." in missing_new.stderr
    assert "(från cron)" in archive_help
    assert "(nattkörningen, i en git-klon)" in archive_help


def test_ui_language_in_the_config_wins(sample: Path) -> None:
    config = sample / "newscli.toml"
    config.write_text('ui_language = "sv"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    assert _started(sample, ["list"], "C.UTF-8").stdout.startswith("Datum")
    config.write_text(config.read_text(encoding="utf-8").replace('"sv"\n', '"en"\n', 1), encoding="utf-8")
    assert _started(sample, ["list"], "sv_SE.UTF-8").stdout.startswith("Date")


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


def test_a_cached_problem_is_still_said_in_swedish_and_json_stays_english(
    site: Path, write: Write, cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from newscli.core.folder import cachedir

    monkeypatch.setattr(cachedir, "RACY_SECONDS", -3600.0)  # just written, yet cached: no waiting
    write("2026-01-01-x.md", '+++\ntitle = 5\nslug = "x"\ndate = 2026-01-01\n+++\n\nText.\n')
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    first = cli("validate").stdout
    assert list((site / "cache").glob("*.cache")), "a folder with a problem is cached like any other"
    second = cli("validate").stdout  # from the cache
    assert first == second
    assert "'title' måste vara en sträng, inte ett tal [field-type]" in second
    assert 'tips: lägg till lead = "..." i huvudet' in second
    messages = [d["message"] for d in json.loads(cli("validate", "--format", "json").stdout)["diagnostics"]]
    assert "'title' must be a string, not a number" in messages


# Words of English sentences that no Swedish message has; a line with one of them, once values,
# paths, commands, keys and rule ids are taken out, is a message left in English.
ENGLISH_WORDS = re.compile(
    r"\b(the|is|not|and|of|with|was|has|cannot|must|would|should|could|already|exists|nothing|which|"
    r"when|does|did|you|your|mean|shows|found|missing|unknown|empty|only|after|before|expected|got|"
    r"invalid|file|folder|article|articles|use|run|left|place|changed|moved|given|this|that)\b",
    re.IGNORECASE,
)


def _english_in(text: str) -> list[str]:
    found = []
    for raw in text.splitlines():
        line = re.sub(r"`[^`]*`|'[^']*'|\"[^\"]*\"|<[^<>]*>|\[[a-z0-9-]+\]", "", raw)
        line = re.sub(r"^\S+:\d+:\d+: (error|warning):|\S*/\S*|\S+\.(md|toml|log|lock|json|jpg)\b", "", line)
        line = re.sub(r"--?[a-z][a-z-]*|\bnewscli\b.*|\b[a-z]+_[a-z_]+\b|syntaxfel i TOML: .*", "", line)
        if ENGLISH_WORDS.search(line):
            found.append(raw)
    return found


SWEEP_FILES: dict[str, str | bytes] = {
    "2026-01-01-typ.md": '+++\ntitle = 5\nslug = "typ"\ndate = "2026-01-01"\ntitel = "x"\ntags = ["a", "A"]\n'
    'superseded_by = "finns-ej"\n+++\n',
    "2026-01-02-syntax.md": '+++\ntitle = "x\nslug = "s"\n+++\n',
    "2026-01-03-fel-namn.md": '+++\ntitle = "Namn"\nslug = "annat"\ndate = 2026-01-03\nlead = "x"\n'
    "+++\n\nText.\n",
    "2026-01-04-kodning.md": b'+++\ntitle = "Bor\xe5s"\n+++\n',
    "2026-01-06-x.md": '+++\ntitle = "Ingen text"\nslug = "x"\ndate = 2026-01-06\nlead = "y"\n'
    'stale_after = "snart"\narchive_after = "x"\n+++\n',
}
SWEEP_COMMANDS = [
    ["validate"],
    ["archive", "--dry-run", "--yes"],
    ["archive", "--yes"],
    ["list"],
    ["list", "--stale"],
    ["show", "typ"],
    ["show", "finns-inte"],
    ["restore", "finns-inte"],
    ["restore", "x", "--archive-after", "snart"],
    ["list", "--since", "igår"],
    ["list", "--limit", "x"],
    ["list", "--sort", "x"],
    ["list", "--bogus"],
    ["list", "extra"],
    ["new", "   "],
    ["new", "Ny", "--date", "x"],
    ["new", "Ny", "--stale-after", "x"],
    ["new", "Ny", "--superseded-by", "finns-inte"],
    ["new", "Ny", "--supersedes", "finns-inte"],
    ["new", "Ny", "--slug", "A B"],
    ["touch", "finns-inte"],
    ["touch", "x", "--date", "x"],
    ["review", "x", "--date", "1999-01-01"],
    ["supersede", "x", "x"],
    ["archive", "--older-than", "x"],
    ["archive", "--history", "--dry-run"],
    ["edit", "finns-inte"],
    ["frobnicate"],
    ["show"],
]


def test_no_english_left_under_a_swedish_locale(
    site: Path, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command's help and the error paths above, in Swedish: no English sentence in them."""
    for name, text in SWEEP_FILES.items():
        write(name, text)
    (site / "articles" / "2020-01-01-lank.md").symlink_to(site / "newscli.toml")  # never moved, said why
    editor = site / "editor.sh"
    editor.write_text('#!/bin/sh\nsed -i "s/^title = .*/title = 5/" "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    commands = [*SWEEP_COMMANDS, ["edit", "x"], ["--help"]]
    commands += [[name, "--help"] for name in ("new", "list", "show", "validate", "archive", "restore")]
    commands += [[name, "--help"] for name in ("edit", "touch", "review", "supersede", "publish", "export")]
    english = []
    for args in commands:
        result = run_here(
            site, *args, NEWSCLI_CACHE_DIR=str(site / "c"), LANG="sv_SE.UTF-8", VISUAL=str(editor)
        )
        english += [
            f"newscli {' '.join(args)}: {line}" for line in _english_in(result.stdout + result.stderr)
        ]
    assert not english, "\n".join(english)


# Every command that takes SLUG|PATH, and new --supersedes, with a slug no article has.
UNKNOWN_SLUG_COMMANDS = [
    ["show", "{slug}"],
    ["edit", "{slug}"],
    ["touch", "{slug}"],
    ["review", "{slug}"],
    ["publish", "{slug}"],
    ["supersede", "{slug}", "bibliotek"],
    ["supersede", "bibliotek", "{slug}"],
    ["new", "Ny rubrik", "--supersedes", "{slug}"],
]


@pytest.mark.parametrize("slug", ["finns-inte", "it's"])
@pytest.mark.parametrize("args", UNKNOWN_SLUG_COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_an_unknown_slug_is_one_message_in_every_command(
    site: Path, write: Write, args: list[str], slug: str
) -> None:
    write("2026-11-01-bibliotek.md", article_text("Bibliotek", "bibliotek", "2026-11-01"))
    folder = site / "articles"
    filled = [arg.format(slug=slug) for arg in args]
    english = _run(site, filled, "C.UTF-8")
    swedish = _run(site, filled, "sv_SE.UTF-8")
    assert english.returncode == swedish.returncode == 1
    assert english.stderr.splitlines() == [
        f"newscli: error: no article with the slug '{slug}' in {folder}",
        "  hint: `newscli list --all` shows every slug",
    ]
    assert swedish.stderr.splitlines() == [
        f"newscli: fel: ingen artikel med sluggen '{slug}' i {folder}",
        "  tips: `newscli list --all` visar alla sluggar",
    ]


# Every command that takes SLUG|PATH but edit (which opens such a file to fix it).
WITH_ERRORS_COMMANDS = [args for args in UNKNOWN_SLUG_COMMANDS if args[0] != "edit"]


@pytest.mark.parametrize("by", ["slug", "path"])
@pytest.mark.parametrize("args", WITH_ERRORS_COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_a_file_with_errors_is_one_message_in_every_command(
    site: Path, write: Write, args: list[str], by: str
) -> None:
    # Named by its slug or its path, a file with errors is refused with its first problem and the
    # one hint to edit it (show by path said the problem alone).
    write("2026-11-01-bibliotek.md", article_text("Bibliotek", "bibliotek", "2026-11-01"))
    broken = write("2026-11-02-trasig.md", '+++\nslug = "trasig"\ndate = 2026-11-02\n+++\nText\n')
    before = broken.read_bytes()
    name = "trasig" if by == "slug" else "articles/2026-11-02-trasig.md"
    filled = [arg.format(slug=name) for arg in args]
    english = _run(site, filled, "C.UTF-8")
    swedish = _run(site, filled, "sv_SE.UTF-8")
    assert english.returncode == swedish.returncode == 1
    where = "articles/2026-11-02-trasig.md"
    assert english.stderr.splitlines() == [
        f"newscli: error: {where}:1:1: required key 'title' is missing",
        f"  hint: the file has errors: fix them first (`newscli edit {name}` opens it and saves it only "
        f"when it is valid; `newscli validate {where}` lists every problem)",
    ]
    assert swedish.stderr.splitlines() == [
        f"newscli: fel: {where}:1:1: den obligatoriska nyckeln 'title' saknas",
        f"  tips: filen har fel: rätta dem först (`newscli edit {name}` öppnar den och sparar den först "
        f"när den är giltig; `newscli validate {where}` visar alla problem)",
    ]
    assert broken.read_bytes() == before
    assert sorted(p.name for p in (site / "articles").iterdir() if p.suffix == ".md") == [
        "2026-11-01-bibliotek.md",
        "2026-11-02-trasig.md",
    ]


@pytest.mark.parametrize("slug", ["finns-inte", "it's"])
def test_restore_says_an_unknown_archived_slug_in_the_same_shape(site: Path, slug: str) -> None:
    english = _run(site, ["restore", slug], "C.UTF-8")
    swedish = _run(site, ["restore", slug], "sv_SE.UTF-8")
    assert english.returncode == swedish.returncode == 1
    assert english.stderr.splitlines()[0] == (
        f"newscli: error: no archived article with the slug '{slug}' in articles/archive/"
    )
    assert swedish.stderr.splitlines()[0] == (
        f"newscli: fel: ingen arkiverad artikel med sluggen '{slug}' i articles/archive/"
    )


# --- what the system says (strerror), in the user's language ----------------------------------------

COMMON_ERRNOS = [
    "ENOENT", "EACCES", "EPERM", "ENOSPC", "EDQUOT", "EROFS", "EISDIR", "ENOTDIR", "EEXIST", "ELOOP",
    "ENAMETOOLONG", "EIO", "EBUSY", "EMFILE",
]  # fmt: skip


@pytest.mark.parametrize("name", COMMON_ERRNOS)
def test_a_common_system_error_is_said_in_swedish_and_stays_the_systems_text(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from newscli.i18n import Message, localize, os_error, set_language

    number = getattr(errno, name)
    said = os_error(OSError(number, os.strerror(number), "x"))
    assert str.__str__(said) == os.strerror(number)  # JSON and the archive log keep the system's text
    wrapped = Message("cannot read {path}: {reason}", path="x", reason=said)
    assert str(wrapped) == f"cannot read x: {os.strerror(number)}"
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    set_language(None)
    swedish = localize(said)
    assert swedish
    assert swedish != os.strerror(number)
    assert localize(wrapped) == f"kan inte läsa x: {swedish}"


def test_another_system_error_is_the_systems_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from newscli.i18n import localize, os_error, set_language

    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    set_language(None)
    said = os_error(OSError(errno.EXDEV, os.strerror(errno.EXDEV)))
    assert localize(said) == os.strerror(errno.EXDEV)
    assert os_error(OSError("no errno at all")) == "no errno at all"


def test_an_exception_given_as_a_value_is_said_without_pythons_decoration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newscli.i18n import Message, localize, set_language

    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    set_language(None)
    message = Message(
        "{path}: cannot read: {error}",
        path="a.toml",
        error=FileNotFoundError(2, "No such file or directory", "a.toml"),
    )
    assert localize(message) == "a.toml: kan inte läsas: filen eller mappen finns inte"


@pytest.mark.parametrize("command", ["show", "touch"])
def test_a_file_where_a_folder_is_expected_is_said_in_swedish(site: Path, write: Write, command: str) -> None:
    """ENOTDIR: refused whoever runs it, root too."""
    write("2026-11-01-bibliotek.md", article_text("Bibliotek", "bibliotek", "2026-11-01"))
    named = "articles/2026-11-01-bibliotek.md/x.md"
    english = _run(site, [command, named], "C.UTF-8")
    swedish = _run(site, [command, named], "sv_SE.UTF-8")
    assert english.returncode == swedish.returncode == 1
    assert english.stderr.rstrip().endswith(": Not a directory")
    assert swedish.stderr.rstrip().endswith(": är inte en mapp")
    assert "Not a directory" not in swedish.stderr


def test_a_body_file_that_is_missing_is_said_in_swedish(site: Path) -> None:
    swedish = _run(site, ["new", "Rubrik", "--body-file", "finns-inte.md"], "sv_SE.UTF-8")
    assert swedish.returncode == 2
    assert swedish.stderr.splitlines() == [
        "newscli: fel: --body-file finns-inte.md: kan inte läsas: filen eller mappen finns inte"
    ]


def test_a_folder_that_refuses_writing_is_said_in_swedish(site: Path) -> None:
    # Read-only for root too (the immutable attribute): root is refused with EPERM, anyone else
    # with EACCES where chattr is unavailable; either is said in Swedish, never in the system's English.
    with read_only(site / "articles"):
        swedish = _run(site, ["new", "Rubrik"], "sv_SE.UTF-8")
    assert swedish.returncode != 0
    assert "åtkomst nekas" in swedish.stderr or "åtgärden är inte tillåten" in swedish.stderr, swedish.stderr
    assert "Permission denied" not in swedish.stderr
    assert "Operation not permitted" not in swedish.stderr


def test_what_a_person_typed_is_never_translated_even_when_it_is_a_catalogue_word(site: Path) -> None:
    # 'published' and 'y' are msgids of the catalogue ("publicerad", "j"); typed by a person they are
    # a slug and a duration, and are shown as typed.
    shown = _run(site, ["show", "published"], "sv_SE.UTF-8")
    assert shown.returncode == 1
    assert "ingen artikel med sluggen 'published' i" in shown.stderr
    typed = _run(site, ["archive", "--older-than", "y"], "sv_SE.UTF-8")
    assert typed.returncode == 2
    assert "inte en varaktighet: 'y'" in typed.stderr


def test_the_archive_progress_bar_is_labelled_in_the_users_language(monkeypatch: pytest.MonkeyPatch) -> None:
    # The bar is drawn only on a terminal: a console that takes itself for one, into a string.
    from rich.console import Console

    from newscli.cli.commands import archive
    from newscli.i18n import set_language

    drawn = io.StringIO()
    monkeypatch.setattr(
        "newscli.cli.output.console",
        lambda stderr=False: Console(file=drawn, force_terminal=True, width=80, color_system=None),
    )
    set_language("sv")
    with archive._progress(3, wanted=True) as advance:
        advance(3)
    assert "Arkiverar" in drawn.getvalue()
    assert "Archiving" not in drawn.getvalue()
