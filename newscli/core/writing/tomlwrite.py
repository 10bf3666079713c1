"""Front matter written in the shipped sample's style, which people read and edit by hand.

Dates in RFC 3339 with ``T`` (``2026-12-01T06:02:35+01:00``), arrays of plain values on one line
(``tags = ["a", "b"]``), a table as its own ``[image]`` section and an array of tables as
``[[links]]`` sections, after the plain keys as TOML requires. Shapes the sample does not have
(nested arrays of tables, tables in tables) are written by tomli-w, which knows all of TOML.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from newscli.core.writing.keyedit import key_text, value_text


def _is_table(value: Any) -> bool:
    return isinstance(value, Mapping)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(_is_table(item) for item in value)


def _plain(value: Any) -> bool:
    """A value written on one line by :func:`~newscli.core.writing.keyedit.value_text`."""
    if isinstance(value, list):
        return all(_plain(item) and not isinstance(item, list) for item in value)
    return isinstance(value, str | bool | int | float | date | time)


def dumps(values: Mapping[str, Any]) -> str:
    """``values`` as front matter text (without the ``+++`` lines), in the given key order."""
    import tomli_w

    lines = [f"{key_text(k)} = {value_text(v)}" for k, v in values.items() if _plain(v)]
    rest = {k: v for k, v in values.items() if not _plain(v)}
    for name, value in rest.items():
        simple_table = _is_table(value) and all(_plain(v) for v in value.values())
        simple_array = _is_table_array(value) and all(_plain(v) for t in value for v in t.values())
        if not (simple_table or simple_array):
            continue
        for table in [value] if simple_table else value:
            lines += ["", f"[{key_text(name)}]" if simple_table else f"[[{key_text(name)}]]"]
            lines += [f"{key_text(k)} = {value_text(v)}" for k, v in table.items()]
    other = {
        k: v
        for k, v in rest.items()
        if not (_is_table(v) and all(_plain(x) for x in v.values()))
        and not (_is_table_array(v) and all(_plain(x) for t in v for x in t.values()))
    }
    text = "\n".join(lines) + "\n" if lines else ""
    if other:
        text += "\n" + tomli_w.dumps(other)
    return text
