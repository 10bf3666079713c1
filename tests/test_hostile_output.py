"""Escape sequences and markup from files and file names never reach the terminal.

Every command and format runs in-process with its stdout and stderr on real pipes and on real
pseudo-terminals (so `isatty()` is true and rich draws): no control character but tab and newline
may come out raw in a human format; JSON stays valid UTF-8 and carries the exact values; nothing is
read as rich markup.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pty
import re
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from conftest import Write, article_text
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from started_support import Starter, starter

# What must never come out raw: C0 controls but tab and newline, DEL, C1 controls; the bidi marks,
# embeddings, overrides and isolates, zero-width spaces and the other invisible format characters.
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\U000e0001]"
)
# What rich itself writes on a terminal: SGR styles, and OSC 8 hyperlinks (their URL is escaped data).
RICH_OWN = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b\x07]*\x1b\\")


@dataclass
class Ran:
    code: int
    stdout: bytes
    stderr: bytes

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8")  # strict: any byte that is not UTF-8 fails the test

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8")


def _drain(fd: int, into: bytearray) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the terminal's other end closed
            return
        if not chunk:
            return
        into.extend(chunk)


def run(args: Sequence[str], terminal: bool) -> Ran:
    """`newscli ARGS` in this process, stdout and stderr on pipes or on pseudo-terminals.

    The streams are strict UTF-8, as in a UTF-8 locale: a lone surrogate written raw fails.
    """
    from newscli.cli.app import main

    pairs = [pty.openpty() if terminal else os.pipe() for _ in range(2)]
    outputs = [bytearray(), bytearray()]
    readers = [threading.Thread(target=_drain, args=(r, b)) for (r, _), b in zip(pairs, outputs, strict=True)]
    for reader in readers:
        reader.start()
    streams = [
        io.TextIOWrapper(io.FileIO(w, "w", closefd=False), encoding="utf-8", errors="strict")
        for _, w in pairs
    ]
    saved = sys.stdout, sys.stderr, sys.stdin, sys.argv
    sys.stdout, sys.stderr = streams
    sys.stdin = io.TextIOWrapper(io.BytesIO(b""))  # never a terminal: nothing is asked
    sys.argv = ["newscli", *args]
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        for stream in streams:
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        sys.stdout, sys.stderr, sys.stdin, sys.argv = saved
        for _, w in pairs:
            os.close(w)
        for reader in readers:
            reader.join(timeout=30)
        # Seen before its descriptor is closed (a reader still reading would then end on EBADF).
        stuck = [reader.is_alive() for reader in readers]
        for r, _ in pairs:
            os.close(r)
    # A part of the output never read would be checked as the whole: a failure, not a pass.
    assert not any(stuck), "an output's reader did not end within 30 s"
    return Ran(code, bytes(outputs[0]), bytes(outputs[1]))


def assert_shown_safely(ran: Ran, terminal: bool, what: str) -> None:
    """No traceback, no raw control character (rich's own styles aside on a terminal)."""
    for text in (ran.out, ran.err):
        assert "internal error" not in text, (what, text)
        assert "Traceback" not in text, (what, text)
        rest = RICH_OWN.sub("", text) if terminal else text
        rest = rest.replace("\r\n", "\n") if terminal else rest  # a terminal's own line ends
        leaked = RAW_CONTROL.search(rest)
        assert leaked is None, (what, terminal, rest[max(0, leaked.start() - 40) : leaked.end() + 40])


# --- the issue's own examples, on a terminal and on a pipe

HOSTILE_TITLE = "x \u001b]0;pwned\u0007 \u001b[2J \u001b]52;c;ZXZpbA==\u0007 \u009b31m"


@pytest.fixture(params=[False, True], ids=["pipe", "terminal"])
def terminal(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


def hostile_article(slug: str, date: str = "2026-11-01", title: str = HOSTILE_TITLE) -> str:
    values: dict[str, Any] = {
        "title": title,
        "slug": slug,
        "date": date,
        "author": "[bold red]Eve[/] \u001b[5m",
        "modified_by": "\u001b]0;mod\u0007",
        "lead": "ingress \u001b[31m röd \u0085 [link=https://evil.example]klick[/link]",
        "image": {"src": "/b.jpg", "alt": "alt \u001b[8m", "caption": "bild \u001b]52;c;eA==\u0007"},
        "links": [{"title": "länk \u001b[1m", "url": "https://x.example/\u001b]8;;evil\u001b\\"}],
    }
    text = tomli_w.dumps(values).replace(f'date = "{date}"', f"date = {date}")
    return f"+++\n{text}+++\n\nBrödtext \u001b[2J med [blink]markup[/blink] och \u009b6n.\n"


def test_the_issues_title_is_an_error_and_shown_escaped(site: Path, write: Write, terminal: bool) -> None:
    write("2026-11-01-evil.md", hostile_article("evil"))
    checked = run(["validate"], terminal)
    assert checked.code == 1
    assert "[field-control-character]" in checked.out
    for key, line in (
        ("title", 2),
        ("author", 5),
        ("modified_by", 6),
        ("lead", 7),
        ("links", 8),
        ("image", 12),
    ):
        assert (
            f"articles/2026-11-01-evil.md:{line}:1: error: '{key}' holds a control character"
            in RICH_OWN.sub("", checked.out)
        ), key
    assert_shown_safely(checked, terminal, "validate")
    for args in (["list"], ["show", "evil"], ["show", "articles/2026-11-01-evil.md"], ["list", "-f", "csv"]):
        ran = run(args, terminal)
        assert_shown_safely(ran, terminal, " ".join(args))
        assert "\\x1b" in ran.out
    shown = run(["show", "evil"], False)
    assert "x \\x1b]0;pwned\\x07 \\x1b[2J" in shown.out
    assert "[bold red]Eve[/]" in shown.out  # markup in data is text
    assert "[blink]markup[/blink]" in shown.out


def test_json_escapes_as_json_does_and_keeps_the_value(site: Path, write: Write) -> None:
    write("2026-11-01-evil.md", hostile_article("evil"))
    for args in (["list", "-f", "json"], ["validate", "-f", "json"], ["archive", "--dry-run", "-f", "json"]):
        ran = run(args, False)
        assert not RAW_CONTROL.search(ran.out), args
        json.loads(ran.out)
    listed = json.loads(run(["list", "-f", "json"], False).out)
    assert listed["articles"][0]["title"] == HOSTILE_TITLE


@pytest.mark.parametrize(
    "folder",
    ["x[", "[link=file:evil][blink]", "[bold]", "a\u001b[2Jb", "[/]"],
)
def test_markup_and_escapes_in_paths(site: Path, write: Write, terminal: bool, folder: str) -> None:
    write(f"{folder}/]y.md", article_text(title="Nyhet", slug="nyhet", date="2022-01-01"))
    shown_folder = folder.replace("\u001b", "\\x1b")
    for args in (
        ["list"],
        ["list", "-f", "paths"],
        ["validate"],
        ["show", "nyhet"],
        ["archive", "--dry-run"],
        ["new", "Annan", "--slug", "annan"],
    ):
        ran = run(args, terminal)
        assert ran.code in (0, 1), (args, ran.err)
        assert_shown_safely(ran, terminal, " ".join(args))
    piped = run(["list", "-f", "paths"], False)
    assert f"articles/{shown_folder}/]y.md\n" in piped.out
    moved = run(["archive", "--yes"], terminal)
    assert_shown_safely(moved, terminal, "archive")
    assert moved.code == 0, moved.err
    for args in (["archive", "--history"], ["restore", "nyhet"], ["list", "--all"]):
        ran = run(args, terminal)
        assert ran.code == 0, (args, ran.err)
        assert_shown_safely(ran, terminal, " ".join(args))


BIDI_TITLE = "Nyhet \u202eelif.exe\u202c och \u2066isolat\u2069 \u200bdolt\ufeff"


def test_bidi_overrides_and_invisible_characters_are_shown_escaped(
    site: Path, write: Write, terminal: bool
) -> None:
    # The "Trojan Source" characters reorder what the terminal shows after them; zero-width ones hide.
    write(
        "trafik\u202e/2022-01-01-nyhet\u2067.md",
        article_text(
            title=BIDI_TITLE, slug="nyhet", date="2022-01-01", lead='"ingress \u202d"', tags='["t\u2068"]'
        ),
    )
    for args in (
        ["list"],
        ["list", "-f", "paths"],
        ["list", "-f", "csv"],
        ["show", "nyhet"],
        ["validate"],
        ["archive", "--dry-run"],
        ["show", "nyhe\u202et"],  # an error naming what the user typed
    ):
        ran = run(args, terminal)
        assert_shown_safely(ran, terminal, " ".join(args))
    shown = RICH_OWN.sub("", run(["show", "nyhet"], False).out)
    assert "Nyhet \\u202eelif.exe\\u202c och \\u2066isolat\\u2069 \\u200bdolt\\ufeff" in shown
    listed = run(["list", "-f", "paths"], False).out
    assert listed == "articles/trafik\\u202e/2022-01-01-nyhet\\u2067.md\n"
    unknown = run(["show", "nyhe\u202et"], False)
    assert "nyhe\\u202et" in unknown.err
    moved = run(["archive", "--yes"], terminal)
    assert moved.code == 0, moved.err
    assert_shown_safely(moved, terminal, "archive")
    for args in (["archive", "--history"], ["restore", "nyhet"]):
        ran = run(args, terminal)
        assert ran.code == 0, (args, ran.err)
        assert_shown_safely(ran, terminal, " ".join(args))
    document = run(["list", "-f", "json"], False)
    assert not RAW_CONTROL.search(document.out)
    assert json.loads(document.out)["articles"][0]["title"] == BIDI_TITLE


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["x\u001b[31m\u202e"], "No such command 'x\\x1b[31m\\u202e'."),
        (["list", "--fo\u001b[2J\u2066"], "No such option: --fo\\x1b[2J\\u2066"),
        (["show", "a", "b\u202e\u001b[1m"], "(b\\u202e\\x1b[1m)"),
        (["list", "--format", "j\u001b[31m\u202e"], "'j\\x1b[31m\\u202e' is not one of"),
        (["list", "--limit", "x\u202e"], "'x\\u202e'"),
        (["list", "--since", "x\u202e\u001b[2J"], "'x\\u202e\\x1b[2J'"),
        (["archive", "--older-than", "x\u202e"], "'x\\u202e'"),
    ],
)
def test_usage_errors_show_what_was_typed_escaped(
    site: Path, terminal: bool, args: list[str], shown: str
) -> None:
    ran = run(args, terminal)
    assert ran.code == 2, ran.err
    assert_shown_safely(ran, terminal, " ".join(args))
    assert shown in RICH_OWN.sub("", ran.err).replace("\r\n", "\n")


