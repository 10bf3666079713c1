"""The benchmark's corpus generator (benchmarks/corpus.py) run in the test's process, for tests whose
point is the corpus, not the generator's process: no interpreter's start (~65 ms of CPU each)."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@functools.cache
def _corpus_module() -> ModuleType:
    """benchmarks/corpus.py loaded once (the benchmark imports it as a sibling of run.py)."""
    spec = importlib.util.spec_from_file_location("benchmark_corpus", BENCHMARKS / "corpus.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def generate_here(dest: Path, size: int, seed: int | None = None) -> None:
    """``python benchmarks/corpus.py DEST --size SIZE [--seed SEED]``, its command line, in this process."""
    argv = [str(dest), "--size", str(size), *(["--seed", str(seed)] if seed is not None else [])]
    with contextlib.redirect_stdout(io.StringIO()):  # the stamp it prints
        assert _corpus_module().main(argv) == 0
