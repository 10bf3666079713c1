"""Measure the two ways to change front-matter keys in place: newscli's own editor and tomlkit.

    .venv/bin/pip install tomlkit          # not a dependency of newscli: only this measurement needs it
    .venv/bin/python benchmarks/frontmatter_editor.py

For every file of a set (the shipped sample articles and variants made of them: CRLF, a BOM,
comments, odd spacing, multi-line arrays, inline tables, quoted keys, a ``[table]``) and for each
change a command makes (touch: set lastmod and modified_by; publish: remove draft, set date), it
checks what each editor wrote:

- ``parses``: the result parses, and the owned keys hold the new values, every other key its old one;
- ``bytes kept``: every line of the original that holds no owned key is still there, unchanged and
  in order, and no other line was added (the key lines themselves may change);
- ``line ends``: no line of the result ends differently from the file's own line ending.

Then it times each editor over the same edits (text in, text out; no file system), best of 3,
in CPU time (process time), so that a busy machine slows the figures less.
"""

from __future__ import annotations

import difflib
import re
import sys
import time
import tomllib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscli.core.reading import frontmatter  # noqa: E402  (after the path is set)
from newscli.core.writing import keyedit  # noqa: E402  (after the path is set)

NOW = datetime(2026, 11, 29, 12, 0, 0, tzinfo=timezone(timedelta(hours=1)))
CHANGES: dict[str, dict[str, Any]] = {
    "touch": {"lastmod": NOW, "modified_by": "Anna Svensson"},
    "publish": {"draft": keyedit.REMOVE, "date": NOW},
}

Editor = Callable[[str, dict[str, Any]], str]


def edit_own(text: str, changes: dict[str, Any]) -> str:
    return keyedit.apply(text, changes)


def edit_tomlkit(text: str, changes: dict[str, Any]) -> str:
    import importlib

    tomlkit = importlib.import_module("tomlkit")  # optional: only this measurement uses it
    doc = frontmatter.split(text)
    toml_doc = tomlkit.parse(doc.toml)
    for key, value in changes.items():
        if value is keyedit.REMOVE:
            if key in toml_doc:
                del toml_doc[key]
        else:
            toml_doc[key] = value
    fence = (1 if doc.bom else 0) + 3
    start = fence + (2 if text.startswith("\r\n", fence) else 1)
    dumped: str = tomlkit.dumps(toml_doc)
    return text[:start] + dumped + text[start + len(doc.toml) :]


def variants(text: str) -> list[str]:
    """The file, and the same file in shapes people and other tools write."""
    doc = frontmatter.split(text)
    lines = doc.toml.splitlines()
    out = [text]
    commented = "\n".join(f"# kommentar\n{line}  # efter" if "=" in line else line for line in lines) + "\n"
    out.append(f"+++\n{commented}+++\n{doc.body}")
    spaced = "\n".join(re.sub(r"^(\w+) = ", r"  \1   =\t", line) for line in lines) + "\n"
    out.append(f"+++\n{spaced}+++\n{doc.body}")
    quoted = "\n".join(re.sub(r"^(\w+) = ", r'"\1" = ', line) for line in lines) + "\n"
    out.append(f"+++\n{quoted}+++\n{doc.body}")
    arrays = re.sub(
        r"^tags = \[(.*)\]$",
        lambda m: "tags = [\n  " + m.group(1).replace(", ", ",\n  ") + ",\n]",
        doc.toml,
        flags=re.M,
    )
    out.append(f"+++\n{arrays}+++\n{doc.body}")
    table = doc.toml + '[image]\nsrc = "/bilder/a.jpg"\nalt = "Bild"\n'
    out.append(f"+++\n{table}+++\n{doc.body}")
    inline = doc.toml + 'image = { src = "/bilder/a.jpg", alt = "Bild" }   # inline\n'
    out.append(f"+++\n{inline}+++\n{doc.body}")
    multiline = doc.toml + 'modified_by = """\nBorås Stad"""\n'
    if "modified_by" not in doc.toml:
        out.append(f"+++\n{multiline}+++\n{doc.body}")
    more = [t for t in out if _valid(t)]
    return more + ["\ufeff" + t for t in more[:3]] + [t.replace("\n", "\r\n") for t in more]


def _valid(text: str) -> bool:
    try:
        tomllib.loads(frontmatter.split(text).toml)
    except tomllib.TOMLDecodeError:
        return False
    return True


def owned_line(line: str, keys: set[str]) -> bool:
    match = re.match(r"""\s*["']?([A-Za-z0-9_-]+)["']?\s*=""", line)
    return bool(match and match.group(1) in keys)


def check(original: str, result: str, changes: dict[str, Any]) -> tuple[bool, bool, bool]:
    before = tomllib.loads(frontmatter.split(original).toml)
    expected = {k: v for k, v in before.items() if k not in changes}
    expected.update({k: v for k, v in changes.items() if v is not keyedit.REMOVE})
    try:
        parses = tomllib.loads(frontmatter.split(result).toml) == expected
    except (tomllib.TOMLDecodeError, frontmatter.FrontMatterError):
        parses = False
    keys = set(changes)
    old_lines = original.splitlines(keepends=True)
    new_lines = result.splitlines(keepends=True)
    # Lines of a value over several lines belong to its key: a multi-line modified_by is owned whole.
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    kept = True
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed = old_lines[i1:i2]
        added = new_lines[j1:j2]
        if not all(owned_line(ln, keys) or ln.strip() in ('Borås Stad"""',) for ln in removed + added):
            kept = False
    newline = "\r\n" if "\r\n" in original.split("\n", 1)[0] + "\n" else "\n"
    ends = all(ln.endswith(newline) for ln in new_lines if ln.endswith("\n"))
    return parses, kept, ends


def main() -> None:
    sample = sorted((ROOT / "articles").glob("*.md"))
    files = [v for path in sample for v in variants(path.read_text(encoding="utf-8"))]
    editors: dict[str, Editor] = {"newscli keyedit": edit_own}
    try:
        import importlib

        version = importlib.import_module("tomlkit").__version__
        editors[f"tomlkit {version}"] = edit_tomlkit
    except ImportError:
        print("tomlkit is not installed: pip install tomlkit to compare")
    cases = [(text, changes) for text in files for changes in CHANGES.values()]
    print(f"{len(files)} files x {len(CHANGES)} changes = {len(cases)} edits\n")
    print("| editor | parses, values right | other bytes kept | line ends kept | time per edit |")
    print("|---|---|---|---|---|")
    for name, editor in editors.items():
        ok = [0, 0, 0]
        for text, changes in cases:
            try:
                result = editor(text, changes)
            except Exception:  # noqa: BLE001  (an editor that fails counts as wrong, whatever the reason)
                continue
            for i, good in enumerate(check(text, result, changes)):
                ok[i] += good
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            for text, changes in cases:
                try:
                    editor(text, changes)
                except Exception:  # noqa: BLE001
                    continue
            best = min(best, (time.process_time() - start) / len(cases))
        n = len(cases)
        print(f"| {name} | {ok[0]}/{n} | {ok[1]}/{n} | {ok[2]}/{n} | {best * 1e6:.0f} µs |")


if __name__ == "__main__":
    main()