def test_a_line_break_in_a_file_name_never_splits_a_line(site: Path, write: Write, terminal: bool) -> None:
    write("trafik\n/2022-01-01-ny\nhet.md", article_text(title="Nyhet", slug="nyhet", date="2022-01-01"))
    write("2022-01-02-annan.md", article_text(title="Annan", slug="annan", date="2022-01-02"))
    paths = run(["list", "-f", "paths"], False)
    assert paths.out == "articles/2022-01-02-annan.md\narticles/trafik\\x0a/2022-01-01-ny\\x0ahet.md\n"
    checked = run(["validate"], False)
    assert checked.code == 1
    problems = [line for line in checked.out.splitlines() if not line.startswith("  ")]
    assert all(re.match(r"^(.+):(\d+):(\d+): (error|warning): (.+) \[([a-z0-9-]+)\]$", p) for p in problems)
    assert (
        "articles/trafik\\x0a/2022-01-01-ny\\x0ahet.md:1:1: error: the path holds a control character or "
        "line break ('\\n'): a list of paths, one a line, cannot hold it [filename-control-character]"
    ) in problems
    for args in (["list"], ["list", "--columns", "path,slug"], ["archive", "--dry-run"], ["touch", "nyhet"]):
        ran = run(args, terminal)
        assert_shown_safely(ran, terminal, " ".join(args))
        if args == ["list"] and terminal:  # 80 columns: the path gives way to the slug
            assert re.search(
                r"^2022-01-01 .* nyhet *$", RICH_OWN.sub("", ran.out).replace("\r\n", "\n"), re.MULTILINE
            ), ran.out
            continue
        assert "\\x0a/2022-01-01-ny\\x0ahet.md" in RICH_OWN.sub("", ran.out + ran.err), args
    moved = run(["archive", "--yes"], False)
    assert moved.out.splitlines() == [
        "articles/2022-01-02-annan.md -> articles/archive/2022/2022-01-02-annan.md",
        "articles/trafik\\x0a/2022-01-01-ny\\x0ahet.md -> articles/archive/2022/2022-01-01-ny\\x0ahet.md",
    ]


