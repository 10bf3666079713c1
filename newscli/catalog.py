"""The message catalogues: extract the English messages from the source, read a .po, write a .mo.

Not used when newscli runs: ``python -m newscli.catalog`` (see docs/development.md) refreshes
``locale/newscli.pot``, adds what is new to each ``locale/<lang>/LC_MESSAGES/newscli.po`` and
compiles the ``.mo`` next to it, which ships in the package (so ``pip install .`` needs no gettext
tool). The tests use the same functions to check that every message has a translation with the
same placeholders and that each ``.mo`` is the compiled ``.po``.

What counts as a message: the string arguments of ``_``, ``N_``, ``ngettext`` (both forms),
``Message`` and ``Message.plural``; the ``help=`` texts of options and arguments; and the
docstrings of the command functions (their help), as Click shows them.
"""

from __future__ import annotations

import ast
import inspect
import re
import struct
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
LOCALE = PACKAGE / "locale"
POT = LOCALE / "newscli.pot"
LANGUAGES = ("sv",)
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:![rsa])?(?::[^{}]*)?\}")

# Click's and Typer's own words, which newscli's help formatter and error display translate.
LIBRARY_MESSAGES: tuple[str, ...] = (
    "Usage: ",
    "Options",
    "Arguments",
    "Commands",
    "Show this message and exit.",
    "default: {default}",
    "env var: {var}",
    "required",
    "Error: {message}",
    "Try '{command} {option}' for help.",
    "No such option: {name}",
    "No such command {name}.",
    "Did you mean {possibility}?",
    "(Possible options: {possibilities})",
    "Missing argument {name}.",
    "Missing option {name}.",
    "Missing parameter {name}.",
    "Invalid value for {name}: {message}",
    "Option {name} requires an argument.",
    "Option {name} requires {count} arguments.",
    "Got unexpected extra argument ({args})",
    "Got unexpected extra arguments ({args})",
    "{value} is not one of {choices}.",
    "{value} is not a valid integer.",
    "{value} is not a valid boolean.",
    "{value} is not in the range {range}.",
    "Missing command.",
    "Install completion for the current shell.",
    "Show completion for the current shell, to copy it or customize the installation.",
)


@dataclass
class PoEntry:
    msgid: str
    plural: str | None = None
    where: list[str] = field(default_factory=list)


def _docstring_help(node: ast.FunctionDef) -> str | None:
    text = ast.get_docstring(node, clean=False)
    if text is None:
        return None
    return inspect.cleandoc(text).partition("\f")[0]


