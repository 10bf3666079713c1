"""The command-line layer: global options, command registration, and the one place errors become exits."""

# Annotations are objects, not strings (no __future__ import): Typer reads them on every run, and
# each string it must eval, which was a twentieth of a run's start-up (tests/test_startup.py).
import errno
import importlib
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from typer import _click as click  # Typer >= 0.20 vendors click
from typer._click.shell_completion import CompletionItem
from typer.core import TyperCommand, TyperGroup

from newscli import __version__
from newscli.cli import help as help_text
from newscli.cli.options import ConfigOption, GlobalArticlesDirOption, GlobalNowOption, GlobalOptions
from newscli.core.errors import ExitCode, NewscliError
from newscli.core.report import Outcome

# The exit code of each outcome a command's report can have (SPEC: 0 done, 1 some files had errors).
# FAILED has none of its own: the error that stopped the run (the report's ``error``) says which.
OUTCOME_EXIT_CODES = {
    Outcome.DONE: ExitCode.OK,
    Outcome.PARTLY: ExitCode.FILE_ERRORS,
    Outcome.INTERRUPTED: ExitCode.INTERRUPTED,
}


# Each command's module and function, in the order help lists them. A command is imported and
# built (Typer reads its signature and evaluates its annotations) only when it is looked up: a run
# builds the one it invokes, not all twelve (help and completion of command names build them all).
COMMANDS = {
    "new": ("newscli.cli.commands.new", "command"),
    "list": ("newscli.cli.commands.list", "command"),
    "show": ("newscli.cli.commands.show", "command"),
    "validate": ("newscli.cli.commands.validate", "command"),
    "archive": ("newscli.cli.commands.archive", "archive_command"),
    "restore": ("newscli.cli.commands.archive", "restore_command"),
    "edit": ("newscli.cli.commands.edit", "command"),
    "touch": ("newscli.cli.commands.touch", "command"),
    "review": ("newscli.cli.commands.review", "command"),
    "supersede": ("newscli.cli.commands.supersede", "command"),
    "publish": ("newscli.cli.commands.publish", "command"),
    "export": ("newscli.cli.commands.export", "command"),
}


class NewscliCommand(TyperCommand):
    """A command whose options' descriptions at Tab (zsh, fish) are in the user's language."""

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        items = super().shell_complete(ctx, incomplete)
        help_text.translate_completions(items, lambda _name: None)
        return items