def test_a_file_name_that_is_not_utf8(site: Path, write: Write, terminal: bool) -> None:
    name = os.fsdecode(b"2026-11-01-\xff\xfe\x1b[2J.md")
    write(name, article_text(title="Nyhet", slug="nyhet"))
    for args in (["list"], ["validate"], ["show", "nyhet"], ["archive", "--dry-run"], ["list", "-f", "csv"]):
        ran = run(args, terminal)
        assert_shown_safely(ran, terminal, " ".join(args))
        if args[0] != "show" and not terminal:  # show prints no path; a terminal wraps long ones
            assert "\\xff\\xfe\\x1b[2J" in RICH_OWN.sub("", ran.out + ran.err).replace("\n", ""), args
    for args in (["list", "-f", "json"], ["validate", "-f", "json"], ["archive", "--dry-run", "-f", "json"]):
        ran = run(args, terminal)
        document = json.loads(ran.out)  # .out decodes strictly: valid UTF-8
        assert "\\udcff\\udcfe" in ran.out, args
        if args[0] == "list":
            # The JSON escapes read back as the surrogates that name the very file.
            assert os.fsencode(document["articles"][0]["path"]) == b"articles/2026-11-01-\xff\xfe\x1b[2J.md"


# --- generated: field values and file names with control characters and markup

