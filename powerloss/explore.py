"""Scenarios, the check after each crash state's recovery, and the exploration itself.

A scenario is a small articles folder and one real newscli command. Its run is recorded (see
recorder); every crash state the model allows (see model) is written to a temporary folder, the
next newscli run (the recovery) runs there, in-process, and the folder is checked:

* every article (by its slug) is present under exactly one visible name, with its bytes before the
  command or its bytes after it (a missing or truncated article is *lost*; two names *duplicated*);
* once the command has finished (the crash after its last call), what it did is there;
* no temporary name is left (hidden names the folder did not have before, other than the log and
  the lock);
* the archive log is consistent with the folder: no move left open, and every article that is
  not where it was is where the log's last ``done`` record for it says, with that sha256.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from powerloss.model import CrashState, Fs, Op, crash_states, durable_at, under
from powerloss.recorder import Recording, record

NOW = "2026-11-29T12:00:00+01:00"
CONFIG = 'articles_dir = "articles"\ntimezone = "Europe/Stockholm"\nlanguage = "sv"\n'
LOG = ".newscli-archive.log"
LOCK = ".newscli-archive.lock"
KNOWN_HIDDEN = frozenset({LOG, LOCK})
GIT_DIR = ".git"
# git as a scenario runs it: no configuration but this, a fixed identity and fixed dates.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Nattjobbet",
    "GIT_AUTHOR_EMAIL": "natt@example.org",
    "GIT_COMMITTER_NAME": "Nattjobbet",
    "GIT_COMMITTER_EMAIL": "natt@example.org",
    "GIT_AUTHOR_DATE": "2026-11-29T03:00:00+01:00",
    "GIT_COMMITTER_DATE": "2026-11-29T03:00:00+01:00",
}
# newscli's own temporary names (archive's moves, durable's writes): never left after a recovery.
TEMP_PREFIXES = (".newscli-moving-", ".newscli-tmp-")
_SLUG = re.compile(rb'^slug\s*=\s*"([^"\n]*)"\s*$', re.M)


def article(title: str, slug: str, date: str, body: str = "Brödtext.\n", extra: str = "") -> bytes:
    return f'+++\ntitle = "{title}"\nslug = "{slug}"\ndate = {date}\n{extra}+++\n\n{body}'.encode()


@dataclass(frozen=True)
class Scenario:
    name: str
    articles: dict[str, bytes]
    command: tuple[str, ...]
    # The next runs (their arguments), in order: the recovery. Each must exit 0, or 1 only when the
    # state holds a broken file it is right to report; ``tolerated`` adds exit codes a run may give
    # (e.g. publish again: "not a draft" when the first one had finished).
    recovery: tuple[tuple[str, ...], ...]
    env: dict[str, str] = field(default_factory=dict)
    fresh: tuple[str, ...] = ()  # saved just before the run and never synced (an editor's save)
    finishes: bool = False  # the recovery completes the command: every article ends where it put it
    # newscli runs before the recorded one (not recorded), each with extra environment variables
    # (NEWSCLI_CRASH_AT kills one mid-run); then the paths of ``remove`` are removed (by a person).
    setup: tuple[tuple[tuple[str, ...], tuple[tuple[str, str], ...]], ...] = ()
    remove: tuple[str, ...] = ()
    recovery_slugs: tuple[str, ...] = ()  # articles the recovery run itself creates
    tolerated: tuple[int, ...] = ()
    # The articles folder is the top of a git work tree with everything committed (archive --commit):
    # git's files are then inside the recorded folder, and after the recovery all must be committed.
    git: bool = False


# -- the oracle ---------------------------------------------------------------------------------------


def visible_articles(tree: dict[str, bytes | str | None]) -> dict[str, bytes]:
    """Article files as newscli sees them: *.md, no part hidden or starting with an underscore."""
    result = {}
    for rel, value in tree.items():
        parts = rel.split("/")
        if not isinstance(value, bytes) or not rel.endswith(".md"):
            continue
        if any(p.startswith((".", "_")) for p in parts):
            continue
        result[rel] = value
    return result


def slug_of(data: bytes) -> str | None:
    match = _SLUG.search(data.split(b"\n+++", 1)[0])
    return match.group(1).decode("utf-8", "replace") if match else None


@dataclass
class Oracle:
    """What the folder may look like after a crash and its recovery, from the real run's two ends."""

    before: dict[str, tuple[str, bytes]]  # slug -> (path, bytes) before the command
    after: dict[str, tuple[str, bytes]]  # ... and after it
    required_from: dict[str, int]  # slug -> the crash point from which it must be present
    points: int  # operations in all: the crash after the last one is "finished"
    initial_hidden: frozenset[str]
    initial_log_ids: frozenset[str]
    finishes: bool
    excused: dict[str, int] = field(default_factory=dict)  # an unsynced save's path -> required_from
    recovery_slugs: tuple[str, ...] = ()

    def phase(self, point: int) -> tuple[bool, frozenset[str]]:
        """What the check of a state depends on besides the state: equal phases, equal verdicts."""
        required = frozenset(s for s, p in self.required_from.items() if point >= p)
        return point == self.points, required