class LazyCommands(Mapping[str, click.Command]):
    """The group's commands by name, each built the first time it is looked up; the names (for
    "did you mean", help and completion) are known without building any."""

    def __init__(self) -> None:
        self._built: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        command = self._built.get(name)
        if command is None:
            module, function = COMMANDS[name]  # KeyError: no such command
            # A Typer of its own per command, as app.command() would register it on app.
            single = typer.Typer()
            single.command(name, cls=NewscliCommand)(getattr(importlib.import_module(module), function))
            command = typer.main.get_command_from_info(
                single.registered_commands[0],
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
            self._built[name] = command
        return command

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class NewscliGroup(TyperGroup):
    """The one place where domain errors and reports' outcomes become exit codes; help in the user's
    language for the group and every command (their contexts hand Click newscli's formatter)."""

    context_class = help_text.Context

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands()  # type: ignore[assignment]  # read-only: the table above

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # the names alone (TyperGroup's own builds every command)

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        _choose_language(args)  # before anything is parsed: help and usage errors follow it too
        try:
            return super().make_context(info_name, args, parent, **extra)
        except BrokenPipeError:
            # What the group's own options print while parsed (--help, --version, --show-completion)
            # to a reader that went away: 141 as for a command, where Typer's main would say 1.
            _silence_stdout()
            raise typer.Exit(int(ExitCode.BROKEN_PIPE)) from None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from newscli.i18n import _

        command = super().get_command(ctx, cmd_name)
        if command is not None:
            command.context_class = help_text.Context
            command.options_metavar = _("[OPTIONS]")
        return command

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        items = super().shell_complete(ctx, incomplete)
        help_text.translate_completions(items, lambda name: self.get_command(ctx, name))
        return items

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        from newscli.i18n import _

        words = {"[OPTIONS]": _("[OPTIONS]"), "COMMAND [ARGS]...": _("COMMAND [ARGS]...")}
        return [words.get(piece, piece) for piece in super().collect_usage_pieces(ctx)]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        shown = [(name, command) for name, command in commands if command is not None and not command.hidden]
        if shown:
            limit = formatter.width - 6 - max(len(name) for name, _ in shown)
            with formatter.section("Commands"):
                formatter.write_dl([(name, help_text.short_help(command, limit)) for name, command in shown])

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _optional_shell(args, self._value_options(ctx)))

    def _value_options(self, ctx: click.Context) -> set[str]:
        return {
            name
            for param in self.get_params(ctx)
            if param.param_type_name == "option" and not getattr(param, "is_flag", False)
            for name in param.opts
        }

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with collector_paused():
                result = super().invoke(ctx)
            outcome = getattr(result, "outcome", None)
            if outcome is Outcome.FAILED:
                stopped_by = getattr(result, "error", None)
                assert isinstance(stopped_by, NewscliError), "a FAILED report carries its error"
                raise stopped_by
        except NewscliError as exc:
            raise typer.Exit(_report(exc)) from None
        except (KeyboardInterrupt, EOFError) as exc:  # Ctrl-C anywhere, Ctrl-D at a prompt
            _say_interrupted()
            _say_notes(exc)
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except BrokenPipeError:
            # Caught here, not by the command-line library, which would call it exit 1 ("files had errors").
            _silence_stdout()
            raise typer.Exit(int(ExitCode.BROKEN_PIPE)) from None
        if isinstance(outcome, Outcome) and OUTCOME_EXIT_CODES[outcome] != ExitCode.OK:
            raise typer.Exit(int(OUTCOME_EXIT_CODES[outcome]))
        return result


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a command's run, the one place it is paused: a run
    makes many objects that hold no cycles (a file's values, its article, its entry, its row or
    facts, its record), and each collection walked the whole growing pile again (a quarter of the
    time of reading 10,000 files; what grew faster than the folder in a warm ``list``). Reference
    counting still frees what is dropped; a cycle made meanwhile is collected once it is back on.
    A forked reader (``parallel.on_both_cores``) inherits the pause."""
    import gc

    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _report(exc: NewscliError) -> int:
    """Say a domain error in the user's language; its exit code."""
    from newscli.cli.output import error
    from newscli.core.errors import ArticleError
    from newscli.i18n import localize

    text = localize(exc.message) or ""
    if isinstance(exc, ArticleError) and exc.path is not None:
        text = f"{exc.path}:{exc.line}:{exc.column}: {text}"
    error(text, localize(exc.hint))
    _say_notes(exc)
    return int(exc.exit_code)


def _say_notes(exc: BaseException) -> None:
    """What the core added to an error on its way out (``edit``: where the edited copy is kept),
    a line each, already in the user's language."""
    from newscli.cli.output import message

    for note in getattr(exc, "__notes__", ()):
        message(str(note))


COMPLETION_OPTIONS = ("--install-completion", "--show-completion")


def _optional_shell(args: list[str], value_options: set[str]) -> list[str]:
    """The shell after ``--install-completion``/``--show-completion`` may be left out (then it is
    the one newscli runs in): a bare one becomes ``--install-completion=``, as the command-line
    library has no option with an optional value. Only among the options before the command."""
    args = list(args)
    i = 0
    while i < len(args) and args[i] != "--":
        word = args[i]
        if word in COMPLETION_OPTIONS:
            if i + 1 == len(args) or args[i + 1].startswith("-"):
                args[i] = word + "="
            i += 2
        elif word in value_options:
            i += 2
        elif word.startswith("-"):
            i += 1
        else:
            break  # the command: its own options are its own
    return args


