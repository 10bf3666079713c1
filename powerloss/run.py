"""Explore scenarios on a pool of processes and sum up; mutants (one fsync taken out at a time)."""

from __future__ import annotations

import itertools
import multiprocessing
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from powerloss.explore import Outcome, Prepared, check, jobs, prepare, without
from powerloss.scenarios import QUICK, SCENARIOS

SHOWN_FAILURES = 3
BATCH = 16  # states checked at once when stopping at the first failure


@dataclass
class Result:
    name: str
    ops: int
    states: int = 0
    lost: int = 0  # states in which an article was lost (missing or truncated)
    duplicated: int = 0  # states in which an article had two visible names
    other: int = 0  # states failing another check (temporary name, log, recovery)
    failures: list[Outcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.other)

    def add(self, outcome: Outcome) -> None:
        self.states += 1
        verdict = outcome.verdict
        self.lost += bool(verdict.lost)
        self.duplicated += bool(verdict.duplicated)
        self.other += bool(verdict.other)
        if not verdict.ok:
            self.failures.append(outcome)


@dataclass
class Summary:
    results: list[Result] = field(default_factory=list)
    mutants: list[tuple[str, str, bool]] = field(default_factory=list)  # scenario, call, caught

    @property
    def states(self) -> int:
        return sum(r.states for r in self.results)

    @property
    def lost(self) -> int:
        return sum(r.lost for r in self.results)

    @property
    def duplicated(self) -> int:
        return sum(r.duplicated for r in self.results)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


class Checker:
    """Checks states, on ``jobs`` processes (1: in this process)."""

    def __init__(self, jobs: int) -> None:
        self.pool = None if jobs <= 1 else multiprocessing.get_context("spawn").Pool(jobs)

    def map(self, items: Iterable[object]) -> Iterable[Outcome]:
        if self.pool is None:
            return map(check, items)  # type: ignore[arg-type]  # Job, typed loosely for imap
        return self.pool.imap_unordered(check, items, chunksize=4)  # type: ignore[arg-type]  # same

    def until_failure(self, items: Iterable[object]) -> Iterator[Outcome]:
        """Like ``map``, in batches, stopping after the batch in which a state failed."""
        batch: list[object] = []
        for item in itertools.chain(items, [None]):
            if item is not None and len(batch) < BATCH:
                batch.append(item)
                continue
            outcomes = list(self.map(batch))
            yield from outcomes
            if item is None or not all(o.verdict.ok for o in outcomes):
                return
            batch = [item]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()


def explore(
    prepared: Prepared, checker: Checker, name: str | None = None, first_failure: bool = False
) -> Result:
    """Check every state of a recording; ``first_failure``: stop soon after one fails (a mutant)."""
    result = Result(name or prepared.scenario.name, len(prepared.ops))
    states = jobs(prepared)
    for outcome in checker.until_failure(states) if first_failure else checker.map(states):
        result.add(outcome)
    result.failures.sort(key=lambda o: (o.point, sorted(o.persisted)))
    return result


def describe(prepared: Prepared, outcome: Outcome) -> str:
    ops = prepared.ops
    last = ops[outcome.point - 1].label if outcome.point else "(before the first call)"
    lines = [f"  crash after call {outcome.point}/{len(ops)}: {last}"]
    persisted = [ops[i].label for i in sorted(outcome.persisted)]
    lines.append("    not yet durable but persisted: " + ("; ".join(persisted) or "none"))
    verdict = outcome.verdict
    for kind, messages in (
        ("lost", verdict.lost),
        ("duplicated", verdict.duplicated),
        ("other", verdict.other),
    ):
        lines += [f"    {kind}: {m}" for m in messages]
    return "\n".join(lines)


def report(prepared: Prepared, result: Result, out: TextIO) -> None:
    print(
        f"{result.name}: {result.ops} calls, {result.states} states, lost {result.lost}, "
        f"duplicated {result.duplicated}, other {result.other}",
        file=out,
    )
    for outcome in result.failures[:SHOWN_FAILURES]:
        print(describe(prepared, outcome), file=out)
    out.flush()


def fsync_indices(prepared: Prepared) -> list[int]:
    start = prepared.recording.pre_ops
    return [i for i in range(start, len(prepared.ops)) if prepared.ops[i].kind in ("fsync", "sync")]


def explore_all(
    work: Path,
    quick: bool = False,
    jobs: int = 2,
    mutants: bool = False,
    out: TextIO = sys.stdout,
    names: Sequence[str] | None = None,
) -> Summary:
    chosen = [s for s in SCENARIOS if (names is None or s.name in names) and (not quick or s.name in QUICK)]
    summary = Summary()
    checker = Checker(jobs)
    try:
        for number, scenario in enumerate(chosen):
            prepared = prepare(scenario, work / f"s{number}")
            result = explore(prepared, checker)
            summary.results.append(result)
            report(prepared, result, out)
            if mutants:
                for index in fsync_indices(prepared):
                    label = prepared.ops[index].label
                    mutant = explore(
                        without(prepared, index), checker, f"  without {label}", first_failure=True
                    )
                    summary.mutants.append((scenario.name, label, not mutant.ok))
                    caught = "CAUGHT" if not mutant.ok else "not caught"
                    print(
                        f"  mutant: without call {index} ({label}): {caught} "
                        f"(lost {mutant.lost}, duplicated {mutant.duplicated}, other {mutant.other} "
                        f"of {mutant.states} states)",
                        file=out,
                    )
                    if mutant.failures:
                        print(describe(without(prepared, index), mutant.failures[0]), file=out)
                    out.flush()
    finally:
        checker.close()
    if summary.mutants:
        report_mutants(summary.mutants, out)
    return summary


def report_mutants(mutants: Sequence[tuple[str, str, bool]], out: TextIO) -> None:
    """The mutants in short: how many were caught, and each call not caught with its scenarios."""
    caught = sum(1 for _, _, c in mutants if c)
    missed: dict[str, list[str]] = {}
    for scenario, label, was_caught in mutants:
        if not was_caught:
            missed.setdefault(label, []).append(scenario)
    print(f"mutants: {caught} of {len(mutants)} caught; not caught:{'' if missed else ' none'}", file=out)
    for label, scenarios in sorted(missed.items()):
        print(f"  {label}: {len(scenarios)}x ({'; '.join(dict.fromkeys(scenarios))})", file=out)