PIECES = st.sampled_from(
    [
        "\u001b",
        "\u001b[2J",
        "\u001b]0;t\u0007",
        "\u001b]52;c;eA==\u0007",
        "\u009b",
        "\u0085",
        "\u007f",
        "\u0000",
        "\u0008",
        "\r",
        "\t",
        "[",
        "]",
        "[/]",
        "[bold]",
        "[link=https://e.example]",
        "\\",
        "å",
        "a",
        " ",
        "\u202e",
        "\u2066",
        "\u200b",
        "\u200f",
        "\ufeff",
    ]
)
TEXT = st.lists(PIECES | st.characters(max_codepoint=0x9F), min_size=1, max_size=8).map("".join)
NAME = st.lists(
    PIECES.filter(lambda p: "\u0000" not in p) | st.sampled_from(["x", "[x]", "\u001b[1m", "-"]),
    min_size=1,
    max_size=5,
).map(lambda parts: "".join(parts).replace("/", "").replace("\n", ""))


def write_generated(site: Path, name: str, title: str, fields: dict[str, str], body: str) -> Path:
    values: dict[str, Any] = {"title": title, "slug": "gen", **fields}
    values["links"] = [{"title": fields["author"], "url": fields["lead"]}]
    values["image"] = {"src": "/b.jpg", "alt": "alt", "caption": fields["modified_by"]}
    values["tags"] = [fields["author"]]
    text = "+++\ndate = 2022-01-01\n" + tomli_w.dumps(values) + "+++\n\n" + body + "\n"
    path = site / "articles" / f"2022-01-01-{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)  # a "/" in the name makes a folder: markup across it
    path.write_text(text, encoding="utf-8")
    return path


def clean(site: Path) -> None:
    import shutil

    shutil.rmtree(site / "articles")
    (site / "articles").mkdir()
    shutil.rmtree(site / "cache", ignore_errors=True)


