"""Completion of slugs and tags without starting the command line (Typer alone costs more than the
whole answer may).

The shell scripts that ``--install-completion`` installs call ``newscli`` with ``_NEWSCLI_COMPLETE``
set. When the word being completed is a slug (``show``, ``restore``, the editing commands, ``new
--supersedes``) or a tag (``--tag``), this answers in the shell's own format, byte for byte what
Typer's completion (``newscli.cli.complete``) prints; anything else (command and option names) goes
on to Typer, which knows every option.

The answer comes from two small files in the cache folder: the slug index (``core/folder/slugindex.py``)
and a note of which articles folder the command line would use here (the configuration, found and
checked once, costs more than everything else together). The note names every configuration file
the search looked at, with its size, times and inode, so a config written, moved or added anywhere
on the way up means the search is done again. Without both files, the folder's configuration is
loaded as a command would load it and the folder read as ``list`` reads it; both files are written
then.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum  # enum is loaded already when Python starts (re uses it): no cost here
from pathlib import Path


class Wanted(StrEnum):
    """What the word being completed is."""

    ANY = "any"  # a slug, of a live or an archived article
    LIVE = "live"  # a slug of a live article
    ARCHIVED = "archived"  # a slug of an archived article
    TAGS = "tags"  # a tag of the live articles
    ALL_TAGS = "all-tags"  # a tag of any article


# The slugs each command's SLUG|PATH arguments take (what the command finds by slug), and how many.
SLUG_ARGUMENTS = {
    "show": (Wanted.ANY, 1),
    "restore": (Wanted.ARCHIVED, 1),
    "edit": (Wanted.ANY, 1),
    "touch": (Wanted.ANY, 1),
    "review": (Wanted.ANY, 1),
    "publish": (Wanted.LIVE, 1),
    "supersede": (Wanted.ANY, 2),
}
# Options whose value is a slug, per command.
SLUG_OPTIONS = {"new": {"--supersedes": Wanted.ANY, "--superseded-by": Wanted.ANY}}
TAGS = (Wanted.TAGS, Wanted.ALL_TAGS)
TAG_COMMANDS = ("list", "new")
# Options that take a value; the word after one is that value, never a command or an argument.
VALUE_OPTIONS = frozenset(
    {
        "--articles-dir", "--config", "--now", "--tag", "--author", "--since", "--until", "--sort",
        "--limit", "--format", "-f", "--columns", "--lead", "--date", "--slug", "--language",
        "--stale-after", "--superseded-by", "--modified-by", "--image", "--image-alt", "--image-caption",
        "--link", "--body-file", "--older-than", "--wait", "--by", "--archive-after", "--supersedes",
        "--section", "--output", "-o", "--install-completion", "--show-completion",
    }
)  # fmt: skip
CONFIG_NAMES = ("newscli.toml", "pyproject.toml")  # searched in this order in each folder (core/rules/config)
MAX_NOTE_BYTES = 1024 * 1024  # the note names a few config files: a few hundred bytes
BROKEN = "!"  # the note's first line when the configuration cannot be loaded: nothing to offer


def split_arg_string(text: str) -> list[str]:
    """The words of a command line as the completion library splits them: like ``shlex.split``, and
    an open quote or a lone backslash at the end keeps the partial word."""
    import shlex

    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:
        words.append(lexer.token)
    return words


def _words(shell: str) -> tuple[list[str], str] | None:
    """The words before the cursor (without the program's name) and the word being completed."""
    if shell == "bash":
        try:
            cword = int(os.environ["COMP_CWORD"])
            words = split_arg_string(os.environ["COMP_WORDS"])
        except (KeyError, ValueError):
            return None  # not what the installed script sends: Typer says so
        return words[1:cword], words[cword] if cword < len(words) else ""
    if shell in ("zsh", "fish"):
        line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
        words = split_arg_string(line)[1:]
        if words and not line.endswith(" "):
            return words[:-1], words[-1]
        return words, ""
    return None


def _option_value(words: list[str], name: str) -> str | None:
    value = None
    for i, word in enumerate(words):
        if word == name and i + 1 < len(words):
            value = words[i + 1]
        elif word.startswith(name + "="):
            value = word.partition("=")[2]
    return value


def wanted(words: list[str], incomplete: str) -> Wanted | None:
    """What the word being completed is; None when it is something else (Typer answers then)."""
    if incomplete.startswith("-") or "--" in words:
        return None
    command, positional, previous = None, 0, None
    for word in words:
        if previous in VALUE_OPTIONS or (word.startswith("-") and word != "-"):
            pass
        elif command is None:
            command = word
        else:
            positional += 1
        previous = None if word.startswith("--") and "=" in word else word  # --tag=x holds its value
    if command is None:
        return None
    if previous in VALUE_OPTIONS:
        if previous == "--tag" and command in TAG_COMMANDS:
            return Wanted.ALL_TAGS if "--archived" in words or "--all" in words else Wanted.TAGS
        return SLUG_OPTIONS.get(command, {}).get(previous)
    kind, count = SLUG_ARGUMENTS.get(command, (None, 0))
    return kind if kind is not None and positional < count else None


def _where(words: list[str]) -> tuple[str, str | None, str | None]:
    """The current folder, ``--config`` and ``--articles-dir`` (or its variable) as given so far."""
    articles_dir = _option_value(words, "--articles-dir") or os.environ.get("NEWSCLI_ARTICLES_DIR")
    return os.getcwd(), _option_value(words, "--config"), articles_dir


def _file_state(path: str) -> str:
    """What a configuration file is now: "-" when there is none (or it is no file, as is_file() says)."""
    import stat

    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return "-"
    if not stat.S_ISREG(info.st_mode):
        return "-"
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}:{info.st_dev}"


