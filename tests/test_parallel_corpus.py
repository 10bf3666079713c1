"""On the benchmark's varied corpus (CRLF and BOM files, unknown keys, comments, multi-line arrays,
superseded and archived articles): one core and two give the same bytes, with the cache and without.
A first run reads, judges and encodes on both cores (core.folder.parallel): any difference would show here."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NOW, Invoke
from corpus_support import generate_here

from newscli.core.folder import parallel

SIZE = 400  # every kind of file the generator makes, in seconds


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("varied") / "corpus"
    generate_here(dest, SIZE)
    return dest


@pytest.mark.skipif(not parallel.can_fork(), reason="forks only on Linux with two cores")
@pytest.mark.parametrize(
    "command",
    [
        ("list", "--format", "json"),
        ("list", "--all", "--format", "json"),
        ("list", "--stale", "--format", "json"),
        ("list", "--sort", "age", "--reverse", "--format", "json"),
        ("list", "--all", "--format", "csv"),
        ("list", "--all"),
        ("validate", "--format", "json"),
        ("validate",),
    ],
)
def test_one_core_and_two_give_the_same_bytes(
    varied: Path, cli: Invoke, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.chdir(varied)
    monkeypatch.setenv("NEWSCLI_NOW", NOW)
    monkeypatch.setenv("NEWSCLI_CACHE", "0")
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10**9)
    one = cli(*command)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    two = cli(*command)
    monkeypatch.delenv("NEWSCLI_CACHE")
    filled, cached = cli(*command), cli(*command)  # the first fills the cache, the second reads it
    assert one.stdout.count("\n") > SIZE // 2 or command[0] == "validate"
    assert "warning" in one.stdout or command[0] == "list"  # unknown keys: validate has something to say
    for other in (two, filled, cached):
        assert (other.exit_code, other.stdout, other.stderr) == (one.exit_code, one.stdout, one.stderr)
