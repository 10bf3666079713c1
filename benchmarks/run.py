"""The newscli benchmark: one command, interleaved runs, medians, ratios to anchors, the issue's goals.

    .venv/bin/python benchmarks/run.py                       # sizes 10000,100000, 5 runs
    .venv/bin/python benchmarks/run.py --sizes 200 --runs 1  # quick look
    .venv/bin/python benchmarks/run.py --tiny                # CI smoke: 50 articles, 1 run, no timing goals

For each size it generates (or reuses) a synthetic corpus from a fixed seed (benchmarks/corpus.py),
then runs every command once per round, round after round (interleaved, so a slow minute of the
machine hits every command alike), each as a child process with stdout to a pipe that is drained,
``NEWSCLI_NOW`` fixed and the corpus folder as the current directory. The children are spawned by a
small launcher process (benchmarks/launcher.py): wall time is ``time.perf_counter`` around the
child's whole life, peak memory the child's ``ru_maxrss`` from ``os.wait4`` (Linux counts the
spawning process's own peak in it, hence a small spawner; its peak is printed as the floor).
Every run's exit code is checked, and the outputs are sanity-checked (list returns every article,
hugo lists every file, the real archive moves exactly the articles due), so an error path is never
timed by mistake: any failure makes the exit code 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import corpus
import sitecheck

NOW = corpus.NOW_TEXT
DEFAULT_SIZES = (10_000, 100_000)
DEFAULT_RUNS = 5
DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "newscli-bench"
HUGO_MISSING = "hugo: not installed (apt-get install hugo)"
# `hugo list all` already includes drafts, future and expired pages; it takes no --build* flags.
HUGO_ARGS = ("list", "all")
MIB = 1024 * 1024
HERE = Path(__file__).resolve().parent


# --- running one child ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    seconds: float
    exit_code: int
    peak_rss_kib: int
    floor_kib: int  # the launcher's own peak: a child's figure at or below it means "at most this"
    stdout: bytes  # kept only when the command's check needs it
    stdout_bytes: int
    stderr: str
    cpu_seconds: float = 0.0  # user + system, children included


class Launcher:
    """A small process (benchmarks/launcher.py) that spawns, drains, times and reaps each command.

    Children are not spawned from this harness: Linux carries the parent's peak RSS into a child's
    ``ru_maxrss`` across exec, and this process grows with what it checks.
    """

    def __init__(self, env: dict[str, str], scratch: Path) -> None:
        self.scratch = scratch
        self.proc = subprocess.Popen(
            [sys.executable, "-S", str(HERE / "launcher.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )

    def measure(self, argv: Sequence[str], cwd: Path, keep_stdout: bool) -> Sample:
        out, err = self.scratch / "stdout", self.scratch / "stderr"
        request = {
            "argv": list(argv),
            "cwd": str(cwd),
            "stdout_path": str(out) if keep_stdout else None,
            "stderr_path": str(err),
        }
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        reply = json.loads(line) if line else {"error": "the launcher process ended"}
        if "error" in reply:
            raise RuntimeError(f"cannot run {shlex.join(argv)}: {reply['error']}")
        return Sample(
            float(reply["seconds"]),
            int(reply["exit_code"]),
            int(reply["peak_rss_kib"]),
            int(reply["floor_kib"]),
            out.read_bytes() if keep_stdout else b"",
            int(reply["stdout_bytes"]),
            err.read_text(encoding="utf-8", errors="replace"),
            float(reply.get("cpu_seconds", 0.0)),
        )

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


# --- what is measured -------------------------------------------------------------------------------


@dataclass
class Context:
    size: int
    corpus_dir: Path
    scratch_dir: Path
    stamp: dict[str, object]
    launcher: Launcher
    listed: list[dict[str, object]] | None = None  # `list --all --format json`, for the site's check


Check = Callable[[Sample, Context, Path], str | None]  # returns a problem, or None when all is well


@dataclass
class Command:
    key: str
    label: str
    argv: tuple[str, ...]
    check: Check | None = None
    keep_stdout: bool = False
    fresh_copy: bool = False  # run in a fresh copy of the corpus (made before, untimed)
    unavailable: str | None = None  # why it is not run, e.g. "n/a (command missing)"
    samples: list[Sample] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> list[float]:
        return [s.seconds for s in self.samples]

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.samples else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(s.cpu_seconds for s in self.samples) if self.samples else None

    @property
    def peak_rss_mib(self) -> float | None:
        return max(s.peak_rss_kib for s in self.samples) / 1024 if self.samples else None

    @property
    def at_floor(self) -> bool:
        """Every peak at or under the launcher's own: the command's real peak is at most that."""
        return bool(self.samples) and all(s.peak_rss_kib <= s.floor_kib for s in self.samples)


def _count(stamp: dict[str, object], key: str) -> int:
    value = stamp.get(key)
    return value if isinstance(value, int) else -1


def check_list_json(sample: Sample, ctx: Context, _cwd: Path) -> str | None:
    try:
        document = json.loads(sample.stdout)
        articles, problems = document["articles"], document["problems"]
    except (ValueError, KeyError, TypeError) as exc:
        return f"output is not newscli's list JSON ({exc})"
    if len(articles) != ctx.size or problems:
        return f"listed {len(articles)} of {ctx.size} articles, {len(problems)} problems"
    return None


def check_stale_table(sample: Sample, _ctx: Context, _cwd: Path) -> str | None:
    lines = sample.stdout.decode("utf-8", "replace").splitlines()
    if not lines or not lines[0].startswith("Date"):
        return "no plain table on the pipe"
    if any("\x1b[" in line for line in lines):
        return "colour codes on a pipe"
    return None


def check_version(sample: Sample, _ctx: Context, _cwd: Path) -> str | None:
    return None if sample.stdout.startswith(b"newscli ") else "no version line"


def check_completion(sample: Sample, _ctx: Context, _cwd: Path) -> str | None:
    # Every answer completes the word (a tiny corpus may have no slug starting with b).
    lines = sample.stdout.decode("utf-8").splitlines()
    if not all(line.startswith("b") for line in lines):
        return f"completion answered {lines[:3]!r}"
    return None


def check_hugo(sample: Sample, ctx: Context, _cwd: Path) -> str | None:
    listed = max(0, len(sample.stdout.splitlines()) - 1)  # a CSV header, then one line per page
    return None if listed == ctx.size else f"hugo listed {listed} of {ctx.size} files"


def _published(ctx: Context) -> int:
    return ctx.size - _count(ctx.stamp, "drafts") - _count(ctx.stamp, "scheduled")


def _article_pages(site: Path) -> int:
    return sum(1 for p in (site / "public" / "nyheter").glob("*/index.html") if p.parent.name != "page")


def check_site(_sample: Sample, ctx: Context, cwd: Path) -> str | None:
    """Every page Hugo built shows the decision `newscli list` makes (benchmarks/sitecheck.py)."""
    if ctx.listed is None:
        newscli = Path(sys.executable).parent / "newscli"
        argv = [str(newscli), "list", "--all", "--format", "json"]
        result = subprocess.run(argv, cwd=cwd, env=child_env(), capture_output=True, check=False)
        ctx.listed = json.loads(result.stdout)["articles"] if result.returncode == 0 else []
    wrong = sitecheck.mismatches(ctx.listed, cwd / "site" / "public")
    pages = _article_pages(cwd / "site")
    if wrong or pages != _published(ctx):
        some = ", ".join(sorted(wrong)[:3])
        return f"{pages} pages for {_published(ctx)} published articles; {len(wrong)} mismatches ({some})"
    log(f"  site: {pages:,} pages, every one as `newscli list` decides: 0 mismatches")
    return None


def check_plain_site(_sample: Sample, ctx: Context, cwd: Path) -> str | None:
    pages = _article_pages(cwd / "site-plain")
    return None if pages == _published(ctx) else f"{pages} pages for {_published(ctx)} published articles"


def check_dry_run(_sample: Sample, ctx: Context, cwd: Path) -> str | None:
    moved = _archived_files(cwd)
    return f"--dry-run moved {moved} files" if moved else None


def check_real_archive(_sample: Sample, ctx: Context, cwd: Path) -> str | None:
    moved = _archived_files(cwd)
    due = _count(ctx.stamp, "due_for_archive")
    live = sum(1 for _ in (cwd / "articles").rglob("*.md")) - moved
    if moved != due or moved + live != ctx.size:
        return f"archive moved {moved} files, {due} were due; {moved + live} of {ctx.size} files left"
    return None


def _archived_files(corpus_dir: Path) -> int:
    return sum(1 for _ in (corpus_dir / "articles" / "archive").rglob("*.md"))


def commands(newscli: Path, python: Path, hugo: str | None) -> list[Command]:
    exe = str(newscli)
    find_cat = "find articles -name '*.md' -print0 | xargs -0 cat > /dev/null"
    return [
        Command(
            "list_json",
            "newscli list --format json",
            (exe, "list", "--format", "json"),
            check_list_json,
            keep_stdout=True,
        ),
        Command(
            "list_stale",
            "newscli list --stale (pipe)",
            (exe, "list", "--stale"),
            check_stale_table,
            keep_stdout=True,
        ),
        # The same two without the metadata cache: the first run on a machine, or after a change to
        # every file. The cached rows above are what repeated runs see.
        Command(
            "list_json_cold",
            "newscli list --format json (no cache)",
            ("env", "NEWSCLI_CACHE=0", exe, "list", "--format", "json"),
            check_list_json,
            keep_stdout=True,
        ),
        # The fallback where toml-rs has no wheel: the standard library's tomllib reads every file.
        Command(
            "list_json_cold_python",
            "newscli list --format json (no cache, tomllib)",
            ("env", "NEWSCLI_CACHE=0", "NEWSCLI_TOML_READER=python", exe, "list", "--format", "json"),
            check_list_json,
            keep_stdout=True,
        ),
        Command("validate", "newscli validate", (exe, "validate")),
        Command("validate_cold", "newscli validate (no cache)", ("env", "NEWSCLI_CACHE=0", exe, "validate")),
        Command(
            "archive_dry_run",
            "newscli archive --dry-run",
            (exe, "archive", "--dry-run", "--yes"),
            check_dry_run,
        ),
        Command(
            "archive",
            "newscli archive (real, on a copy)",
            (exe, "archive", "--yes", "--quiet"),
            check_real_archive,
            fresh_copy=True,
        ),
        Command("version", "newscli --version", (exe, "--version"), check_version, keep_stdout=True),
        # What the shell runs when a user presses Tab after `newscli show b` (bash's protocol).
        Command(
            "complete_slug",
            "completion of a slug (show b<Tab>)",
            ("env", "_NEWSCLI_COMPLETE=complete_bash", "COMP_WORDS=newscli show b", "COMP_CWORD=2", exe),
            check_completion,
            keep_stdout=True,
        ),
        Command(
            "hugo",
            "hugo list all",
            (hugo or "hugo", *HUGO_ARGS),
            check_hugo,
            keep_stdout=True,
            unavailable=None if hugo else HUGO_MISSING,
        ),
        # The reader's site (site/): the data file, then Hugo with the shipped layouts, against Hugo
        # with plain layouts on the same articles and config (site-plain/, benchmarks/sitecheck.py).
        Command(
            "site_export",
            "newscli export",
            (exe, "export", "--quiet", "--output", "site/data/newscli.json"),
        ),
        Command(
            "site_build",
            "hugo build, site/ layouts",
            (hugo or "hugo", "--source", "site", "--clock", NOW, "--quiet"),
            check_site,
            unavailable=None if hugo else HUGO_MISSING,
        ),
        Command(
            "site_plain",
            "hugo build, plain layouts",
            (hugo or "hugo", "--source", "site-plain", "--clock", NOW, "--quiet"),
            check_plain_site,
            unavailable=None if hugo else HUGO_MISSING,
        ),
        Command("cat", "cat every file (I/O floor)", ("sh", "-c", find_cat)),
        Command("import_typer", 'python -c "import typer"', (str(python), "-c", "import typer")),
    ]


COMMAND_KEYS = tuple(c.key for c in commands(Path("newscli"), Path("python"), "hugo"))


def probe(cmds: Sequence[Command], newscli: Path, env: dict[str, str]) -> None:
    """Mark newscli commands (and options) this build does not have, from its own --help."""
    helps: dict[str, str | None] = {}
    for cmd in cmds:
        if cmd.unavailable or Path(cmd.argv[0]) != newscli or cmd.argv[1].startswith("-"):
            continue
        sub = cmd.argv[1]
        if sub not in helps:
            result = subprocess.run(
                [str(newscli), sub, "--help"], env=env, capture_output=True, text=True, check=False
            )
            helps[sub] = result.stdout if result.returncode == 0 else None
        text = helps[sub]
        if text is None:
            cmd.unavailable = "n/a (command missing)"
            continue
        missing = [arg for arg in cmd.argv[2:] if arg.startswith("--") and arg not in text]
        if missing:
            cmd.unavailable = f"n/a (no {' '.join(missing)})"


# --- one size -----------------------------------------------------------------------------------------


def prepare_corpus(workdir: Path, size: int, seed: int) -> tuple[Path, dict[str, object]]:
    dest = workdir / f"corpus-{size}-seed{seed}"
    if corpus.is_generated(dest, size, seed):
        stamp = corpus.read_stamp(dest)
        assert stamp is not None
        log(f"size {size:,}: reusing {dest}")
        return dest, stamp
    if dest.exists():
        shutil.rmtree(dest)
    log(f"size {size:,}: generating {dest} ...")
    start = time.perf_counter()
    stamp = corpus.generate(dest, size, seed)
    log(f"size {size:,}: generated in {time.perf_counter() - start:.1f} s")
    return dest, stamp


def fresh_copy(ctx: Context) -> Path:
    if ctx.scratch_dir.exists():
        shutil.rmtree(ctx.scratch_dir)
    skip = shutil.ignore_patterns("public", "resources", ".hugo_build.lock")
    shutil.copytree(ctx.corpus_dir, ctx.scratch_dir, ignore=skip, symlinks=True)
    return ctx.scratch_dir


def run_once(cmd: Command, ctx: Context, record: bool, round_label: str) -> None:
    cwd = fresh_copy(ctx) if cmd.fresh_copy else ctx.corpus_dir
    sample = ctx.launcher.measure(cmd.argv, cwd, cmd.keep_stdout)
    problem = None
    if sample.exit_code != 0:
        detail = sample.stderr.strip().splitlines()[-1:] or ["no message"]
        problem = f"exit {sample.exit_code}: {detail[0][:200]}"
    elif cmd.check is not None:
        problem = cmd.check(sample, ctx, cwd)
    if problem:
        cmd.problems.append(f"{round_label}: {problem}")
        log(f"  !! {cmd.label}, {round_label}: {problem}")
    if record:
        kept = replace(sample, stdout=b"", stdout_bytes=0, stderr="")
        cmd.samples.append(kept)


@dataclass(frozen=True)
class Settings:
    seed: int
    runs: int
    warmup: int
    workdir: Path
    newscli: Path
    python: Path
    hugo: str | None
    env: dict[str, str]
    only: frozenset[str] | None = None  # command keys to run; None for all


def bench_size(size: int, settings: Settings, launcher: Launcher) -> tuple[list[Command], Context]:
    runs, warmup, workdir = settings.runs, settings.warmup, settings.workdir
    corpus_dir, stamp = prepare_corpus(workdir, size, settings.seed)
    ctx = Context(size, corpus_dir, workdir / f"scratch-{size}", stamp, launcher)
    cmds = commands(settings.newscli, settings.python, settings.hugo)
    for cmd in cmds:
        if settings.only is not None and cmd.key not in settings.only and cmd.unavailable is None:
            cmd.unavailable = "skipped (--only)"
    probe(cmds, settings.newscli, settings.env)
    active = [c for c in cmds if c.unavailable is None]
    if any(c.key in ("site_build", "site_plain") for c in active):
        # The two sites beside the corpus's articles, and a data file even when export is not timed.
        sitecheck.install_sites(corpus_dir, HERE.parent)
        argv = [str(settings.newscli), "export", "--quiet", "--output", "site/data/newscli.json"]
        subprocess.run(argv, cwd=corpus_dir, env=settings.env, check=True)
    total = warmup + runs
    for number in range(total):
        record = number >= warmup
        label = f"run {number - warmup + 1}" if record else f"warm-up {number + 1}"
        of = runs if record else warmup
        log(f"size {size:,}: {label} of {of} ({', '.join(c.key for c in active)})")
        for cmd in active:
            run_once(cmd, ctx, record, label)
    if ctx.scratch_dir.exists():
        shutil.rmtree(ctx.scratch_dir)
    return cmds, ctx


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NEWSCLI_NOW"] = NOW
    # PYTHONDONTWRITEBYTECODE too: an installed newscli has its bytecode; without it every run
    # would compile the modules it imports from source (a third of a completion's time).
    dropped = ("NEWSCLI_ARTICLES_DIR", "NEWSCLI_DEBUG", "NO_COLOR", "FORCE_COLOR", "PYTHONDONTWRITEBYTECODE")
    for name in dropped:
        env.pop(name, None)
    return env


COMPILE = "import compileall, newscli; compileall.compile_dir(newscli.__path__[0], quiet=1)"


def compile_package(python: Path, env: dict[str, str]) -> None:
    """Write newscli's bytecode before anything is timed, as ``pip install`` does."""
    subprocess.run(
        [str(python), "-c", COMPILE],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


# --- goals ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalResult:
    goal: str
    measured: float | None
    limit: float
    unit: str
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.measured is None:
            return "not measured"
        return "met" if self.measured <= self.limit else "NOT MET"


# (numerator, denominator, limit, description); set at 10,000 articles.
RATIO_GOALS = (
    ("list_json", "hugo", 0.5, "list --format json / hugo list all"),
    ("list_stale", "hugo", 1.0, "list --stale (pipe) / hugo list all"),
    ("validate", "hugo", 0.6, "validate / hugo list all"),
    ("archive", "hugo", 3.0, "archive (real, fsync) / hugo list all"),
    ("version", "import_typer", 1.2, 'newscli --version / python -c "import typer"'),
    ("site_build", "site_plain", 1.2, "site build / hugo build with plain layouts"),
)
# The first run (no cache): set at 10,000 and at 100,000 articles.
COLD_GOALS = (
    ("list_json_cold", "hugo", 0.5, "list --format json (no cache) / hugo list all"),
    ("validate_cold", "hugo", 0.35, "validate (no cache) / hugo list all"),
)
GOAL_SIZE = 10_000
BIG_SIZE = 100_000
MEMORY_LIMIT_MIB = 200.0
COMPLETION_LIMIT_S = 0.2  # a completion a person waits for at every Tab


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _reason_missing(cmds: dict[str, Command], *keys: str) -> str:
    for key in keys:
        cmd = cmds[key]
        if cmd.unavailable:
            return f"{cmd.label}: {cmd.unavailable}"
        if cmd.problems:
            return f"{cmd.label} failed"
    return ""


def evaluate_goals(results: dict[int, dict[str, Command]]) -> list[GoalResult]:
    goals: list[GoalResult] = []
    if not results:
        return goals
    size = GOAL_SIZE if GOAL_SIZE in results else min(results)
    note = "" if size == GOAL_SIZE else f"at {size:,} articles; the goal is set at {GOAL_SIZE:,}"
    cmds = results[size]
    for num, den, limit, text in RATIO_GOALS:
        ok = not cmds[num].problems and not cmds[den].problems
        value = _ratio(cmds[num].median, cmds[den].median) if ok else None
        why = note if value is not None else _reason_missing(cmds, num, den)
        goals.append(GoalResult(f"{text}, {size_label(size)}", value, limit, "x", why))
    if "complete_slug" in cmds:
        cmd = cmds["complete_slug"]
        seconds = cmd.median if not cmd.problems else None
        goals.append(
            GoalResult(f"slug completion, {size_label(size)}", seconds, COMPLETION_LIMIT_S, "s", note)
        )
    for cold_size in [s for s in (GOAL_SIZE, BIG_SIZE) if s in results] or [size]:
        cold = results[cold_size]
        for num, den, limit, text in COLD_GOALS:
            ok = not cold[num].problems and not cold[den].problems
            value = _ratio(cold[num].median, cold[den].median) if ok else None
            why = note if value is not None and cold_size not in (GOAL_SIZE, BIG_SIZE) else ""
            if value is None:
                why = _reason_missing(cold, num, den)
            goals.append(GoalResult(f"{text}, {size_label(cold_size)}", value, limit, "x", why))
    if GOAL_SIZE in results and BIG_SIZE in results:
        small, big = results[GOAL_SIZE]["list_json"], results[BIG_SIZE]["list_json"]
        value = _ratio(big.median, small.median) if not small.problems and not big.problems else None
        goals.append(GoalResult("list --format json 100k / its 10k", value, 11.0, "x"))
    else:
        goals.append(
            GoalResult("list --format json 100k / its 10k", None, 11.0, "x", "needs sizes 10000,100000")
        )
    if BIG_SIZE in results:
        # Every newscli command, the first runs (and their second process) included.
        at_big = results[BIG_SIZE].values()
        measured = [c for c in at_big if c.label.startswith("newscli") and c.samples and not c.problems]
        worst = max(measured, key=lambda c: c.peak_rss_mib or 0.0, default=None)
        memory = worst.peak_rss_mib if worst is not None else None
        worst_label = worst.label if worst is not None else "no newscli command measured"
        goal = "every newscli command 100k, peak RSS"
        goals.append(GoalResult(goal, memory, MEMORY_LIMIT_MIB, "MiB", worst_label))
    else:
        goals.append(
            GoalResult(
                "every newscli command 100k, peak RSS", None, MEMORY_LIMIT_MIB, "MiB", "needs size 100000"
            )
        )
    return goals


# --- report ----------------------------------------------------------------------------------------------


_READER_NAME = "from newscli.core.reading import frontmatter; print(frontmatter.reader_name())"


def machine_info(newscli: Path, python: Path, hugo: str | None, workdir: Path) -> dict[str, object]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / MIB:.1f} GiB"
                break
    except (OSError, ValueError):
        pass
    return {
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "newscli": _first_line([str(newscli), "--version"]),
        "newscli_commit": _git_commit(),
        "hugo": _first_line([hugo, "version"]) if hugo else HUGO_MISSING,
        "toml_reader": _first_line([str(python), "-c", _READER_NAME]),
        "workdir": f"{workdir} ({_filesystem(workdir)})",
        "load_average": _load_average(),
    }


