"""``newscli validate``: each rule (bad case at the right line, good case silent), output, exit codes."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import CONFIG, Invoke, Write, article_text
from source_support import newscli_modules

from newscli.core.reading.article import MAX_ARTICLE_BYTES
from newscli.core.rules.config import load_config
from newscli.core.usecases.validate.run import validate

REPO = Path(__file__).resolve().parent.parent
NAME = "2026-11-01-nyhet.md"  # what `new` names article_text()'s article
LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?:error|warning): .+ \[[a-z0-9-]+\]$")
DIAGNOSTIC_KEYS = {"path", "line", "column", "severity", "message", "rule", "hint"}


def clean(**extra: str) -> str:
    """An article no rule objects to (a lead, a body, the name NAME)."""
    values = {"lead": '"Ingress."', **extra}
    return article_text(**values)


def run_json(cli: Invoke, *args: str) -> dict[str, Any]:
    result = cli("validate", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def by_rule(cli: Invoke, rule: str, *args: str) -> list[dict[str, Any]]:
    return [d for d in run_json(cli, *args)["diagnostics"] if d["rule"] == rule]


# --- per-file rules: (rule, file name, bad content, line, column, severity); the good case is clean().


@dataclass(frozen=True)
class Case:
    rule: str
    content: str | bytes
    line: int
    column: int = 1
    name: str = NAME
    severity: str = "error"


FRONT = '+++\ntitle = "Nyhet"\nslug = "nyhet"\ndate = 2026-11-01\nlead = "Ingress."\n'
CASES = [
    Case("file-encoding", FRONT.encode() + b'author = "Bor\xe5s Stad"\n+++\nText\n', 6, 14),
    Case("file-empty", b"", 1),
    Case("file-empty", "  \n\n", 1),
    Case("frontmatter-missing", 'title = "Nyhet"\n\nText\n', 1),
    Case("frontmatter-unterminated", FRONT + "\nText\n", 1),
    Case("frontmatter-yaml", "---\ntitle: Nyhet\nslug: nyhet\n---\nText\n", 1),
    Case("frontmatter-fence", FRONT + "+++ \nText\n", 6, 4),
    Case("toml-syntax", FRONT + "author = \u201cKommunikationsavdelningen\u201d\n+++\nText\n", 6, 10),
    Case("toml-syntax", FRONT + 'tags = ["a",\n+++\nText\n', 7, 1),
    Case("field-required", '+++\nslug = "nyhet"\ndate = 2026-11-01\nlead = "I."\n+++\nText\n', 1),
    Case("field-required", clean().replace('title = "Nyhet"', 'title = "  "'), 2),
    Case("field-type", clean().replace("date = 2026-11-01", 'date = "2026-11-01"'), 4),
    Case("field-type", clean(draft='"yes"'), 6),
    Case("title-multiline", clean().replace('title = "Nyhet"', 'title = """Nyhet\nmed två rader"""'), 2),
    Case("slug-pattern", clean().replace('slug = "nyhet"', 'slug = "Nyhet ett"'), 3),
    Case("lastmod-before-date", clean(lastmod="2026-10-31"), 6),
    Case("duration", clean(stale_after='"3 månader"'), 6),
    Case("image-alt", clean().replace("+++\n\n", '[image]\nsrc = "/b.jpg"\n+++\n\n'), 6),
    Case("link-fields", clean().replace("+++\n\n", '[[links]]\ntitle = "Mer om"\n+++\n\n'), 6),
    Case("language-tag", clean(language='"svenska"'), 6),
    Case("key-unknown", clean(titel='"Nyhet"'), 6, severity="warning"),
    Case("key-unknown", clean().replace("+++\n\n", "[params]\nx = 1\n+++\n\n"), 6, severity="warning"),
    Case("filename-pattern", clean(), 1, name="nyhet.md", severity="warning"),
    Case("filename-pattern", clean(), 1, name="2026-11-02-nyhet.md", severity="warning"),
    Case("lead-missing", article_text(), 1, severity="warning"),
    Case("lead-missing", clean(lead='""'), 5, severity="warning"),
    Case("body-empty", clean(body=""), 6, severity="warning"),
    Case("body-empty", clean(body="\n  \n"), 6, severity="warning"),
    Case("body-control-character", clean(body="Rad ett.\nRad \u001b[2J två \u0007.\n"), 9, 5),
    Case("body-control-character", clean(body="a\r\nb\u000c\r\nc\r\n"), 9, 2),
    Case("body-control-character", clean(body="a\rb\n"), 8, 2),
    # CRLF line ends pass a quick look with each "\r\n" taken out: a CR before one is still seen.
    Case("body-control-character", clean(body="a\r\nb\r\r\nc\r\n"), 9, 2),
    Case("body-control-character", clean(body="a\r\nb\r"), 9, 2),
    Case("filename-control-character", clean(), 1, name="2026-11-01-ny\nhet.md"),
    Case("filename-control-character", clean(), 1, name="2026-11-01-nyhet\u202e.md"),
]


def test_line_ends_and_tabs_in_the_body_are_no_control_characters(write: Write, cli: Invoke) -> None:
    write(NAME, clean(body="Rad\tett.\nRad två.\n\nTre.\n").replace("\n", "\r\n"))
    assert by_rule(cli, "body-control-character") == []


def test_body_control_characters_one_a_line_at_most_twenty(write: Write, cli: Invoke) -> None:
    write(NAME, clean(body="\u001b" * 5000 + "\n" + "x\u0007\n" * 30))
    found = by_rule(cli, "body-control-character")
    assert [(d["line"], d["column"]) for d in found] == [(8, 1)] + [(line, 2) for line in range(9, 28)]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}-{i}" for i, c in enumerate(CASES)])
def test_rule_reports_bad_case_at_its_line(write: Write, cli: Invoke, case: Case) -> None:
    write(case.name, case.content)
    found = by_rule(cli, case.rule)
    assert [(d["line"], d["column"], d["severity"]) for d in found] == [
        (case.line, case.column, case.severity)
    ], found
    assert found[0]["path"] == f"articles/{case.name}"


def test_clean_article_gives_no_diagnostic(write: Write, cli: Invoke) -> None:
    write(NAME, clean(lastmod="2026-11-02", stale_after='"3m"', language='"sv"'))
    result = cli("validate", "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_every_field_filled_in_gives_no_diagnostic(write: Write, cli: Invoke) -> None:
    text = clean().replace(
        "+++\n\n",
        '[image]\nsrc = "/b.jpg"\nalt = "Vy över Borås."\n'
        '[[links]]\ntitle = "Mer om"\nurl = "https://www.boras.se/"\n+++\n\n',
    )
    write(NAME, text)
    assert run_json(cli, "--strict")["diagnostics"] == []


def test_typographic_quote_gets_a_hint(write: Write, cli: Invoke) -> None:
    write(NAME, FRONT + "author = \u201cBorås\u201d\n+++\nText\n")
    (found,) = by_rule(cli, "toml-syntax")
    assert 'use straight quotes "' in found["hint"]


def test_string_date_gets_a_hint_to_drop_the_quotes(write: Write, cli: Invoke) -> None:
    write(NAME, clean().replace("date = 2026-11-01", 'date = "2026-11-01"'))
    (found,) = by_rule(cli, "field-type")
    assert "not a string" in found["message"]
    assert "date = 2022-12-07" in found["hint"]


def test_yaml_front_matter_says_so(write: Write, cli: Invoke) -> None:
    write(NAME, "---\ntitle: Nyhet\n---\nText\n")
    (found,) = by_rule(cli, "frontmatter-yaml")
    assert "YAML" in found["message"]
    assert "+++" in found["message"]


def test_stray_byte_order_mark_gets_a_hint(write: Write, cli: Invoke) -> None:
    write(NAME, FRONT.replace("slug", "\ufeffslug") + "+++\nText\n")
    (found,) = by_rule(cli, "toml-syntax")
    assert (found["line"], found["column"]) == (3, 1)
    assert "byte order mark" in found["hint"]


def test_line_starting_with_fence_inside_a_multiline_string_ends_the_front_matter(
    write: Write, cli: Invoke
) -> None:
    # Hugo ends the front matter at the first line starting with '+++', strings or not.
    write(NAME, clean(lead='"""\nFörsta raden\n+++\nsista raden"""'))
    found = [d for d in run_json(cli)["diagnostics"] if d["severity"] == "error"]
    assert [(d["rule"], d["line"]) for d in found] == [("toml-syntax", 7)], found
    write(NAME, clean(lead='"""\nFörsta raden\n+++ Nyhet +++\nsista raden"""'))
    found = [d for d in run_json(cli)["diagnostics"] if d["severity"] == "error"]
    assert [(d["rule"], d["line"], d["column"]) for d in found] == [("frontmatter-fence", 7, 4)], found


def test_a_bom_at_the_start_and_crlf_line_ends_are_fine(write: Write, cli: Invoke) -> None:
    write(NAME, ("\ufeff" + clean()).replace("\n", "\r\n").encode())
    assert run_json(cli, "--strict")["diagnostics"] == []


def test_date_out_of_range_in_the_time_zone_is_a_diagnostic(write: Write, cli: Invoke) -> None:
    write(NAME, clean().replace("date = 2026-11-01", "date = 0001-01-01T00:00:00+14:00"))
    (found,) = by_rule(cli, "field-type")
    assert found["line"] == 4
    assert "out of range" in found["message"]


# --- file rules that need something other than content


def test_symlink_out_of_the_folder_is_not_read(site: Path, cli: Invoke) -> None:
    outside = site / "outside.md"
    outside.write_text(clean(), encoding="utf-8")
    (site / "articles" / NAME).symlink_to(outside)
    (found,) = by_rule(cli, "file-not-regular")
    assert (found["path"], found["line"], found["column"]) == (f"articles/{NAME}", 1, 1)
    assert "outside the articles folder" in found["message"]
    # Named explicitly, the user asked for it: it is read.
    result = cli("validate", "--strict", f"articles/{NAME}")
    assert result.exit_code == 0, result.output


def test_symlink_inside_the_folder_is_read(site: Path, write: Write, cli: Invoke) -> None:
    write("_drafts/" + NAME, clean())
    (site / "articles" / NAME).symlink_to(Path("_drafts") / NAME)
    assert run_json(cli, "--strict")["diagnostics"] == []


def test_fifo_is_not_read_and_does_not_hang(site: Path, cli: Invoke) -> None:
    os.mkfifo(site / "articles" / NAME)
    (found,) = by_rule(cli, "file-not-regular")
    assert found["line"] == 1
    assert "FIFO" in found["message"]


def test_broken_symlink_is_unreadable(site: Path, cli: Invoke) -> None:
    (site / "articles" / NAME).symlink_to("2026-01-01-gone.md")
    (found,) = by_rule(cli, "file-unreadable")
    assert (found["line"], found["column"]) == (1, 1)


def test_huge_file_is_refused_unread(site: Path, write: Write, cli: Invoke) -> None:
    path = write(NAME, clean())
    with path.open("r+b") as handle:
        handle.truncate(MAX_ARTICLE_BYTES + 1)  # sparse: costs no disk
    (found,) = by_rule(cli, "file-too-large")
    assert found["line"] == 1


# --- warnings that depend on the config or the folder


def test_unknown_key_suggests_the_known_one(write: Write, cli: Invoke) -> None:
    write(NAME, clean(titel='"Nyhet"'))
    (found,) = by_rule(cli, "key-unknown")
    assert found["message"] == "unknown key 'titel'; did you mean 'title'?"
    assert "extra_keys" in found["hint"]


def test_extra_keys_from_the_config_are_allowed(site: Path, write: Write, cli: Invoke) -> None:
    (site / "newscli.toml").write_text(CONFIG + 'extra_keys = ["weight", "params"]\n', encoding="utf-8")
    write(NAME, clean(weight="3").replace("+++\n\n", "[params]\nx = 1\n+++\n\n"))
    assert by_rule(cli, "key-unknown") == []
    write(NAME, clean(wieght="3"))
    (found,) = by_rule(cli, "key-unknown")
    assert found["message"] == "unknown key 'wieght'; did you mean 'weight'?"


def test_file_name_follows_the_date_in_the_configured_time_zone(write: Write, cli: Invoke) -> None:
    # 23:30 UTC on 1 November is 00:30 on 2 November in Stockholm: `new` names it 2026-11-02-...
    text = clean().replace("date = 2026-11-01", "date = 2026-11-01T23:30:00Z")
    write("2026-11-02-nyhet.md", text)
    assert by_rule(cli, "filename-pattern") == []
    write("2026-11-02-nyhet.md", clean())
    (found,) = by_rule(cli, "filename-pattern")
    assert "expected '2026-11-01-nyhet.md'" in found["message"]
    assert found["hint"] == "git mv articles/2026-11-02-nyhet.md articles/2026-11-01-nyhet.md"


def test_draft_in_archive_is_a_warning(write: Write, cli: Invoke) -> None:
    write("archive/2026/" + NAME, clean(draft="true"))
    (found,) = by_rule(cli, "draft-archived")
    assert (found["path"], found["line"], found["severity"]) == (
        f"articles/archive/2026/{NAME}",
        6,
        "warning",
    )
    write("archive/2026/" + NAME, clean(draft="false"))
    write(NAME.replace("nyhet", "utkast"), clean(draft="true", slug="utkast"))
    assert by_rule(cli, "draft-archived") == []


def test_article_made_by_new_is_clean(site: Path, cli: Invoke) -> None:
    result = cli(
        "new", "Nya öppettider på biblioteket", "--lead", "Från 1 mars.", "--body-file", "-", input="Text.\n"
    )
    assert result.exit_code == 0, result.output
    result = cli("validate", "--strict")
    assert result.exit_code == 0, result.output


# --- across files


def test_duplicate_slug_between_live_and_archive(write: Write, cli: Invoke) -> None:
    write(NAME, clean())
    write("archive/2025/2025-11-01-nyhet.md", clean(date="2025-11-01"))
    found = by_rule(cli, "slug-duplicate")
    assert [(d["path"], d["line"]) for d in found] == [
        ("articles/2026-11-01-nyhet.md", 3),
        ("articles/archive/2025/2025-11-01-nyhet.md", 3),
    ]
    assert "articles/archive/2025/2025-11-01-nyhet.md" in found[0]["message"]


def test_naming_one_file_still_catches_a_duplicate_but_reports_only_it(
    site: Path, write: Write, cli: Invoke
) -> None:
    write("archive/2025/2025-11-01-nyhet.md", clean(date="2025-11-01"))
    new = site / "ny" / NAME  # not yet in the articles folder
    new.parent.mkdir()
    new.write_text(clean(), encoding="utf-8")
    document = run_json(cli, f"ny/{NAME}")
    assert document["files_checked"] == 1
    assert [(d["path"], d["rule"]) for d in document["diagnostics"]] == [(f"ny/{NAME}", "slug-duplicate")]


def test_slug_of_a_file_with_other_errors_still_counts(write: Write, cli: Invoke) -> None:
    # A missing title must not make the successor "unknown" too: one mistake, one diagnostic.
    write("2026-11-02-ny.md", clean(slug="ny", date="2026-11-02").replace('title = "Nyhet"\n', ""))
    write(NAME, clean(superseded_by='"ny"'))
    rules = [d["rule"] for d in run_json(cli)["diagnostics"]]
    assert rules == ["field-required"]


def test_superseded_by_naming_no_article(write: Write, cli: Invoke) -> None:
    write("2026-11-02-nyheten.md", clean(slug="nyheten", date="2026-11-02"))
    write(NAME, clean(superseded_by='"nyhten"'))
    (found,) = by_rule(cli, "superseded-unknown")
    assert (found["path"], found["line"]) == (f"articles/{NAME}", 6)
    assert found["hint"] == "did you mean 'nyheten'?"
    write(NAME, clean(superseded_by='"nyheten"'))
    assert by_rule(cli, "superseded-unknown") == []


def test_superseded_by_an_archived_article_is_fine(write: Write, cli: Invoke) -> None:
    # Archived early, with archive --older-than; what names it as successor is older still.
    write("archive/2026/2026-11-20-nyare.md", clean(slug="nyare", date="2026-11-20"))
    write(NAME, clean(superseded_by='"nyare"'))
    assert run_json(cli, "--strict")["diagnostics"] == []


def test_superseded_by_itself(write: Write, cli: Invoke) -> None:
    write(NAME, clean(superseded_by='"nyhet"'))
    (found,) = by_rule(cli, "superseded-self")
    assert found["line"] == 6


def test_superseded_by_cycle(write: Write, cli: Invoke) -> None:
    for slug, day, successor in (("a", 1, "b"), ("b", 2, "c"), ("c", 3, "a"), ("d", 4, "a")):
        write(
            f"2026-11-0{day}-{slug}.md",
            clean(slug=slug, date=f"2026-11-0{day}", superseded_by=f'"{successor}"'),
        )
    found = by_rule(cli, "superseded-cycle")
    # d points into the cycle but is not on it: superseding an article of a cycle is not an error itself.
    assert [(d["path"], d["line"]) for d in found] == [
        ("articles/2026-11-01-a.md", 6),
        ("articles/2026-11-02-b.md", 6),
        ("articles/2026-11-03-c.md", 6),
    ]
    assert found[0]["message"] == "'superseded_by' forms a cycle: a -> b -> c -> a"
    write("2026-11-03-c.md", clean(slug="c", date="2026-11-03"))
    assert by_rule(cli, "superseded-cycle") == []


def test_cycle_through_a_duplicate_slug(write: Write, cli: Invoke) -> None:
    # Two files claim "a"; only the archived one closes a cycle with "b".
    write("2026-11-01-a.md", clean(slug="a", date="2026-11-01"))
    write("archive/2025/2025-11-01-a.md", clean(slug="a", date="2025-11-01", superseded_by='"b"'))
    write("2026-11-02-b.md", clean(slug="b", date="2026-11-02", superseded_by='"a"'))
    found = by_rule(cli, "superseded-cycle")
    assert [d["path"] for d in found] == ["articles/archive/2025/2025-11-01-a.md"]


# --- one run: everything, sorted; output format; exit codes


def test_every_problem_in_every_file_in_one_run(write: Write, cli: Invoke) -> None:
    write(NAME, clean(titel='"x"').replace("date = 2026-11-01", 'date = "2026-11-01"'))
    write("2026-11-02-b.md", b'+++\ntitle = "B\xf6"\n+++\n')
    write("2026-11-03-c.md", "---\ntitle: c\n---\n")
    result = cli("validate")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    diagnostics = [line for line in lines if not line.startswith("  hint: ")]
    assert all(LINE.match(line) for line in diagnostics), lines
    assert [line.rsplit(" [", 1)[1] for line in diagnostics] == [
        "field-type]",
        "key-unknown]",
        "file-encoding]",
        "frontmatter-yaml]",
    ]
    assert diagnostics[0].startswith(f"articles/{NAME}:4:1: error: 'date' must be a TOML date")


def test_hint_lines_follow_their_diagnostic(write: Write, cli: Invoke) -> None:
    write(NAME, clean(titel='"x"'))
    result = cli("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"articles/{NAME}:6:1: warning: unknown key 'titel'; did you mean 'title'? [key-unknown]",
        "  hint: newscli ignores it; if it is meant for Hugo, list it in extra_keys in newscli.toml",
    ]
    assert result.stderr == ""  # the summary is for a terminal only


def test_json_contract(write: Write, cli: Invoke) -> None:
    write(NAME, clean(titel='"x"').replace("date = 2026-11-01", 'date = "2026-11-01"'))
    write("2026-11-02-b.md", clean(slug="b", date="2026-11-02"))
    document = run_json(cli)
    # The contract (docs/commands.md), written out: a key renamed in the code must fail here.
    assert tuple(document) == (
        "format_version",
        "files_checked",
        "files_with_problems",
        "errors",
        "warnings",
        "diagnostics",
    )
    assert document["format_version"] == 1
    assert (document["files_checked"], document["files_with_problems"]) == (2, 1)
    assert (document["errors"], document["warnings"]) == (1, 1)
    for diagnostic in document["diagnostics"]:
        assert set(diagnostic) == DIAGNOSTIC_KEYS
    assert document["diagnostics"][0] == {
        "path": f"articles/{NAME}",
        "line": 4,
        "column": 1,
        "severity": "error",
        "message": "'date' must be a TOML date or date-time, not a string",
        "rule": "field-type",
        "hint": "write the date without quotes, e.g. date = 2022-12-07",
    }


@pytest.mark.parametrize(
    ("content", "args", "code"),
    [
        (clean(), (), 0),
        (clean(), ("--strict",), 0),
        (article_text(), (), 0),  # warnings only (no lead)
        (article_text(), ("--strict",), 1),
        (article_text(date='"2026-11-01"'), (), 1),
        (clean(), ("--format", "xml"), 2),
        (clean(), ("articles/2026-01-01-finns-inte.md",), 2),
    ],
)
def test_exit_codes(write: Write, cli: Invoke, content: str, args: tuple[str, ...], code: int) -> None:
    write(NAME, content)
    result = cli("validate", *args)
    assert result.exit_code == code, result.output


def test_json_exit_code_is_the_same(write: Write, cli: Invoke) -> None:
    write(NAME, article_text())
    assert cli("validate", "--format", "json").exit_code == 0
    assert cli("validate", "--format", "json", "--strict").exit_code == 1


def test_missing_articles_folder_is_bad_usage(site: Path, cli: Invoke) -> None:
    shutil.rmtree(site / "articles")
    result = cli("validate")
    assert result.exit_code == 2, result.output
    assert "articles folder" in result.stderr
    assert "does not exist" in result.stderr


def test_missing_path_is_bad_usage(write: Write, cli: Invoke) -> None:
    write(NAME, clean())
    result = cli("validate", "articles/nope.md")
    assert result.exit_code == 2, result.output
    assert "articles/nope.md: no such file or folder" in result.stderr
    assert result.stdout == ""


def test_a_missing_path_is_said_in_swedish_as_every_missing_file_is(
    write: Write, cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One phrase for ENOENT in Swedish: what the system says of a missing file (os_error) and this.
    write(NAME, clean())
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    assert "articles/nope.md: filen eller mappen finns inte" in cli("validate", "articles/nope.md").stderr
    assert "nope.md:1:1: kan inte läsas: filen eller mappen finns inte" in cli("show", "nope.md").stderr


# --- paths and folders as arguments


def test_folder_inside_the_articles_folder_checks_only_its_files(write: Write, cli: Invoke) -> None:
    write(NAME, article_text())
    write("trafik/2026-11-02-vag.md", article_text(slug="vag", date="2026-11-02"))
    document = run_json(cli, "articles/trafik")
    assert document["files_checked"] == 1
    assert {d["path"] for d in document["diagnostics"]} == {"articles/trafik/2026-11-02-vag.md"}


def test_archive_folder_named_is_archived(write: Write, cli: Invoke) -> None:
    write("archive/2026/" + NAME, clean(draft="true"))
    (found,) = by_rule(cli, "draft-archived", "articles/archive")
    assert found["path"] == f"articles/archive/2026/{NAME}"
    (found,) = by_rule(cli, "draft-archived", f"articles/archive/2026/{NAME}")
    assert found["path"] == f"articles/archive/2026/{NAME}"


def test_folder_outside_is_walked_with_the_discovery_rules(site: Path, cli: Invoke) -> None:
    other = site / "annan-sajt"
    (other / "archive" / "2025").mkdir(parents=True)
    (other / "_template.md").write_text("+++\n+++\n", encoding="utf-8")
    (other / NAME).write_text(clean(), encoding="utf-8")
    (other / "archive" / "2025" / "2025-01-01-gammal.md").write_text(
        clean(slug="gammal", date="2025-01-01", draft="true"), encoding="utf-8"
    )
    document = run_json(cli, "annan-sajt")
    assert document["files_checked"] == 2
    assert [(d["path"], d["rule"]) for d in document["diagnostics"]] == [
        ("annan-sajt/archive/2025/2025-01-01-gammal.md", "draft-archived")
    ]


def test_folder_above_the_articles_folder_keeps_archive_and_reads_once(
    site: Path, write: Write, cli: Invoke
) -> None:
    write(NAME, clean())
    write("archive/2020/2020-01-01-gammal.md", clean(slug="gammal", date="2020-01-01", draft="true"))
    (site / "LÄSMIG.md").write_text("Om sajten.\n", encoding="utf-8")
    document = run_json(cli, ".")
    assert document["files_checked"] == 3
    assert [(d["path"], d["rule"]) for d in document["diagnostics"]] == [
        ("LÄSMIG.md", "frontmatter-missing"),
        ("LÄSMIG.md", "filename-pattern"),
        ("articles/archive/2020/2020-01-01-gammal.md", "draft-archived"),
    ]


def test_file_outside_the_folder_is_shown_as_named(site: Path, write: Write, cli: Invoke) -> None:
    path = site / "utkast.md"
    path.write_text(article_text(), encoding="utf-8")
    document = run_json(cli, "./utkast.md")
    assert {d["path"] for d in document["diagnostics"]} == {"./utkast.md"}
    assert document["files_checked"] == 1


def test_a_file_named_twice_is_checked_once(write: Write, cli: Invoke) -> None:
    write(NAME, article_text())
    document = run_json(cli, f"articles/{NAME}", "articles", f"./articles/{NAME}")
    assert document["files_checked"] == 1
    assert [d["rule"] for d in document["diagnostics"]] == ["lead-missing"]


def test_explicit_template_is_checked(write: Write, cli: Invoke) -> None:
    write("_template.md", "+++\n# mall\n+++\nText\n")
    assert run_json(cli)["files_checked"] == 0  # not an article by the discovery rules
    rules = {d["rule"] for d in run_json(cli, "articles/_template.md")["diagnostics"]}
    assert "field-required" in rules


def test_shipped_sample_is_clean(cli: Invoke, shipped_sample: Path) -> None:
    result = cli("validate", "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert run_json(cli)["files_checked"] == len(list((shipped_sample / "articles").rglob("[!_]*.md")))


def test_summary_counts_errors_warnings_and_files(site: Path, write: Write) -> None:
    config = load_config(site)
    write(NAME, clean())
    assert validate(config).summary() == "no problems in 1 file"
    write("2026-11-02-b.md", article_text(slug="b", date='"2026-11-02"'))
    write("2026-11-03-c.md", article_text(slug="c", date="2026-11-03"))
    assert validate(config).summary() == "1 error, 2 warnings in 2 of 3 files"


def _rule_ids_in_source() -> set[str]:
    """Every rule id the code can give: the literal passed as the rule where a diagnostic is made."""
    rule_argument = {
        "error": 4,
        "warning": 4,
        "_error": 3,
        "report": 2,
        "FrontMatterError": 1,
        "FileProblem": 1,
    }
    found = set()
    for _path, tree in newscli_modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            index = rule_argument.get(getattr(node.func, "id", ""))
            if index is not None and len(node.args) > index:
                argument = node.args[index]
                # Anything but a literal forwards a rule made elsewhere (e.g. exc.rule).
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.add(argument.value)
    return found


def test_docs_document_every_rule_id() -> None:
    reference = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
    rules = reference.split("### Rules", 1)[1].split("\n### ", 1)[0]
    documented = re.findall(r"^\| `([a-z0-9-]+)` \| (?:error|warning) \|", rules, flags=re.MULTILINE)
    assert len(documented) == len(set(documented))
    assert set(documented) == _rule_ids_in_source()
    tested = {case.rule for case in CASES}
    assert tested <= set(documented)


# --- round 2: reviewed, archive_after, the template's placeholder, supersede direction, tags

REVIEW_CASES = [
    Case("field-type", clean(reviewed='"2026-11-02"'), 6),
    Case("field-type", clean(reviewed="true"), 6),
    Case("field-type", clean(reviewed="2026-11-02", reviewed_by="5"), 7),
    Case("field-type", clean(archive_after="false"), 6),
    Case("duration", clean(archive_after='"aldrig"'), 6),
    Case("tag-duplicate", clean(tags='["trafik", "Trafik"]'), 6, severity="warning"),
]


@pytest.mark.parametrize("case", REVIEW_CASES, ids=[f"{c.rule}-{i}" for i, c in enumerate(REVIEW_CASES)])
def test_new_keys_report_bad_case_at_its_line(write: Write, cli: Invoke, case: Case) -> None:
    write(case.name, case.content)
    found = by_rule(cli, case.rule)
    assert [(d["line"], d["column"], d["severity"]) for d in found] == [
        (case.line, case.column, case.severity)
    ], found


@pytest.mark.parametrize(
    "extra",
    [
        {"reviewed": "2026-11-02", "reviewed_by": '"Anna Berg"'},
        {"reviewed": "2026-11-02T09:15:00+01:00"},
        {"archive_after": '"never"'},
        {"archive_after": '"5y"'},
        {"archive_after": '"P18M"'},
    ],
)
def test_new_keys_are_known_and_clean(write: Write, cli: Invoke, extra: dict[str, str]) -> None:
    write(NAME, clean(**extra))
    assert run_json(cli, "--strict")["diagnostics"] == []


TEMPLATE = """\
+++
# Mall för nya nyheter
+++
Skriv brödtexten här. Börja med det viktigaste: vad har hänt, vem berörs och vad ska läsaren göra?

