"""TOML conformance: every document of the official toml-test suite (TOML 1.0.0), as front matter.

Run once per TOML reader (``NEWSCLI_TOML_READER``): toml-rs, the compiled one, where it is
installed, and ``python`` (the standard library's tomllib), the fallback where it is not. Each
document is wrapped as ``+++`` / document / ``+++`` into an article file, and the whole lot goes
through one ``newscli validate --format json`` run. Every ``invalid/`` document must give an error
diagnostic of the reader (encoding, front matter or TOML syntax) at a position inside its file; no
``valid/`` document may give one.

Two kinds of document cannot be wrapped byte for byte, and the test says how it judges them:

* A UTF-8 byte order mark is the encoding signature of a *file*, not TOML text. A document that
  starts with one is wrapped with the mark where a file starts, before the opening ``+++`` (where an
  editor writes it, and where Hugo and newscli accept it). Left after ``+++``, it would be a U+FEFF
  in the middle of a file, which newscli reports (with a hint) and Hugo rejects too.
* A document with a line starting with ``+++`` (possible only inside a multi-line string of a valid
  document) cannot be front matter at all: Hugo ends the front matter at that line, whatever the
  TOML says, and newscli reads it the same way so that it never passes a file Hugo reads
  differently. A valid one of these must therefore give an error at or before that line (the cut
  string is unterminated, or the line is not '+++' alone); an invalid one is not judged, since the
  cut may drop exactly the part that made it invalid. The 1.0.0 suite has none of either today.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newscli.cli.app import app
from newscli.core.reading import frontmatter

# Under pytest-xdist this module's tests share a worker: each reader's toml-test run is made once.
pytestmark = pytest.mark.xdist_group("toml_conformance")

SUITE = Path(__file__).resolve().parent.parent.parent / "shared" / "toml-test" / "tests"
LISTING = SUITE / "files-toml-1.0.0"
BOM = b"\xef\xbb\xbf"
# The reader's own rules: what a broken document must give, and a valid one must not.
READER_RULES = frozenset(
    {"file-encoding", "frontmatter-missing", "frontmatter-unterminated", "frontmatter-fence", "toml-syntax"}
)
SKIPPED = {
    # Its bare CR sits at the very end: the wrapper's newline turns it into a valid CRLF.
    "invalid/control/bare-cr.toml": "a trailing newline makes it valid",
}

try:
    import toml_rs  # noqa: F401 -- only whether it is installed
except ImportError:
    HAVE_TOML_RS = False
else:
    HAVE_TOML_RS = True

# Each reader the project ships: toml-rs is skipped (and said so) only where no wheel installed it.
READER_PARAMS = [
    pytest.param(
        "toml-rs", marks=pytest.mark.skipif(not HAVE_TOML_RS, reason="toml-rs is not installed here")
    ),
    "python",
]

needs_suite = pytest.mark.skipif(
    not LISTING.is_file(),
    reason=f"the toml-test suite is not at {SUITE} (CI clones the repository beside shared/)",
)


@dataclass(frozen=True)
class Wrapped:
    name: str  # as listed, e.g. invalid/array/double-comma-01.toml
    data: bytes  # the article file
    fence_line: int | None  # file line of a line starting with '+++' inside the document

    @property
    def file_name(self) -> str:
        return self.name.removesuffix(".toml").replace("/", "__") + ".md"


def wrap(name: str, document: bytes) -> Wrapped:
    bom = BOM if document.startswith(BOM) else b""
    document = document[len(bom) :]
    fence = next((n for n, line in enumerate(document.split(b"\n")) if line.startswith(b"+++")), None)
    return Wrapped(name, bom + b"+++\n" + document + b"\n+++\n", None if fence is None else fence + 2)


def position_inside(data: bytes, line: int, column: int) -> bool:
    """True when line:column points at a character of the file, or just after a line's end."""
    lines = data.split(b"\n")[:-1]  # the file ends with a newline: nothing after it
    if not 1 <= line <= len(lines):
        return False
    return 1 <= column <= len(lines[line - 1].decode("utf-8", errors="replace")) + 1