def _by_slug(tree: dict[str, bytes | str | None]) -> dict[str, tuple[str, bytes]]:
    result = {}
    for rel, data in visible_articles(tree).items():
        slug = slug_of(data)
        if slug is not None:
            result[slug] = (rel, data)
    return result


def _hidden(tree: dict[str, bytes | str | None]) -> set[str]:
    return {rel for rel in tree if any(p.startswith(".") for p in rel.split("/"))}


def _log_ids(tree: dict[str, bytes | str | None]) -> frozenset[str]:
    data = tree.get(LOG)
    return frozenset(str(r["id"]) for r in _records(data)) if isinstance(data, bytes) else frozenset()


def _records(data: bytes) -> list[dict[str, object]]:
    records = []
    for raw in data.split(b"\n"):
        line = raw.strip(b"\0 \r\t")
        if not line:
            continue
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            records.append(value)
    return records


@dataclass
class Verdict:
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.other)


def judge(oracle: Oracle, point: int, tree: dict[str, bytes | str | None]) -> Verdict:
    """The check of one folder after a crash at ``point`` and the recovery."""
    verdict = Verdict()
    finished = point == oracle.points
    present: dict[str, list[tuple[str, bytes]]] = {}
    for rel, data in visible_articles(tree).items():
        if point < oracle.excused.get(rel, -1):
            continue  # an editor's save not yet synced, before the run took it on: any state of it
        slug = slug_of(data)
        if slug in oracle.recovery_slugs:
            continue  # written by the recovery run itself
        known = {*oracle.before.values(), *oracle.after.values()}
        if slug is None or (slug not in oracle.before and slug not in oracle.after):
            if not any(pair[1] == data for pair in known):
                verdict.lost.append(f"{rel}: a truncated or garbled article ({len(data)} bytes)")
            else:
                verdict.other.append(f"{rel}: not an article the run knew ({len(data)} bytes)")
            continue
        present.setdefault(slug, []).append((rel, data))
    for slug in sorted(set(oracle.before) | set(oracle.after)):
        found = present.get(slug, [])
        ends = [pair for pair in (oracle.before.get(slug), oracle.after.get(slug)) if pair is not None]
        # Before the run has finished, a whole version under either name (a command that moves and
        # then changes a file, like restore --archive-after, passes through the mix).
        allowed = {(rel, data) for rel, _ in ends for _, data in ends}
        if oracle.finishes and slug in oracle.after and point >= oracle.required_from.get(slug, 0):
            allowed = {oracle.after[slug]}
        if finished and slug in oracle.after:
            allowed = {oracle.after[slug]}
        required = point >= oracle.required_from.get(slug, 0) or (finished and slug in oracle.after)
        if len(found) > 1:
            verdict.duplicated.append(f"{slug}: under {len(found)} names {sorted(r for r, _ in found)}")
        elif found:
            rel, data = found[0]
            if required and (rel, data) not in allowed:
                what = "truncated or changed" if rel in {r for r, _ in allowed} else "not where it belongs"
                verdict.lost.append(f"{slug}: {what} at {rel} ({len(data)} bytes)")
        elif required:
            verdict.lost.append(f"{slug}: no visible name holds it")
    for rel in sorted(_hidden(tree)):
        if rel == GIT_DIR or rel.startswith(GIT_DIR + "/"):
            continue  # git's own files: judged by what git says after the recovery (git_problems)
        ours = rel.rsplit("/", 1)[-1].startswith(TEMP_PREFIXES)
        if rel not in KNOWN_HIDDEN and (ours or rel not in oracle.initial_hidden):
            verdict.other.append(f"temporary name left: {rel}")
    log = tree.get(LOG)
    if isinstance(log, bytes):
        _check_log(oracle, log, present, verdict)
    return verdict


def _check_log(
    oracle: Oracle, log: bytes, present: dict[str, list[tuple[str, bytes]]], verdict: Verdict
) -> None:
    last: dict[str, dict[str, object]] = {}
    done_by_slug: dict[str, dict[str, object]] = {}
    for line in _records(log):
        last[str(line["id"])] = line
        if line.get("state") == "done" and isinstance(line.get("slug"), str):
            done_by_slug[str(line["slug"])] = line
    for line in last.values():
        if line.get("state") == "intent":
            verdict.other.append(f"log: the move {line.get('from')} -> {line.get('to')} is left open")
    for slug, found in present.items():
        if len(found) != 1 or slug not in oracle.before:
            continue
        rel, data = found[0]
        if rel == oracle.before[slug][0]:
            continue
        done = done_by_slug.get(slug)
        # The bytes moved: these, or the version before the command (restore --archive-after
        # changes the file after moving it).
        shas = {hashlib.sha256(d).hexdigest() for d in (data, oracle.before[slug][1])}
        if done is None or done.get("to") != rel or done.get("sha256") not in shas:
            verdict.other.append(f"log: {slug} is at {rel} but the log does not record that move")