def _shell_names(incomplete: str) -> list[str]:
    from newscli.cli.shellsetup import SHELLS

    return [shell for shell in SHELLS if shell.startswith(incomplete)]


def _install_completion(ctx: typer.Context, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:  # resilient: Tab is being pressed, nothing to do
        return
    from newscli.cli import shellsetup
    from newscli.cli.output import message
    from newscli.i18n import _

    try:
        shell = shellsetup.choose_shell(value, shellsetup.detect_shell(), "--install-completion")
        done = shellsetup.install(shell, Path.home())
    except NewscliError as exc:
        raise typer.Exit(_report(exc)) from None
    message(_("completion for {shell} installed in {path}").format(shell=done.shell, path=done.script))
    for line in done.added:
        message(_("added to {file}: {line}").format(file=done.startup, line=line))
    if done.startup is not None and not done.added:
        message(_("{file} already loads it").format(file=done.startup))
    message(_("Completion takes effect in a new terminal."))
    raise typer.Exit(int(ExitCode.OK))


def _show_completion(ctx: typer.Context, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    from newscli.cli import shellsetup

    try:
        shell = shellsetup.choose_shell(value, shellsetup.detect_shell(), "--show-completion")
    except NewscliError as exc:
        raise typer.Exit(_report(exc)) from None
    print(shellsetup.script(shell))
    raise typer.Exit(int(ExitCode.OK))


def _choose_language(args: list[str]) -> None:
    """The config's ``ui_language`` when it sets one, else the locale's (LANGUAGE, LC_ALL, …).

    Read before the command line parses anything, so help and usage errors follow it too; a config
    that cannot be read leaves the locale's choice (the command itself then reports the problem).
    """
    from pathlib import Path

    from newscli.core.rules.config import find_config, read_config_table
    from newscli.i18n import set_language

    chosen = None
    try:
        named = next((args[i + 1] for i, a in enumerate(args[:-1]) if a == "--config"), None)
        named = named or next((a.partition("=")[2] for a in args if a.startswith("--config=")), None)
        if named:
            table = read_config_table(Path(named))
        else:
            found = find_config(Path.cwd())
            table = found[1] if found else {}
        value = table.get("ui_language")
        chosen = value if isinstance(value, str) and value.strip() else None
    except Exception:  # noqa: BLE001  # choosing the language never fails; the command reports the config
        pass
    set_language(chosen)


def _say_interrupted() -> None:
    from newscli.cli.output import is_terminal
    from newscli.i18n import _

    start = "\n" if is_terminal(sys.stderr) else ""  # off the line a prompt left open
    print(start + _("newscli: interrupted"), file=sys.stderr)


# Errors of a write the system refused, whatever newscli wrote: a full disk or quota, a device error.
# (getattr: Windows has no EDQUOT.)
_REFUSED_WRITES = frozenset(getattr(errno, name, None) for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO")) - {
    None
}


def _internal_error(exc: Exception) -> int:
    """A bug: one line saying so (the traceback with NEWSCLI_DEBUG=1), never a traceback by default."""
    if os.environ.get("NEWSCLI_DEBUG"):
        raise exc
    from newscli.core.text import visible
    from newscli.i18n import _

    print(
        _("newscli: internal error: {kind}: {error}").format(
            kind=type(exc).__name__, error=visible(str(exc))
        ),
        _("  this is a bug in newscli; rerun with NEWSCLI_DEBUG=1 to see the traceback and report it"),
        sep="\n",
        file=sys.stderr,
    )
    _say_notes(exc)
    return ExitCode.INTERNAL


def _silence_stdout() -> None:
    """The reader went away: what is still buffered goes nowhere, without a second error at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


app = typer.Typer(
    cls=NewscliGroup,
    name="newscli",
    help="Keep a folder of news articles (Markdown with TOML front matter) correct, current and archived.",
    no_args_is_help=True,
    add_completion=False,  # newscli's own --install-completion and --show-completion (cli/shellsetup.py)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help text is plain: [defaults] and similar must print as written
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        print(f"newscli {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    articles_dir: GlobalArticlesDirOption = None,
    config: ConfigOption = None,
    now: GlobalNowOption = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
    install_completion: Annotated[
        str | None,
        typer.Option(
            "--install-completion",
            metavar="[SHELL]",
            callback=_install_completion,
            autocompletion=_shell_names,
            is_eager=True,
            expose_value=False,
            help="Install Tab completion for bash, zsh or fish: the shell you are in, or the one named.",
        ),
    ] = None,
    show_completion: Annotated[
        str | None,
        typer.Option(
            "--show-completion",
            metavar="[SHELL]",
            callback=_show_completion,
            autocompletion=_shell_names,
            is_eager=True,
            expose_value=False,
            help="Print the completion script for your shell, or the one named, to install it yourself.",
        ),
    ] = None,
) -> None:
    """Keep a folder of news articles correct, current and archived.

    Articles are Markdown files with TOML front matter (Hugo's format). Options given here
    apply to every command; each command also takes them after its name.
    """
    from newscli.cli.options import origin

    given = ctx.obj if isinstance(ctx.obj, GlobalOptions) else None
    ctx.obj = GlobalOptions(
        articles_dir,
        config,
        now,
        articles_dir_origin=origin(ctx, "articles_dir", "--articles-dir", "NEWSCLI_ARTICLES_DIR"),
        probe=given.probe if given else None,
    )
    # Which TOML reader (frontmatter.TomlReader): for comparing them, or working around a compiled
    # reader's bug. Set every run, so one process running several commands (tests) starts afresh.
    from newscli.core.reading import frontmatter

    frontmatter.use_reader(frontmatter.reader_named(os.environ.get("NEWSCLI_TOML_READER") or "auto"))


def main() -> None:
    """Console entry point: no traceback reaches a user, whatever happens."""
    sys.exit(run(sys.argv[1:]))


def run(args: list[str]) -> int:
    """Run the command line; the exit code. Interruptions, a reader that went away and the command-line
    library's own errors are handled here, so each gets one line and its documented code."""
    from typer._click.exceptions import ClickException
    from typer.exceptions import Abort

    from newscli.i18n import _

    if os.environ.get("_NEWSCLI_COMPLETE"):  # Tab, for what quickcomplete leaves to Typer
        # Typer's completion classes read what the scripts send (cli/shellsetup.py); Typer registers
        # them itself only when it adds its own completion options, which newscli replaces. Private:
        # no public way exists; pyproject pins typer to >=0.26,<0.29, the versions that have it.
        from newscli.cli.complete import register_shells

        register_shells()
    try:
        try:
            result = app(args=args, prog_name="newscli", standalone_mode=False)
        finally:
            sys.stdout.flush()  # here, not at exit, so a reader that went away is seen
    except (KeyboardInterrupt, Abort) as exc:  # outside a command (a command says it in NewscliGroup.invoke)
        _say_interrupted()
        _say_notes(exc)
        return ExitCode.INTERRUPTED
    except ClickException as exc:
        help_text.show_error(exc)
        return exc.exit_code
    except BrokenPipeError:
        _silence_stdout()
        return ExitCode.BROKEN_PIPE
    except OSError as exc:
        if exc.errno not in _REFUSED_WRITES:
            return _internal_error(exc)
        # The system refused a write (the output to a full disk, `> /dev/full`): not a bug in newscli.
        from newscli.i18n import os_error_text

        print(_("newscli: cannot write: {error}").format(error=os_error_text(exc)), file=sys.stderr)
        _silence_stdout()  # what is still buffered would fail again at exit
        return ExitCode.FILE_ERRORS
    except Exception as exc:  # noqa: BLE001 -- the last guard: a bug must still not show a user a traceback
        return _internal_error(exc)
    # A command returns its report (its outcome is already an exit); an int is an exit code.
    return result if isinstance(result, int) and not isinstance(result, bool) else ExitCode.OK


__all__ = ["app", "main"]
