"""Completion of slugs and tags without starting the command line (Typer costs more than 0.1 s).

The shell scripts that ``--install-completion`` installs call ``newscli`` with ``_NEWSCLI_COMPLETE``
set. When the word being completed is a slug (``show``, ``restore``, the editing commands) or a tag
(``--tag``), this answers from the slug index in the shell's own format; anything else (command and
option names) goes on to Typer's completion, which knows every option.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

# Which slugs each command's SLUG|PATH arguments take, and how many such arguments it has.
SLUG_ARGUMENTS = {
    "show": ("any", 1),
    "restore": ("archived", 1),
    "edit": ("live", 1),
    "touch": ("live", 1),
    "review": ("live", 1),
    "publish": ("live", 1),
    "supersede": ("any", 2),
}
TAG_COMMANDS = ("list", "new")
# Options that take a value; the word after one is that value, never a command or an argument.
VALUE_OPTIONS = frozenset(
    {
        "--articles-dir", "--config", "--now", "--tag", "--author", "--since", "--until", "--sort",
        "--limit", "--format", "-f", "--columns", "--lead", "--date", "--slug", "--language",
        "--stale-after", "--superseded-by", "--modified-by", "--image", "--image-alt", "--image-caption",
        "--link", "--body-file", "--older-than", "--wait", "--by", "--archive-after", "--supersedes",
        "--section",
    }
)  # fmt: skip


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:  # an open quote in the word being typed
        return text.split()


def _words(shell: str) -> tuple[list[str], str] | None:
    """The words before the cursor (without the program's name) and the word being completed."""
    if shell == "bash":
        words = _split(os.environ.get("COMP_WORDS", ""))
        try:
            cword = int(os.environ.get("COMP_CWORD", ""))
        except ValueError:
            return None
        return words[1:cword], words[cword] if cword < len(words) else ""
    if shell in ("zsh", "fish"):
        line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
        words = _split(line)[1:]
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


def candidates(words: list[str], incomplete: str) -> list[str] | None:
    """What to offer, or None when the word is not a slug or a tag (Typer answers then)."""
    if incomplete.startswith("-"):
        return None
    command, positional, previous = None, 0, None
    for word in words:
        if previous in VALUE_OPTIONS or word.startswith("-"):
            pass
        elif command is None:
            command = word
        else:
            positional += 1
        previous = word.partition("=")[0] if word.startswith("--") and "=" in word else word
        if word.startswith("--") and "=" in word:
            previous = None  # --tag=x: the value came with the option
    if command is None:
        return None
    wants_tag = previous in ("--tag",) and command in TAG_COMMANDS
    if not wants_tag and (previous in VALUE_OPTIONS or command not in SLUG_ARGUMENTS):
        return None
    kind, count = SLUG_ARGUMENTS.get(command, ("live", 0))
    if not wants_tag and (positional >= count or "/" in incomplete or incomplete.startswith(".")):
        return None  # every argument given, or a path: the shell completes file names
    from newscli.core import slugindex
    from newscli.core.cache import cache_folder
    from newscli.core.config import load_config

    articles_dir = _option_value(words, "--articles-dir") or os.environ.get("NEWSCLI_ARTICLES_DIR")
    config_path = _option_value(words, "--config")
    config = load_config(
        Path.cwd(),
        Path(config_path) if config_path else None,
        Path(articles_dir) if articles_dir else None,
        cache_dir=cache_folder(),
    )
    if wants_tag:
        archived = "--archived" in words or "--all" in words
        values = (t for _, tags in slugindex.entries(config, True, archived) for t in tags)
    else:
        entries = slugindex.entries(config, kind != "archived", kind != "live")
        values = (slug for slug, _ in entries)
    return sorted({v for v in values if v.startswith(incomplete)})


def _zsh_quote(value: str) -> str:
    return (
        value.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )


def answer(instruction: str) -> bool:
    """Answer a completion request if it is for a slug or a tag; False to leave it to Typer."""
    action, _, shell = instruction.partition("_")
    if action != "complete":
        return False
    words = _words(shell)
    if words is None:
        return False
    try:
        found = candidates(*words)
    except Exception:  # noqa: BLE001  # a bad config or folder: no candidates, never an error
        found = []
    if found is None:
        return False
    if shell == "bash":
        sys.stdout.write("\n".join(found) + ("\n" if found else ""))
    elif shell == "zsh":
        if found:
            items = "\n".join(f'"{_zsh_quote(v)}"' for v in found)
            sys.stdout.write(f"_arguments '*: :(({items}))'\n")
        else:
            sys.stdout.write("_files\n")
    elif os.environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
        sys.stdout.flush()
        raise SystemExit(0 if found else 1)
    else:
        sys.stdout.write("\n".join(found) + ("\n" if found else ""))
    return True