# -- running newscli ------------------------------------------------------------------------------------


def make_site(root: Path, scenario: Scenario) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "newscli.toml").write_text(CONFIG, encoding="utf-8")
    for rel, data in scenario.articles.items():
        path = root / "articles" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if scenario.git:
        articles = root / "articles"
        (articles / ".gitignore").write_text(LOCK + "\n", encoding="utf-8")
        env = _env(root, scenario)
        for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-q", "-m", "start")):
            _git(articles, env, *args)
    return root


def _git(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def git_problems(articles: Path, env: dict[str, str]) -> list[str]:
    """What is not committed after the recovery of an ``archive --commit``: nothing may be."""
    status = _git(articles, env, "status", "--porcelain", "-z", "--untracked-files=all")
    if status.returncode != 0:
        return [f"git: git status fails after the recovery: {status.stderr.strip()[-200:]}"]
    changed = sorted(entry for entry in status.stdout.split("\0") if entry)
    return [f"git: not committed after the recovery: {', '.join(changed[:6])}"] if changed else []


def _env(site: Path, scenario: Scenario) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCLI_")}
    env.update(NEWSCLI_NOW=NOW, NEWSCLI_CACHE_DIR=str(site / "cache"), LC_ALL="C.UTF-8", LANG="C.UTF-8")
    if scenario.git:
        env.update(GIT_ENV)
    env.update(scenario.env)
    return env


def run_in_process(site: Path, args: Sequence[str], env: dict[str, str]) -> tuple[int, str]:
    """One newscli run in this process (the recovery): its exit code and output."""
    from typer.testing import CliRunner

    from newscli.cli.app import app

    here = os.getcwd()
    os.chdir(site)
    try:
        result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=True)
    finally:
        os.chdir(here)
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        output += f"\n{type(result.exception).__name__}: {result.exception}"
        return 70, output
    return result.exit_code, output


@dataclass
class Prepared:
    """A scenario recorded: its operations (the unsynced save first) and its oracle."""

    scenario: Scenario
    recording: Recording
    initial: Fs
    ops: list[Op]
    oracle: Oracle
    env: dict[str, str]