COMMANDS: list[list[str]] = [
    ["list"],
    ["list", "-f", "csv"],
    ["list", "-f", "paths"],
    ["list", "--all", "--stale"],
    ["show", "gen"],
    ["validate"],
    ["archive", "--dry-run"],
    ["new", "--slug", "ny"],  # the title is appended: generated too
    ["touch", "gen", "--by"],  # the name is appended: the generated title
    ["review", "gen", "--by"],
    ["supersede", "gen", "ny"],
    ["publish", "gen"],
    ["edit", "gen"],  # VISUAL is `true`: the editor changes nothing
]
JSON_COMMANDS: list[list[str]] = [
    ["list", "-f", "json"],
    ["validate", "-f", "json"],
    ["archive", "-n", "-f", "json"],
]
EXAMPLES = 20


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=NAME,
    title=TEXT,
    fields=st.fixed_dictionaries({"author": TEXT, "lead": TEXT, "modified_by": TEXT}),
    body=TEXT,
)
@example(
    name="[/]\u001b[2J", title="[/]", fields={"author": "[", "lead": "]", "modified_by": "\\"}, body="[/]"
)
def test_generated_values_and_names_every_command_and_format(
    site: Path, monkeypatch: pytest.MonkeyPatch, name: str, title: str, fields: dict[str, str], body: str
) -> None:
    monkeypatch.setenv("VISUAL", "true")
    clean(site)
    path = write_generated(site, name, title, fields, body)
    for terminal in (False, True):
        for args in COMMANDS:
            full = [*args, title] if args[0] in ("new", "touch", "review") else args
            ran = run(full, terminal)
            assert ran.code in (0, 1, 2), (full, ran.err)
            assert_shown_safely(ran, terminal, " ".join(full))
    for args in JSON_COMMANDS:
        ran = run(args, False)
        assert ran.code in (0, 1), (args, ran.err)
        assert not RAW_CONTROL.search(ran.out), args
        document = json.loads(ran.out)
        generated = [r for r in document.get("articles", []) if r["slug"] == "gen"]
        if args[0] == "list" and generated:  # unless the title is unusable (blank, or not one line)
            record = generated[0]
            assert os.fsencode(record["path"]) == os.fsencode(path.relative_to(site).as_posix())
            assert record["title"] == title
    # The move and the log: the name goes into the log and comes back out of it.
    moved = run(["archive", "--yes"], True)
    assert_shown_safely(moved, True, "archive")
    for args in (["archive", "--history"], ["restore", "gen"]):
        ran = run(args, True)
        assert_shown_safely(ran, True, " ".join(args))


# `python -m newscli` as a process started for it, its exit the interpreter's own (its last flush of
# stdout, what it says when that fails): forked from one interpreter started for this module, which
# never loads newscli (tests/started_support.py), not a new interpreter for each of the 12 runs.
@pytest.fixture(scope="module")
def started() -> Iterator[Starter]:
    with starter() as started:
        yield started


def run_started(started: Starter, args: list[str], stdout: str) -> subprocess.CompletedProcess[str]:
    """``python -m newscli ARGS`` here, with this environment, stdout on ``stdout``."""
    return started.run(Path.cwd(), args, dict(os.environ), stdout=stdout)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_version_on_an_output_that_cannot_be_written_is_said_as_for_any_command(
    site: Path, write: Write, started: Starter
) -> None:
    """--version is answered before the command line is loaded: a write it could not make went
    out as a Python traceback (exit 1); now it is said as every command says it."""
    write("2026-11-01-a.md", article_text())
    runs = {}
    for args in (["--version"], ["list", "--format", "json"]):
        runs[args[0]] = run_started(started, args, "/dev/full")
    assert "Traceback" not in runs["--version"].stderr
    assert runs["--version"].returncode == runs["list"].returncode
    assert runs["--version"].stderr == runs["list"].stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--format", "json"],
        ["show", "nyhet", "--no-pager"],
        ["archive", "--dry-run"],
        ["--help"],
    ],
)
def test_output_to_a_full_disk_is_said_and_exits_1_not_as_a_bug(
    site: Path, write: Write, started: Starter, args: list[str]
) -> None:
    """The system refusing a write (ENOSPC) is not a bug in newscli: it said "internal error ... this
    is a bug", exit 70. Now one line says what the system said, exit 1 (README's exit codes)."""
    write("2026-11-01-nyhet.md", article_text())
    write("2020-01-01-gammal.md", article_text("Gammal", "gammal", "2020-01-01"))  # due: a line to write
    done = run_started(started, args, "/dev/full")
    assert done.returncode == 1, done.stderr
    assert done.stderr == "newscli: cannot write: No space left on device\n"


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],  # answered before the command line is loaded: it was a traceback and exit 1
        ["--help"],  # the group's own eager options: Typer's main said 1
        ["--show-completion", "bash"],
        ["--version", "--help"],
        ["list", "--help"],
    ],
)
def test_what_the_options_print_to_a_reader_that_went_away_is_141_and_silent(
    started: Starter, args: list[str]
) -> None:
    """As every command (README's exit codes: 141, never 1)."""
    done = run_started(started, args, "gone")  # a pipe whose reader is gone before anything is written
    assert (done.returncode, done.stderr) == (141, "")
