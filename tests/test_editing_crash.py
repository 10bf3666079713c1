"""Crash safety of the editing commands: a ``newscli`` process killed (SIGKILL) at every step.

``NEWSCLI_CRASH_AT=k`` makes the process kill itself at the k-th durable step (see
``newscli.core.writing.durable``: temporary file created, written, synced; checked; renamed or linked;
folder synced; ...). The steps of each command are counted in-process first, then every one is a
kill point, each in its own copy of the site, followed by the same command run again. Each killed run
is a forked child of the test process (``archive_support.run_forked``: the command line's entry
point, the probe read from the environment, a real SIGKILL), which costs a fork instead of an
interpreter's start; the rerun needs no process of its own and runs in the test process
(``inprocess_support.run_here``). A few kill points are also run, and rerun, as real
``python -m newscli`` processes (the last test).

After each crash: every article is whole — the file holds exactly the old bytes or exactly the new
ones (never a mix, never truncated), no article name appeared or disappeared except the ones the
command makes, and no content is under two article names except a publish's old and new name for
the same file. After the rerun: exactly the folder a run that never crashed makes, and no temporary
file left.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from archive_support import memory_folder, run_forked
from conftest import CONFIG, NOW, article_text
from inprocess_support import run_here
from typer.testing import CliRunner

from newscli.cli.app import app
from newscli.cli.options import GlobalOptions, wall_clock
from newscli.core.probe import Probe

KILLED = -9
REPO = Path(__file__).resolve().parent.parent

ARTICLES = {
    "2026-03-01-gammal.md": (
        "\ufeff" + article_text("Gammal", "gammal", "2026-03-01", body="Text.\n")
    ).replace("\n", "\r\n"),
    "2026-12-24-jul.md": article_text("Jul", "jul", "2026-12-24", draft="true", lastmod="2026-11-01"),
    "trafik/2026-10-01-vag.md": article_text("Väg", "vag", "2026-10-01", tags='["trafik"] # kommentar'),
}

# The editor: the file rewritten in place (its own inode, as most editors save), "Text." replaced.
# A shell and sed, not a Python: an interpreter's start was most of the edit test's CPU (12 runs).
# $(...) keeps every byte but NUL; the "." after sed's output keeps the line breaks it would drop.
EDITOR = """\
text=$(sed 's/Text\\./Ny text./g' "$1"; echo .)
printf '%s' "${text%.}" > "$1"
"""

# (command line, extra environment): each one of the four commands the issue names.
COMMANDS: dict[str, tuple[list[str], dict[str, str]]] = {
    "touch": (["touch", "gammal", "--by", "Anna"], {}),
    "edit": (["edit", "gammal", "--by", "Anna"], {"EDITOR": "sh {template}/editor.sh"}),
    "publish": (["publish", "jul"], {}),
    "new": (["new", "Ny nyhet", "--lead", "Ingress.", "--tag", "trafik"], {}),
}


def _make_site(root: Path) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "newscli.toml").write_text(CONFIG, encoding="utf-8")
    (root / "editor.sh").write_text(EDITOR, encoding="utf-8")
    for rel, text in ARTICLES.items():
        path = root / "articles" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return root


def _articles(root: Path) -> dict[str, bytes]:
    """Every article name (not hidden, *.md and kept copies) with its bytes."""
    found = {}
    for folder, dirs, files in os.walk(root / "articles"):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(folder) / name
            if not name.startswith(".") and stat.S_ISREG(path.lstat().st_mode):
                found[path.relative_to(root / "articles").as_posix()] = path.read_bytes()
    return found


def _temporary(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in (root / "articles").rglob(".newscli-tmp-*")]


def _newscli(cwd: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A real ``python -m newscli`` process (a real SIGKILL when NEWSCLI_CRASH_AT asks for one)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCLI_")}
    environment.update({"NEWSCLI_NOW": NOW, "PYTHONPATH": str(REPO), **env})
    environment.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "newscli", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def _environment(env: dict[str, str], template: Path) -> dict[str, str]:
    return {k: v.format(python=sys.executable, template=template) for k, v in env.items()}


def _steps(
    template: Path, work: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> tuple[list[str], dict[str, bytes]]:
    """Run the command in-process on a copy, counting its steps; return them and the folder after."""
    site = shutil.copytree(template, work)
    args, env = COMMANDS[name]
    steps: list[str] = []
    monkeypatch.chdir(site)
    for key, value in _environment(env, template).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("NEWSCLI_NOW", NOW)
    probe = Probe(clock=wall_clock, on_step=lambda step, rel: steps.append(step))
    result = CliRunner().invoke(app, args, catch_exceptions=False, obj=GlobalOptions(probe=probe))
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(template)
    return steps, _articles(site)


def _problems(
    name: str, k: int, before: dict[str, bytes], after: dict[str, bytes], now: dict[str, bytes]
) -> list[str]:
    """What is wrong with the folder ``now`` after a crash at step k: between ``before`` and ``after``."""
    problems = []
    allowed = {rel: {before.get(rel), after.get(rel)} for rel in now}
    if name == "publish":  # the published content replaces the draft under its old name first
        allowed.setdefault("2026-12-24-jul.md", set()).add(after["2026-11-29-jul.md"])
    for rel, data in now.items():
        if data not in allowed[rel]:
            problems.append(f"{name}@{k}: {rel} is neither the old nor the new file ({len(data)} bytes)")
    for rel in set(before) | set(after):
        if (
            rel not in now
            and not (rel in before and rel not in after)
            and not (rel in after and rel not in before)
        ):
            problems.append(f"{name}@{k}: {rel} vanished")
    lost = [rel for rel in before if rel in after and rel not in now]
    if lost:
        problems.append(f"{name}@{k}: lost {lost}")
    if name == "publish":
        old, new = "2026-12-24-jul.md", "2026-11-29-jul.md"
        if old not in now and new not in now:
            problems.append(f"{name}@{k}: the article has no name")
    unexpected = set(now) - set(before) - set(after)
    if unexpected:
        problems.append(f"{name}@{k}: unexpected names {sorted(unexpected)}")
    return problems


Run = Callable[[Path, list[str], dict[str, str]], subprocess.CompletedProcess[str]]


def _forked(cwd: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """What ``_newscli`` does, in a forked child of the test process (a real SIGKILL when asked)."""
    rest = dict(env)
    crash_at = rest.pop("NEWSCLI_CRASH_AT", None)
    return run_forked(cwd, *args, crash_at=None if crash_at is None else int(crash_at), **rest)


def _here(cwd: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """What ``_forked`` does without a crash point, in the test process (``inprocess_support.run_here``):
    for the rerun after a kill, which needs no process of its own."""
    return run_here(cwd, *args, **env)


def _kill_then_rerun(
    run: Run,
    rerun_with: Run,
    name: str,
    k: int,
    template: Path,
    site: Path,
    expected: tuple[dict[str, bytes], dict[str, bytes]],
    env: dict[str, str],
) -> list[str]:
    """Copy ``template`` to ``site``, kill the command at step k (``run``), check, run it again
    (``rerun_with``), check."""
    before, after = expected
    shutil.copytree(template, site)
    args, _ = COMMANDS[name]
    crashed = run(site, args, {"NEWSCLI_CRASH_AT": str(k), **env})
    if crashed.returncode != KILLED:
        return [f"{name}@{k}: not killed (exit {crashed.returncode}): {crashed.stderr}"]
    problems = _problems(name, k, before, after, _articles(site))
    rerun = rerun_with(site, args, env)
    final = _articles(site)
    if name == "new" and rerun.returncode == 2 and "already used" in rerun.stderr:
        pass  # killed after the new file had its name: the article exists, whole
    elif name == "publish" and rerun.returncode == 2 and "not a draft" in rerun.stderr:
        pass  # killed after the rename was complete: published, nothing left to do
    elif rerun.returncode != 0:
        problems.append(f"{name}@{k}: rerun exit {rerun.returncode}: {rerun.stderr}")
    if final != after:
        diff = {r for r in set(final) | set(after) if final.get(r) != after.get(r)}
        problems.append(f"{name}@{k}: after the rerun the folder differs from a clean run: {sorted(diff)}")
    if _temporary(site):
        problems.append(f"{name}@{k}: temporary files left: {_temporary(site)}")
    return problems


@pytest.fixture
def work(tmp_path: Path) -> Iterator[Path]:
    """Where the forked runs work: a memory file system where there is one (``memory_folder``)."""
    with memory_folder(tmp_path) as folder:
        yield folder


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_killed_at_every_step_then_rerun(name: str, work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template = _make_site(work / "template")
    before = _articles(template)
    steps, after = _steps(template, work / "counted", monkeypatch, name)
    count = len(steps)
    assert count >= 6, count
    env = {"NEWSCLI_CACHE_DIR": str(work / "cache"), **_environment(COMMANDS[name][1], template)}
    # One after the other: forking a process that runs threads is unsafe.
    problems = [
        problem
        for k in range(1, count + 1)
        for problem in _kill_then_rerun(
            _forked, _here, name, k, template, work / f"k{k}", (before, after), env
        )
    ]
    print(f"{name}: {count} kill points")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("name", "step"), [("publish", "renamed"), ("edit", "temp-synced")])
def test_real_process_killed_then_rerun(
    name: str, step: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A few kill points with real ``python -m newscli`` processes, as a person's shell starts them."""
    template = _make_site(tmp_path / "template")
    before = _articles(template)
    steps, after = _steps(template, tmp_path / "counted", monkeypatch, name)
    k = steps.index(step) + 1
    env = {"NEWSCLI_CACHE_DIR": str(tmp_path / "cache"), **_environment(COMMANDS[name][1], template)}
    problems = _kill_then_rerun(
        _newscli, _newscli, name, k, template, tmp_path / "site", (before, after), env
    )
    assert not problems, "\n".join(problems)