def prepare(scenario: Scenario, work: Path, tear: bool = True) -> Prepared:
    site = make_site(work / "site", scenario)
    env = _env(site, scenario)
    for args, extra in scenario.setup:
        done = subprocess.run(
            [sys.executable, "-m", "newscli", *args],
            cwd=site,
            env={**env, **dict(extra)},
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 and "NEWSCLI_CRASH_AT" not in dict(extra):
            raise RuntimeError(f"{scenario.name}: setup {args} failed ({done.returncode}): {done.stderr}")
    for rel in scenario.remove:
        shutil.rmtree(site / "articles" / rel)
    command = [sys.executable, "-m", "newscli", *scenario.command]
    rec = record(command, site / "articles", site, env, work / "trace.txt", tear)
    if rec.returncode != 0:
        raise RuntimeError(f"{scenario.name}: the recorded run failed ({rec.returncode}): {rec.stderr}")
    initial = rec.initial.copy()
    pre: list[Op] = []
    for rel in scenario.fresh:  # its name and bytes not yet durable: operations before the run's
        ino = initial.lookup(rel)
        assert ino is not None
        parent_rel, _, name = rel.rpartition("/")
        parent = initial.lookup(parent_rel)
        assert parent is not None
        del initial.dirs[parent][name]
        data = bytes(initial.files.pop(ino))
        pre.append(Op("create", ino, parent, name, label=f"(editor) creat {rel}"))
        pre.append(Op("write", ino, offset=0, data=data, label=f"(editor) write {rel}"))
    ops = pre + rec.ops
    rec.pre_ops = len(pre)
    before, after = _by_slug(rec.initial.tree()), _by_slug(rec.final.tree())
    required_from = dict.fromkeys(before, 0)
    excused: dict[str, int] = {}
    for slug in after:
        required_from.setdefault(slug, len(ops))  # created by the run: once it has finished
    durable = durable_at(ops)
    for rel in scenario.fresh:
        ino = rec.initial.lookup(rel)
        fresh_slug = slug_of(bytes(rec.initial.files[ino or 0]))
        assert fresh_slug is not None
        # Required once the run has made one of its names durable; before, a crash loses the editor's
        # unsynced save, which no program run after it could prevent.
        firsts = [
            durable[i] + 1 for i in range(len(pre), len(ops)) if ops[i].ino == ino and ops[i].parent >= 0
        ]
        required_from[fresh_slug] = excused[rel] = min(firsts) if firsts else len(ops)
    oracle = Oracle(
        before,
        after,
        required_from,
        len(ops),
        frozenset(_hidden(rec.initial.tree())),
        _log_ids(rec.initial.tree()),
        scenario.finishes,
        excused,
        scenario.recovery_slugs,
    )
    return Prepared(scenario, rec, initial, ops, oracle, env)


def without(prepared: Prepared, index: int) -> Prepared:
    """The same run with the operation at ``index`` (an fsync) taken out: a mutant."""
    ops = prepared.ops[:index] + prepared.ops[index + 1 :]
    oracle = Oracle(
        prepared.oracle.before,
        prepared.oracle.after,
        {s: (p - 1 if p > index else p) for s, p in prepared.oracle.required_from.items()},
        len(ops),
        prepared.oracle.initial_hidden,
        prepared.oracle.initial_log_ids,
        prepared.oracle.finishes,
        {r: (p - 1 if p > index else p) for r, p in prepared.oracle.excused.items()},
        prepared.oracle.recovery_slugs,
    )
    return Prepared(prepared.scenario, prepared.recording, prepared.initial, ops, oracle, prepared.env)


# -- checking states --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    scenario: Scenario
    oracle: Oracle
    state: CrashState


@dataclass
class Outcome:
    point: int
    persisted: frozenset[int]
    verdict: Verdict
    recovery_code: int | None
    recovery_output: str


def check(job: Job) -> Outcome:
    """Write the state, run the recovery on it, judge the folder."""
    scenario = job.scenario
    with tempfile.TemporaryDirectory(prefix="newscli-powerloss-", dir=fast_tmp()) as tmp:
        site = Path(tmp)
        (site / "newscli.toml").write_text(CONFIG, encoding="utf-8")
        from powerloss.model import materialise, read_tree

        materialise(job.state.tree, job.state.links, site / "articles")
        before_the_restart(site / "articles")
        code: int | None = None
        output = ""
        failures = []
        if scenario.git and job.state.point == job.oracle.points:
            # It said "committed": the commit must be on the disk, before any recovery.
            failures += [
                f"once the run had returned, {p}"
                for p in git_problems(site / "articles", _env(site, scenario))
            ]
        for args in scenario.recovery:
            code, output = run_in_process(site, args, _env(site, scenario))
            if code not in (0, 1, *scenario.tolerated):
                failures.append(
                    f"the recovery run {' '.join(args)} failed with exit {code}: {output.strip()[-300:]}"
                )
            elif code == 1:
                failures.append(
                    f"the recovery run {' '.join(args)} reported problems: {output.strip()[-300:]}"
                )
        tree = read_tree(site / "articles").tree()
        verdict = judge(job.oracle, job.state.point, tree)
        if scenario.git:
            verdict.other += git_problems(site / "articles", _env(site, scenario))
        if failures and (
            _known_only(job, tree) or any(("failed with exit" in f or "git:" in f) for f in failures)
        ):
            verdict.other += failures
        shutil.rmtree(site / "articles", ignore_errors=True)
    return Outcome(job.state.point, job.state.persisted, verdict, code, output)


def before_the_restart(root: Path) -> None:
    """Every file of a crash state was written before the power cut, so before the machine started
    again: dated an hour before this one's start (git's stale locks are told apart that way)."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is None:
        return
    then = time.time() - time.clock_gettime(boottime) - 3600
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            os.utime(os.path.join(folder, name), (then, then), follow_symlinks=False)
    os.utime(root, (then, then))


def fast_tmp() -> str | None:
    """A memory file system for the states when there is one: the recovery's fsyncs then cost nothing
    (they are not under test there: no crash is simulated during the recovery)."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


def _known_only(job: Job, tree: dict[str, bytes | str | None]) -> bool:
    """True when every visible article is whole: then the recovery has no reason to report a problem."""
    for data in visible_articles(tree).values():
        slug = slug_of(data)
        pairs = (job.oracle.before.get(slug or ""), job.oracle.after.get(slug or ""))
        if not any(p is not None and p[1] == data for p in pairs):
            return False
    return True


def jobs(prepared: Prepared, points: Sequence[int] | None = None) -> Iterator[Job]:
    chosen = iter(points) if points is not None else None
    git = under(prepared.initial, prepared.ops, GIT_DIR) if prepared.scenario.git else frozenset()
    for state in crash_states(prepared.initial, prepared.ops, chosen, prepared.oracle.phase, git):
        yield Job(prepared.scenario, prepared.oracle, state)