def _note_path(where: tuple[str, str | None, str | None]) -> Path | None:
    import hashlib

    from newscli.core.folder.cachedir import cache_folder

    folder = cache_folder()
    if folder is None:
        return None
    key = "\0".join(part if part is not None else "\1" for part in where)
    return folder / (hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24] + ".where")


def _read_note(where: tuple[str, str | None, str | None]) -> str | None:
    """The articles folder (or BROKEN) the note says, when every file it names is as it was."""
    path = _note_path(where)
    if path is None:
        return None
    from newscli.core.reading import saferead

    try:
        # The safe read: a FIFO planted in a shared cache folder must not hang the shell's Tab.
        data = saferead.read(path, max_bytes=MAX_NOTE_BYTES)[0]
        first, *files = data.decode("utf-8", errors="surrogateescape").splitlines()
    except (saferead.Refused, ValueError):
        return None
    for line in files:
        name, _, state = line.rpartition("\t")
        if not name or _file_state(name) != state:
            return None
    return first


def _searched(where: tuple[str, str | None, str | None], source: Path | None) -> list[str]:
    """The files the configuration search looked at, in its order, up to the one it used."""
    cwd, config_path, _ = where
    if config_path is not None:
        return [config_path]
    looked = []
    for folder in (Path(cwd), *Path(cwd).parents):
        for name in CONFIG_NAMES:
            looked.append(str(folder / name))
            if source is not None and looked[-1] == str(source):
                return looked
    return looked


def _write_note(where: tuple[str, str | None, str | None], first: str, files: list[str]) -> None:
    """Keep the note, unless a file changed so recently that a change in the same tick could go unseen."""
    from newscli.core.folder.cachedir import racy_cutoff_ns, replace_quietly

    path = _note_path(where)
    if path is None:
        return
    racy = racy_cutoff_ns()
    lines = [first]
    for name in files:
        state = _file_state(name)
        if state != "-" and max(int(t) for t in state.split(":")[1:3]) > racy:
            return
        lines.append(f"{name}\t{state}")
    if any("\n" in line or "\r" in line for line in lines) or "\t" in first:
        return
    text = "".join(f"{line}\n" for line in lines)
    replace_quietly(path, (text.encode("utf-8", "surrogateescape"),))  # unwritable: only slower


def _values(entries: list[tuple[str, list[str]]], what: Wanted, incomplete: str) -> list[str]:
    if what in TAGS:
        return sorted({t for _, tags in entries for t in tags if t.startswith(incomplete)})
    return sorted({slug for slug, _ in entries if slug.startswith(incomplete)})


def _parts(what: Wanted) -> tuple[bool, bool]:
    """Which parts of the folder (live, archived) hold what is asked for."""
    live = what in (Wanted.ANY, Wanted.LIVE, Wanted.TAGS, Wanted.ALL_TAGS)
    return live, what in (Wanted.ANY, Wanted.ARCHIVED, Wanted.ALL_TAGS)