@dataclass(frozen=True)
class Outcome:
    reader: str
    documents: list[Wrapped]
    diagnostics: dict[str, list[dict[str, Any]]]  # file name -> the reader's error diagnostics


@pytest.fixture(scope="module", params=READER_PARAMS)
def outcome(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    reader = request.param
    base = tmp_path_factory.mktemp("toml-test")
    articles = base / "articles"
    articles.mkdir()
    (base / "newscli.toml").write_text('timezone = "Europe/Stockholm"\n', encoding="utf-8")
    names = [n for n in LISTING.read_text(encoding="utf-8").splitlines() if n.endswith(".toml")]
    documents = [wrap(name, (SUITE / name).read_bytes()) for name in names]
    assert len({d.file_name for d in documents}) == len(documents), "two documents got one file name"
    for document in documents:
        (articles / document.file_name).write_bytes(document.data)

    config = str(base / "newscli.toml")
    env = {"NEWSCLI_TOML_READER": reader, "NEWSCLI_CACHE": "0"}
    result = CliRunner().invoke(
        app, ["validate", "--config", config, "--format", "json"], env=env, catch_exceptions=False
    )
    assert frontmatter.reader_name().startswith(reader)  # the reader asked for is the one that read
    frontmatter.use_reader(
        frontmatter.TomlReader("auto")
    )  # as a run without NEWSCLI_TOML_READER leaves it, for later tests
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["files_checked"] == len(documents)
    found: dict[str, list[dict[str, Any]]] = {d.file_name: [] for d in documents}
    for diagnostic in report["diagnostics"]:
        if diagnostic["severity"] == "error" and diagnostic["rule"] in READER_RULES:
            found[Path(diagnostic["path"]).name].append(diagnostic)
    return Outcome(reader, documents, found)


def _kind(outcome: Outcome, kind: str) -> Iterator[Wrapped]:
    return (d for d in outcome.documents if d.name.startswith(kind + "/"))


@needs_suite
def test_every_invalid_document_gives_an_error_with_a_position_inside_the_file(outcome: Outcome) -> None:
    checked, skipped, failures = 0, [], []
    for document in _kind(outcome, "invalid"):
        if document.name in SKIPPED or document.fence_line is not None:
            skipped.append(document.name)
            continue
        checked += 1
        errors = outcome.diagnostics[document.file_name]
        if not errors:
            failures.append(f"{document.name}: no error")
        for error in errors:
            if not position_inside(document.data, error["line"], error["column"]):
                failures.append(f"{document.name}: {error['line']}:{error['column']} is outside the file")
    rejected = checked - len(failures)
    where = "errored with a position inside"
    print(f"\ntoml-test invalid, {outcome.reader}: {checked} checked, {rejected} {where}")
    print(f"toml-test invalid skipped: {', '.join(skipped) or 'none'}")
    assert failures == []
    assert skipped == list(SKIPPED)  # no document of the suite holds a '+++' line today
    assert checked > 400  # the listing really was read


@needs_suite
def test_no_valid_document_gives_a_syntax_error(outcome: Outcome) -> None:
    checked, failures = 0, []
    for document in _kind(outcome, "valid"):
        errors = outcome.diagnostics[document.file_name]
        if document.fence_line is not None:
            # Not front matter as it stands: Hugo and newscli stop at that line and must say so.
            if not any(e["line"] <= document.fence_line for e in errors):
                failures.append(f"{document.name}: no error at or before its '+++' line")
            continue
        checked += 1
        failures += [f"{document.name}: {e['line']}:{e['column']}: {e['message']}" for e in errors]
    print(f"\ntoml-test valid, {outcome.reader}: {checked} checked, {len(failures)} with a syntax error")
    assert failures == []
    assert checked > 150


def test_wrapping_moves_a_bom_to_the_start_of_the_file() -> None:
    wrapped = wrap("valid/bom.toml", BOM + b"a = 1\n")
    assert wrapped.data == BOM + b"+++\na = 1\n\n+++\n"
    assert wrapped.fence_line is None


def test_wrapping_notes_a_fence_line_inside_the_document() -> None:
    assert wrap("valid/s.toml", b's = """\nx\n+++\n"""\n').fence_line == 4
