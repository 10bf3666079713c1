"""``python -m powerloss``: explore every scenario (``make power-loss``); ``--quick`` the CI subset.

Ends with one line ``N states, lost L, duplicated D``; exits 1 when any state lost or duplicated
an article or failed another check (those are printed, with the crash point and what persisted).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from powerloss.run import explore_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m powerloss", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="only the CI subset")
    parser.add_argument("--mutants", action="store_true", help="also remove each fsync in turn")
    parser.add_argument(
        "--scenario", action="append", metavar="NAME", help="only this scenario (again for more)"
    )
    parser.add_argument("--jobs", type=int, default=2, help="processes checking states (default 2)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="newscli-powerloss-") as tmp:
        summary = explore_all(
            Path(tmp),
            quick=args.quick,
            jobs=args.jobs,
            mutants=args.mutants,
            out=sys.stdout,
            names=args.scenario,
        )
    print(f"({time.monotonic() - started:.0f} s)", file=sys.stderr)
    print(f"{summary.states} states, lost {summary.lost}, duplicated {summary.duplicated}")
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())