def _quick(where: tuple[str, str | None, str | None], what: Wanted, incomplete: str) -> list[str] | None:
    """From the note and the slug index alone; None when either is missing or out of date."""
    from newscli.core.folder import slugindex
    from newscli.core.folder.cachedir import cache_folder

    folder = _read_note(where)
    if folder is None:
        return None
    if folder == BROKEN:
        return []
    prefix = "" if what in TAGS else incomplete
    cache_dir = cache_folder()
    entries: list[tuple[str, list[str]]] = []
    for part, needed in zip(slugindex.Part, _parts(what), strict=True):
        if needed:
            found = slugindex.read_index(slugindex.path_in(cache_dir, Path(folder), part), prefix)
            if found is None:
                return None
            entries += found
    return _values(entries, what, incomplete)


def _full(where: tuple[str, str | None, str | None], what: Wanted, incomplete: str) -> list[str]:
    """As a command finds them: the configuration loaded, the folder read (which writes the index)."""
    from newscli.core.folder import slugindex
    from newscli.core.rules.config import load_config

    cwd, config_path, articles_dir = where
    try:
        from newscli.core.folder.cachedir import cache_folder

        named = Path(config_path) if config_path else None
        given = Path(articles_dir) if articles_dir else None
        config = load_config(Path(cwd), named, given, cache_dir=cache_folder())
    except Exception:  # noqa: BLE001  # a bad config: nothing to offer, never an error
        _write_note(where, BROKEN, _searched(where, None))
        return []
    _write_note(where, str(config.articles_dir), _searched(where, config.source))
    try:
        entries = slugindex.entries(config, *_parts(what))
    except Exception:  # noqa: BLE001  # a missing or unreadable folder: nothing to offer
        return []
    return _values(entries, what, incomplete)


def candidates(words: list[str], incomplete: str) -> list[str] | None:
    """What to offer, or None when the word is not a slug or a tag (Typer answers then)."""
    what = wanted(words, incomplete)
    if what is None:
        return None
    if what not in TAGS and ("/" in incomplete or incomplete.startswith(".")):
        return []  # a path: nothing from us, so the shell completes file names
    try:
        where = _where(words)
    except OSError:  # the current folder is gone: nothing to offer, as in Typer's completion
        return []
    try:
        found = _quick(where, what, incomplete)
    except Exception:  # noqa: BLE001  # a damaged note or index: read the folder instead
        found = None
    return found if found is not None else _full(where, what, incomplete)


_BASH_SPECIAL = frozenset(" \t\"'\\$`!&;|<>()*?[]#~{}")


def bash_word(value: str) -> str:
    """``value`` as bash must insert it to keep it one word: a tag "barn och unga" becomes
    ``barn\\ och\\ unga`` (bash's completion script inserts what it is given as it is)."""
    return "".join("\\" + c if c in _BASH_SPECIAL else c for c in value)


def zsh_quote(value: str) -> str:
    """``value`` as zsh's completion script must receive it (Typer's ZshComplete escaping), used for
    slugs here and for values and descriptions in cli/complete.py."""
    return (
        value.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )


def answer(instruction: str) -> int | None:
    """Answer a completion request if it is for a slug or a tag, and return the exit code for
    ``newscli/__main__.py`` to end with (fish's ``is-args`` is answered by it alone); None to leave
    the request to Typer."""
    action, _, shell = instruction.partition("_")
    if action != "complete":
        return None
    words = _words(shell)
    if words is None:
        return None
    found = candidates(*words)
    if found is None:
        return None
    if shell == "bash":
        # Typer keeps only the answers that start with the word as typed, escaped or not: so here.
        escaped = [word for word in map(bash_word, found) if word.startswith(words[1])]
        sys.stdout.write("\n".join(escaped) + "\n")
    elif shell == "zsh":
        items = "\n".join(f'"{zsh_quote(v)}"' for v in found)
        sys.stdout.write(f"_arguments '*: :(({items}))'\n" if found else "_files\n")
    else:
        action = os.environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
        if action == "is-args":
            return 0 if found else 1
        sys.stdout.write("\n".join(found) + "\n" if action == "get-args" else "\n")
    return 0
