"""newscli's own source, parsed once per test process.

Several tests read the code rather than run it (where the collector is touched, where the core reads
the environment or the clock, which names are re-exported, which rule ids exist). Each parsed every
module of newscli anew: some 0.1 s of CPU per test and per worker; they share one parse now.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

NEWSCLI = Path(__file__).resolve().parent.parent / "newscli"


@cache
def newscli_modules() -> tuple[tuple[Path, ast.Module], ...]:
    """Every module of the newscli package with its syntax tree, in path order. The trees are shared:
    read them, never change them."""
    return tuple(
        (path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        for path in sorted(NEWSCLI.rglob("*.py"))
    )


def modules_under(folder: Path) -> list[tuple[Path, ast.Module]]:
    """The modules in ``folder`` (part of the package) and below, with their trees."""
    return [(path, tree) for path, tree in newscli_modules() if path.is_relative_to(folder)]