def _string(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        base = func.value.id if isinstance(func.value, ast.Name) else ""
        return f"{base}.{func.attr}"
    return ""


def _strings_of(tree: ast.AST, name: str) -> Iterator[tuple[str, str | None, int]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            call = _call_name(node)
            args = [_string(a) for a in node.args]
            if call in ("_", "N_", "Message", "later") and args and args[0]:
                yield args[0], None, node.lineno
            elif call in ("ngettext", "Message.plural") and len(args) >= 2 and args[0] and args[1]:
                yield args[0], args[1], node.lineno
            if call in ("typer.Option", "typer.Argument", "typer.Typer", "Option", "Argument"):
                for keyword in node.keywords:
                    text = _string(keyword.value) if keyword.arg == "help" else None
                    if text:
                        yield text, None, node.lineno
        elif isinstance(node, ast.FunctionDef) and (
            name.startswith("newscli/cli/commands/") or name == "newscli/cli/app.py"
        ):
            if node.name.startswith("_") or not any(a.arg == "ctx" for a in node.args.args):
                continue
            text = _docstring_help(node)
            if text:
                yield text, None, node.lineno


def extract(root: Path = PACKAGE) -> dict[str, PoEntry]:
    """Every message in the package's source, in the order first met, with where it is used."""
    entries: dict[str, PoEntry] = {m: PoEntry(m, where=["click"]) for m in LIBRARY_MESSAGES}
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root.parent).as_posix()
        if name == "newscli/catalog.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), name)
        for msgid, plural, line in _strings_of(tree, name):
            entry = entries.setdefault(msgid, PoEntry(msgid, plural))
            entry.plural = entry.plural or plural
            entry.where.append(f"{name}:{line}")
    return entries


# --- .po files ------------------------------------------------------------------------------------


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if "\n" not in escaped:
        return f'"{escaped}"'
    parts = escaped.split("\n")
    lines = [f"{p}\\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return '""\n' + "\n".join(f'"{line}"' for line in lines)


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(
        r"\\(.)", lambda m: {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(m.group(1), m.group(0)), body
    )


@dataclass
class Translation:
    msgid: str
    plural: str | None
    strings: list[str]  # msgstr, or msgstr[0], msgstr[1], ...
    fuzzy: bool = False


def read_po(path: Path) -> tuple[str, dict[str, Translation]]:
    """The header (msgstr of the empty msgid) and every other entry, by msgid."""
    entries: dict[str, Translation] = {}
    header = ""
    key: str | None = None
    current: dict[str, str] = {}
    fuzzy = False

    def finish() -> None:
        nonlocal header, current, fuzzy
        if "msgid" in current:
            strings = [current[k] for k in sorted(k for k in current if k.startswith("msgstr"))]
            if current["msgid"] == "":
                header = strings[0] if strings else ""
            else:
                entries[current["msgid"]] = Translation(
                    current["msgid"], current.get("msgid_plural"), strings, fuzzy
                )
        current, fuzzy = {}, False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            key = None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if key is not None:
                current[key] += _unquote(line)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword == "msgid" and "msgid" in current:
                finish()
            key = keyword
            current[key] = _unquote(rest)
    finish()
    return header, entries


def write_po(
    path: Path, header: str, entries: Iterable[PoEntry], translations: dict[str, Translation]
) -> None:
    out = ['msgid ""', f"msgstr {_quote(header)}", ""]
    for entry in entries:
        found = translations.get(entry.msgid)
        out += [f"#: {' '.join(entry.where[:3])}"]
        if found is not None and found.fuzzy:
            out.append("#, fuzzy")
        if any(PLACEHOLDER.search(t) for t in (entry.msgid, entry.plural or "")):
            out.append("#, python-brace-format")
        out.append(f"msgid {_quote(entry.msgid)}")
        if entry.plural is not None:
            out.append(f"msgid_plural {_quote(entry.plural)}")
            strings = found.strings if found and len(found.strings) == 2 else ["", ""]
            out += [f"msgstr[{i}] {_quote(s)}" for i, s in enumerate(strings)]
        else:
            out.append(f"msgstr {_quote(found.strings[0] if found and found.strings else '')}")
        out.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out), encoding="utf-8")


# --- .mo files ------------------------------------------------------------------------------------


def compile_mo(header: str, translations: dict[str, Translation]) -> bytes:
    """The GNU .mo file for the translated, non-fuzzy entries: deterministic, sorted by msgid."""
    pairs: dict[bytes, bytes] = {b"": header.encode("utf-8")}
    for t in translations.values():
        if t.fuzzy or not all(t.strings):
            continue
        key = t.msgid if t.plural is None else f"{t.msgid}\0{t.plural}"
        pairs[key.encode("utf-8")] = "\0".join(t.strings).encode("utf-8")
    keys = sorted(pairs)
    ids = b"".join(k + b"\0" for k in keys)
    strs = b"".join(pairs[k] + b"\0" for k in keys)
    count = len(keys)
    start = 7 * 4 + 16 * count
    offsets_ids, offsets_strs, position = [], [], 0
    for k in keys:
        offsets_ids += [len(k), start + position]
        position += len(k) + 1
    id_end, position = start + len(ids), 0
    for k in keys:
        offsets_strs += [len(pairs[k]), id_end + position]
        position += len(pairs[k]) + 1
    head = struct.pack("<7I", 0x950412DE, 0, count, 7 * 4, 7 * 4 + 8 * count, 0, 0)
    table = struct.pack(f"<{2 * count}I", *offsets_ids) + struct.pack(f"<{2 * count}I", *offsets_strs)
    return head + table + ids + strs


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "newscli.po"


def main() -> int:
    """Refresh the .pot, merge it into each .po (keeping translations), compile each .mo."""
    entries = list(extract().values())
    write_po(POT, "Content-Type: text/plain; charset=UTF-8\n", entries, {})
    for language in LANGUAGES:
        po = po_path(language)
        header, translations = read_po(po) if po.exists() else ("", {})
        header = header or (
            f"Language: {language}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
            "Content-Transfer-Encoding: 8bit\nPlural-Forms: nplurals=2; plural=(n != 1);\n"
        )
        write_po(po, header, entries, translations)
        header, translations = read_po(po)
        po.with_suffix(".mo").write_bytes(compile_mo(header, translations))
        missing = [
            e.msgid
            for e in entries
            if not all((translations.get(e.msgid) or Translation("", None, [""])).strings)
        ]
        print(
            f"{po.relative_to(PACKAGE.parent)}: {len(entries)} messages, {len(missing)} untranslated",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
