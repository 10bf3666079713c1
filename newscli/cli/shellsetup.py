"""``--install-completion`` and ``--show-completion``: the completion script for bash, zsh or fish.

newscli's own handling of Typer's two options, so that every line is in the user's language (Typer
binds its callbacks, and their English, when it builds the command line), a shell that is not
supported or cannot be told is one message and exit 2, and a user's shell start-up file is only
ever appended to: Typer reads ``~/.bashrc``/``~/.zshrc`` and writes it back whole (a crash in
between leaves it empty, and zsh's loses its leading and trailing blank lines).

The files and lines are Typer's, so an install made by an earlier newscli is recognised and not
added twice: bash ``~/.bash_completions/newscli.sh`` sourced from ``~/.bashrc``; zsh
``~/.zfunc/_newscli``, with ``~/.zfunc`` put on ``fpath`` in ``~/.zshrc`` (and Typer's menu style
when the file sets no ``zstyle`` of its own); fish ``~/.config/fish/completions/newscli.fish``. Where
a shell reads its files from elsewhere, they go there: ``$ZDOTDIR/.zshrc``,
``$XDG_CONFIG_HOME/fish``.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from pathlib import Path

from newscli.core.errors import ExitCode, NewscliError
from newscli.i18n import _

PROG_NAME = "newscli"
COMPLETE_VARIABLE = "_NEWSCLI_COMPLETE"  # what newscli/__main__.py and cli/quickcomplete.py answer
SHELLS = ("bash", "zsh", "fish")


class ShellSetupError(NewscliError):
    """A completion script or start-up file that cannot be written."""

    exit_code = ExitCode.FILE_ERRORS


@dataclass(frozen=True)
class Installed:
    shell: str
    script: Path  # the completion script, written whole
    startup: Path | None  # the shell's start-up file that loads it (fish needs none)
    added: tuple[str, ...]  # the lines appended to it now; none when it already loaded the script


def detect_shell() -> str | None:
    """The shell newscli was started from (the nearest shell among its parent processes, as Typer
    finds it), else the login shell (``$SHELL``); None when neither says."""
    name: str | None = None
    try:
        import shellingham

        name = shellingham.detect_shell()[0]
    except (ImportError, OSError, RuntimeError):  # ShellDetectionFailure is an OSError
        name = None
    name = name or os.path.basename(os.environ.get("SHELL", "")) or None
    return name.lower() if name else None


def choose_shell(given: str, detected: str | None, option: str) -> str:
    """The shell named after ``option`` (``""`` when none was), else the detected one."""
    shell = given.strip().lower() or detected
    if not shell:
        raise NewscliError(
            _("cannot tell which shell this is"),
            hint=_("name it: {command}").format(command=f"{PROG_NAME} {option} bash|zsh|fish"),
        )
    if shell not in SHELLS:
        raise NewscliError(
            _("completion is not available for the shell {shell}").format(shell=shell),
            hint=_("newscli completes in bash, zsh and fish: {command}").format(
                command=f"{PROG_NAME} {option} bash|zsh|fish"
            ),
        )
    return shell


def script(shell: str) -> str:
    """The completion script for ``shell`` (one of SHELLS), without a final newline.

    Typer's own script: what it sends at Tab (``COMP_WORDS``, ``_TYPER_COMPLETE_ARGS``…) is what
    Typer's completion classes (registered in ``cli/app.run``) and ``quickcomplete`` read, so taking
    it from Typer keeps the three in step. Typer has no public way to get it: its private module is
    used, which is why pyproject pins typer to ``>=0.26,<0.29`` (the versions with this function and
    these scripts); tests/test_completion.py runs the installed bash script.
    """
    from typer._completion_shared import get_completion_script

    assert shell in SHELLS, "choose_shell first: Typer prints English for any other shell"
    return get_completion_script(prog_name=PROG_NAME, complete_var=COMPLETE_VARIABLE, shell=shell)


def _config_home(home: Path) -> Path:
    configured = os.environ.get("XDG_CONFIG_HOME", "")
    return Path(configured) if os.path.isabs(configured) else home / ".config"


def install(shell: str, home: Path) -> Installed:
    """Write ``shell``'s completion script and make the shell load it; raise ShellSetupError."""
    if shell == "bash":
        target = home / ".bash_completions" / f"{PROG_NAME}.sh"
        startup: Path | None = home / ".bashrc"
        # Typer's line; quoted otherwise only where a quote in the path would break it
        wanted = [f"source '{target}'" if "'" not in str(target) else f"source {shlex.quote(str(target))}"]
    elif shell == "zsh":
        target = home / ".zfunc" / f"_{PROG_NAME}"
        zdotdir = os.environ.get("ZDOTDIR", "")
        startup = (Path(zdotdir) if os.path.isabs(zdotdir) else home) / ".zshrc"
        wanted = ["fpath+=~/.zfunc; autoload -Uz compinit; compinit"]
        if "zstyle" not in _read_text(startup):  # Typer's menu, unless the user styles completion
            wanted.append("zstyle ':completion:*' menu select")
    else:
        target = _config_home(home) / "fish" / "completions" / f"{PROG_NAME}.fish"
        startup, wanted = None, []
    _write_whole(target, script(shell) + "\n")  # first: the start-up file never loads a missing script
    added = _append_missing(startup, wanted) if startup is not None else []
    return Installed(shell, target, startup, tuple(added))


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", "surrogateescape")
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise _cannot(_("cannot read {path}: {reason}"), path, exc) from None


def _append_missing(path: Path, lines: list[str]) -> list[str]:
    """Append the lines that ``path`` does not hold yet, after what is there; the file is created
    when missing and never rewritten, so nothing of the user's can be lost."""
    from newscli.core.writing import durable

    existing = _read_text(path)
    missing = [line for line in lines if line not in existing]
    if not missing:
        return []
    separator = "\n" if existing and not existing.endswith("\n") else ""
    text = separator + "\n" + "".join(f"{line}\n" for line in missing)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND: only ever added at the end; durable.append writes it all and fsyncs it
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o666)
        try:
            durable.append(descriptor, text.encode("utf-8", "surrogateescape"))
        finally:
            os.close(descriptor)
    except OSError as exc:
        raise _cannot(_("cannot write {path}: {reason}"), path, exc) from None
    return missing


def _write_whole(path: Path, text: str) -> None:
    """``path`` holds ``text`` whole, or is as it was (``durable.write_whole``: the script is
    newscli's own, so it is replaced without a look, as no article ever is)."""
    from newscli.core.writing import durable

    try:
        durable.write_whole(path, text.encode("utf-8", "surrogateescape"), 0o644)
    except OSError as exc:
        raise _cannot(_("cannot write {path}: {reason}"), path, exc) from None


def _cannot(message: str, path: Path, exc: OSError) -> ShellSetupError:
    from newscli.i18n import os_error_text

    return ShellSetupError(message.format(path=path, reason=os_error_text(exc)))