def _load_average() -> str:
    """Other work on the machine skews the figures; the report says how busy it was."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1, 5, 15 min)"
    except OSError:
        return "unknown"


def _first_line(argv: list[str]) -> str:
    try:
        result = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    lines = (result.stdout or result.stderr).strip().splitlines()
    return lines[0] if lines else f"exit {result.returncode}"


def _git_commit() -> str:
    repo = Path(__file__).resolve().parent.parent
    commit = _first_line(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"])
    status = subprocess.run(
        ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    )
    return commit + ("-dirty" if status.stdout.strip() else "")


def _filesystem(path: Path) -> str:
    """The type of the file system holding ``path`` (fsync costs differ widely: tmpfs, ext4, overlay)."""
    best, kind = "", "unknown"
    try:
        target = str(path.resolve())
        for line in Path("/proc/mounts").read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) < 3 or len(parts[1]) < len(best):
                continue
            if target == parts[1] or target.startswith(parts[1].rstrip("/") + "/"):
                best, kind = parts[1], parts[2]
    except OSError:
        pass
    return kind


def size_label(size: int) -> str:
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else f"{size:,}"


def format_table(cmds: Sequence[Command], size: int, stamp: dict[str, object], runs: int, warmup: int) -> str:
    hugo = next(c for c in cmds if c.key == "hugo")
    header = ("command", "median s", "min s", "max s", "peak RSS MiB", "x hugo", "CPU s", "CPU x hugo")
    rows: list[tuple[str, ...]] = []
    skipped: list[tuple[str, str]] = []  # printed in place, without number columns
    notes: list[str] = []
    for cmd in cmds:
        if cmd.unavailable:
            skipped.append((cmd.label, cmd.unavailable))
            rows.append((cmd.label,))
            continue
        seconds, ratio = cmd.seconds, _ratio(cmd.median, hugo.median)
        cpu_ratio = _ratio(cmd.cpu_median, hugo.cpu_median)
        rss = cmd.peak_rss_mib
        rows.append(
            (
                cmd.label + (" !! FAILED" if cmd.problems else ""),
                f"{statistics.median(seconds):.3f}",
                f"{min(seconds):.3f}",
                f"{max(seconds):.3f}",
                "-" if rss is None else f"<={rss:.1f}" if cmd.at_floor else f"{rss:.1f}",
                f"{ratio:.2f}" if ratio is not None else "-",
                f"{cmd.cpu_median:.3f}" if cmd.cpu_median is not None else "-",
                f"{cpu_ratio:.2f}" if cpu_ratio is not None else "-",
            )
        )
        notes += [f"  !! {cmd.label}: {p}" for p in cmd.problems[:3]]
    full = [header, *(r for r in rows if len(r) == len(header))]
    widths = [max(len(r[i]) for r in full) for i in range(len(header))]
    widths[0] = max(widths[0], *(len(r[0]) for r in rows))
    why = dict(skipped)
    lines = [
        f"== {size:,} articles ({_count(stamp, 'bytes') / MIB:.1f} MiB): {_count(stamp, 'drafts')} drafts, "
        f"{_count(stamp, 'scheduled')} scheduled, {_count(stamp, 'evergreen')} evergreen, "
        f"{_count(stamp, 'superseded')} superseded, {_count(stamp, 'due_for_archive')} due for archive; "
        f"{runs} run(s) interleaved after {warmup} warm-up round(s)",
    ]
    for row in [header, *rows]:
        if len(row) == 1:
            lines.append(f"{row[0].ljust(widths[0])}  {why[row[0]]}")
            continue
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells))
    return "\n".join(lines + notes)


def format_goals(goals: Sequence[GoalResult]) -> str:
    header = ("goal", "measured", "limit", "verdict")
    rows = [
        (
            g.goal,
            f"{g.measured:.2f}{'' if g.unit == 'x' else ' ' + g.unit}" if g.measured is not None else "-",
            f"<= {g.limit:g}{'' if g.unit == 'x' else ' ' + g.unit}",
            g.verdict + (f" ({g.note})" if g.note else ""),
        )
        for g in goals
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    lines = ["== goals (issue: performance; medians, same run)"]
    for row in [header, *rows]:
        lines.append(f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}")
    return "\n".join(lines)


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- main --------------------------------------------------------------------------------------------------


def parse_keys(text: str) -> frozenset[str]:
    keys = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(keys - set(COMMAND_KEYS))
    if unknown or not keys:
        raise argparse.ArgumentTypeError(
            f"unknown {', '.join(unknown) or 'nothing'}; use {', '.join(COMMAND_KEYS)}"
        )
    return keys


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give numbers separated by commas") from None
    if not sizes or any(s < 1 for s in sizes):
        raise argparse.ArgumentTypeError("give at least one positive number")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark newscli against hugo list all, cat and import typer on a synthetic corpus.",
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="corpus sizes, comma-separated (default 10000,100000)",
    )
    parser.add_argument(
        "--runs", type=int, default=DEFAULT_RUNS, help="timed runs of each command (default 5)"
    )
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default 1)")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED, help="corpus seed")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help=f"where corpora are generated and kept (default {DEFAULT_WORKDIR})",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    parser.add_argument(
        "--only",
        type=parse_keys,
        metavar="KEYS",
        help=f"run only these commands, comma-separated: {', '.join(COMMAND_KEYS)}",
    )
    parser.add_argument("--tiny", action="store_true", help="CI smoke test: 50 articles, 1 run, no warm-up")
    args = parser.parse_args(argv)
    if args.tiny:
        args.sizes, args.runs, args.warmup = [50], 1, 0
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")

    bindir = Path(sys.executable).parent
    newscli = bindir / "newscli"
    if not newscli.exists():
        parser.error(f"no newscli next to {sys.executable}; run this with the project's .venv/bin/python")
    hugo = shutil.which("hugo")
    args.workdir.mkdir(parents=True, exist_ok=True)
    env = child_env()
    python = Path(sys.executable)
    compile_package(python, env)
    settings = Settings(
        args.seed, args.runs, args.warmup, args.workdir, newscli, python, hugo, env, args.only
    )
    io_dir = Path(tempfile.mkdtemp(prefix="io-", dir=args.workdir))
    launcher = Launcher(env, io_dir)  # first, while this process is small
    machine = machine_info(newscli, python, hugo, args.workdir)
    command_line = "python benchmarks/run.py " + shlex.join(sys.argv[1:] if argv is None else list(argv))

    results: dict[int, dict[str, Command]] = {}
    tables: list[str] = []
    report: dict[str, object] = {
        "machine": machine,
        "command": command_line,
        "seed": args.seed,
        "runs": args.runs,
        "warmup": args.warmup,
        "now": NOW,
    }
    per_size: list[dict[str, object]] = []
    try:
        for size in args.sizes:
            cmds, ctx = bench_size(size, settings, launcher)
            results[size] = {c.key: c for c in cmds}
            tables.append(format_table(cmds, size, ctx.stamp, args.runs, args.warmup))
            commands_json = [_command_json(c, cmds) for c in cmds]
            per_size.append({"size": size, "corpus": ctx.stamp, "commands": commands_json})
    finally:
        launcher.close()
        shutil.rmtree(io_dir, ignore_errors=True)
    report["sizes"] = per_size
    report["load_average_end"] = _load_average()
    goals = evaluate_goals(results)
    report["goals"] = [
        {
            "goal": g.goal,
            "measured": g.measured,
            "limit": g.limit,
            "unit": g.unit,
            "verdict": g.verdict,
            "note": g.note,
        }
        for g in goals
    ]

    print("newscli benchmark")
    for key, value in machine.items():
        print(f"  {key + ':':<16}{value}")
    print(f"  {'command:':<16}{command_line}")
    print(f"  {'now:':<16}{NOW} (NEWSCLI_NOW), seed {args.seed}")
    if hugo is None:
        print(f"  {HUGO_MISSING}: its column and the goals against it are skipped")
    floor = max((s.floor_kib for r in results.values() for c in r.values() for s in c.samples), default=0)
    print(
        f"  {'rss floor:':<16}{floor / 1024:.1f} MiB (the launcher's own peak RSS; '<=' marks readings at it)"
    )
    for table in tables:
        print()
        print(table)
    print()
    print(format_goals(goals))
    print(f"\nload average at the end: {report['load_average_end']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    failed = [c.label for per_size in results.values() for c in per_size.values() if c.problems]
    if failed:
        print(f"\n!! FAILED: {', '.join(sorted(set(failed)))} (see the messages above)")
        return 1
    return 0


def _command_json(cmd: Command, cmds: Sequence[Command]) -> dict[str, object]:
    hugo = next(c for c in cmds if c.key == "hugo")
    return {
        "key": cmd.key,
        "label": cmd.label,
        "argv": [Path(cmd.argv[0]).name, *cmd.argv[1:]],
        "unavailable": cmd.unavailable,
        "seconds": cmd.seconds,
        "median": cmd.median,
        "min": min(cmd.seconds) if cmd.samples else None,
        "max": max(cmd.seconds) if cmd.samples else None,
        "peak_rss_mib": cmd.peak_rss_mib,
        "peak_rss_at_launcher_floor": cmd.at_floor,
        "ratio_to_hugo": _ratio(cmd.median, hugo.median),
        "cpu_seconds": [s.cpu_seconds for s in cmd.samples],
        "cpu_median": cmd.cpu_median,
        "cpu_ratio_to_hugo": _ratio(cmd.cpu_median, hugo.cpu_median),
        "exit_codes": [s.exit_code for s in cmd.samples],
        "problems": cmd.problems,
    }


if __name__ == "__main__":
    raise SystemExit(main())
