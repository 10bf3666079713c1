"""One name per concept: every name newscli imports from one of its own modules is imported from
the module that defines it, never through another that only imports it (a re-export). A package's
``__init__`` that lists names in ``__all__`` is the package's front (``core.usecases.archive``): what
it lists is its own."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from source_support import newscli_modules

ROOT = Path(__file__).resolve().parent.parent


@cache
def _module(dotted: str) -> tuple[set[str], bool] | None:
    """The top-level names ``dotted`` defines (functions, classes, assignments), and whether it is a
    package; None when it is not one of newscli's modules."""
    path = ROOT.joinpath(*dotted.split("."))
    package = (path / "__init__.py").is_file()
    source = path / "__init__.py" if package else path.with_suffix(".py")
    if not source.is_file():
        return None
    defined: set[str] = set()
    for node in dict(newscli_modules())[source].body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):
            defined.update(t.id for t in node.targets if isinstance(t, ast.Name))
            if package and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
                defined.update(ast.literal_eval(node.value))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            defined.add(node.target.id)
    return defined, package


@cache
def _imports() -> list[tuple[Path, ast.ImportFrom]]:
    """Every ``from ... import ...`` in newscli, for both tests."""
    return [
        (path, node)
        for path, tree in newscli_modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    ]


def _through_another() -> list[str]:
    found = []
    for path, node in _imports():
        module = _module(node.module) if node.module and node.module.startswith("newscli") else None
        if module is None:
            continue
        defined, package = module
        for alias in node.names:
            submodule = package and _module(f"{node.module}.{alias.name}") is not None
            if alias.name not in defined and not submodule:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {alias.name} from {node.module}")
    return found


def test_every_name_is_imported_from_where_it_lives() -> None:
    assert _through_another() == []


def test_no_module_re_exports_a_name_it_imports() -> None:
    """``from x import name as name`` is the idiom of a re-export: none is left."""
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}: {alias.name}"
        for path, node in _imports()
        for alias in node.names
        if alias.asname == alias.name
    ]
    assert found == []