## Mer information

<!-- Länkar till mer information. -->

---
"""


def test_template_placeholder_left_in_the_body(write: Write, cli: Invoke) -> None:
    write("_template.md", TEMPLATE)
    body = (
        "Biblioteket öppnar tidigare.\n\n"
        "Skriv brödtexten här. Börja med det viktigaste:\n"
        "vad har hänt, vem berörs  och vad ska läsaren göra?\n\n"
        "## Mer information\n"
    )
    write(NAME, clean(body=body))
    (found,) = by_rule(cli, "body-template")
    # Line 6 is the closing '+++', 7 empty, 8 the first paragraph: the placeholder starts on line 10.
    assert (found["line"], found["severity"]) == (10, "error")
    assert "Skriv brödtexten här." in found["message"]
    assert "articles/_template.md" in found["hint"]
    assert cli("validate").exit_code == 1


def test_template_headings_comments_and_rules_are_not_placeholders(write: Write, cli: Invoke) -> None:
    write("_template.md", TEMPLATE)
    write(NAME, clean(body="Biblioteket öppnar tidigare.\n\n## Mer information\n\n---\n"))
    assert run_json(cli, "--strict")["diagnostics"] == []


def test_template_change_is_seen_by_a_warm_cache(write: Write, cli: Invoke) -> None:
    write(NAME, clean(body="Skriv din text här.\n"))
    assert by_rule(cli, "body-template") == []  # no template: nothing to compare with
    write("_template.md", "+++\n+++\nSkriv din text här.\n")
    assert len(by_rule(cli, "body-template")) == 1
    write("_template.md", "+++\n+++\nNågot annat.\n")
    assert by_rule(cli, "body-template") == []


def test_the_template_named_is_not_its_own_placeholder(write: Write, cli: Invoke) -> None:
    write("_template.md", TEMPLATE)
    assert by_rule(cli, "body-template", "articles/_template.md") == []


def test_article_made_by_new_from_the_template_fails_until_written(site: Path, cli: Invoke) -> None:
    (site / "articles" / "_template.md").write_text(TEMPLATE, encoding="utf-8")
    result = cli("new", "Nya öppettider", "--lead", "Från 1 mars.")
    assert result.exit_code == 0, result.output
    assert [d["rule"] for d in by_rule(cli, "body-template")] == ["body-template"]


def test_successor_older_than_what_it_replaces(write: Write, cli: Invoke) -> None:
    write("2026-10-01-gammal.md", clean(slug="gammal", date="2026-10-01"))
    write(NAME, clean(superseded_by='"gammal"'))  # the new one marked as replaced by the old one
    (found,) = by_rule(cli, "superseded-older")
    assert (found["path"], found["line"], found["severity"]) == (f"articles/{NAME}", 6, "warning")
    assert "2026-10-01" in found["message"]
    assert found["hint"].endswith("`newscli supersede gammal nyhet`")
    # The right way round: the old one replaced by the new one.
    write(NAME, clean())
    write("2026-10-01-gammal.md", clean(slug="gammal", date="2026-10-01", superseded_by='"nyhet"'))
    assert by_rule(cli, "superseded-older") == []


def test_successor_the_same_day_is_fine(write: Write, cli: Invoke) -> None:
    write("2026-11-01-rattelse.md", clean(slug="rattelse", date="2026-11-01T15:00:00"))
    write(NAME, clean(superseded_by='"rattelse"'))
    assert by_rule(cli, "superseded-older") == []


def _tagged(write: Write, tags: list[str], count: int, prefix: str) -> None:
    for n in range(count):
        slug = f"{prefix}-{n}"
        write(f"2026-11-01-{slug}.md", clean(slug=slug, tags=str(tags).replace("'", '"')))


@pytest.mark.parametrize(
    ("variant", "popular", "how"),
    [
        ("Pressmeddelande", "pressmeddelande", "differs only in case from"),
        ("miljo", "miljö", "differs only in accents from"),
        ("Miljo", "miljö", "differs only in accents from"),
        ("pressmedelande", "pressmeddelande", "is one letter away from"),
        ("presmseddelande", "pressmeddelande", "is one letter away from"),  # two letters swapped
        ("pressmeddelanden", "pressmeddelande", "is one letter away from"),
        ("pressmeddelade", "pressmeddelande", "is one letter away from"),
    ],
)
def test_tag_variant(write: Write, cli: Invoke, variant: str, popular: str, how: str) -> None:
    _tagged(write, [popular], 3, "vanlig")
    write(NAME, clean(tags=f'["nytt", "{variant}"]'))
    (found,) = by_rule(cli, "tag-variant")
    assert (found["path"], found["line"], found["severity"]) == (f"articles/{NAME}", 6, "warning")
    assert found["message"] == (
        f"tag {variant!r} {how} {popular!r}, which 3 articles use; did you mean {popular!r}?"
    )


@pytest.mark.parametrize(
    ("tags", "count"),
    [
        (["pressmedelande"], 2),  # the popular tag has only two articles
        (["bad"], 3),  # short tags differ by a letter on purpose: bad / bar
        (["skola"], 3),  # two letters from "skolor"
    ],
)
def test_no_tag_variant_below_the_limits(write: Write, cli: Invoke, tags: list[str], count: int) -> None:
    popular = {"pressmedelande": "pressmeddelande", "bad": "bar", "skola": "skolor"}[tags[0]]
    _tagged(write, [popular], count, "vanlig")
    write(NAME, clean(tags=str(tags).replace("'", '"')))
    assert by_rule(cli, "tag-variant") == []


def test_tag_variant_warns_the_rarer_spelling_only(write: Write, cli: Invoke) -> None:
    _tagged(write, ["trafik"], 4, "liten")
    _tagged(write, ["Trafik"], 3, "stor")
    found = by_rule(cli, "tag-variant")
    assert sorted(d["path"] for d in found) == [f"articles/2026-11-01-stor-{n}.md" for n in range(3)]
    assert all("did you mean 'trafik'?" in d["message"] for d in found)


def test_tag_variant_counts_archived_articles_and_reports_only_the_named(write: Write, cli: Invoke) -> None:
    for n in range(3):
        write(
            f"archive/2024/2024-01-0{n + 1}-a{n}.md",
            clean(slug=f"a{n}", date=f"2024-01-0{n + 1}", tags='["trafik"]'),
        )
    write(NAME, clean(tags='["Trafik"]'))
    write("2026-11-02-b.md", clean(slug="b", date="2026-11-02", tags='["TRAFIK"]'))
    (found,) = by_rule(cli, "tag-variant", f"articles/{NAME}")
    assert found["path"] == f"articles/{NAME}"


def test_many_distinct_tags_are_compared_once_each(write: Write, cli: Invoke) -> None:
    """No pair of articles is compared: 300 articles with a tag each of their own, and three popular."""
    _tagged(write, ["kultur"], 3, "k")
    for n in range(300):
        write(f"2026-11-01-u{n}.md", clean(slug=f"u{n}", tags=f'["unik{n:04d}"]'))
    write(NAME, clean(tags='["Kultur", "kulture"]'))
    found = by_rule(cli, "tag-variant")
    assert [d["path"] for d in found] == [f"articles/{NAME}", f"articles/{NAME}"]
