"""Help and usage errors in the user's language, including the command-line library's own words.

Click (vendored by Typer) writes "Usage:", "Options:", "Show this message and exit." and its error
messages in English. newscli's context hands Click a formatter that translates headings, help texts
and the ``[default: …]`` notes as they are written, and :func:`show_error` says Click's usage errors
in the user's language (a table of Click's message shapes; an unknown shape stays as Click wrote it).
"""

from __future__ import annotations

import functools
import inspect
import re
import sys
from collections.abc import Callable, Sequence

from typer import _click as click  # Typer >= 0.20 vendors click
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError
from typer._click.shell_completion import CompletionItem
from typer._click.utils import make_default_short_help

from newscli.i18n import N_, _

SHORT_HELP = 45  # how much of a command's help Click's completion gives as its description


# The patterns below are compiled when first used, not at import: they serve help and usage errors
# only, and compiling them all was some 17 million instructions (4 %) of every run's start.
@functools.cache
def _extras() -> re.Pattern[str]:
    return re.compile(r"^(?P<help>.*?)\s+\[(?P<extras>[^\[\]]*)\]$", re.DOTALL)


def translate_help(text: str) -> str:
    """An option's help as Click shows it: the text, then ``[default: x; env var: Y; required]``."""
    match = _extras().match(text)
    if match is None:
        return _(text)
    notes = []
    for note in match.group("extras").split("; "):
        name, sep, value = note.partition(": ")
        if sep and name == "default":
            notes.append(_("default: {default}").format(default=value))
        elif sep and name == "env var":
            notes.append(_("env var: {var}").format(var=value))
        else:
            notes.append(_(note))
    return f"{_(match.group('help'))}  [{'; '.join(notes)}]"


# The placeholders in usage lines and option lists (metavars): newscli's own and the command-line
# library's type names. Choices (``<text|json>``) are values to type and never change.
_METAVARS = {
    "SLUG|PATH": N_("SLUG|PATH"),
    "DURATION|never": N_("DURATION|never"),
    "PATH...": N_("PATH..."),
    "[TITLE]": N_("[TITLE]"),
    "[SHELL]": N_("[SHELL]"),
    "OLD": N_("OLD"),
    "NEW": N_("NEW"),
    "NAME": N_("NAME"),
    "<str>": N_("<text>"),
    "<path>": N_("<path>"),
    "<file>": N_("<file>"),
    "<date>": N_("<date>"),
    "<duration>": N_("<duration>"),
    "<int>": N_("<integer>"),
    "<integer>": N_("<integer>"),
    "<seconds>": N_("<seconds>"),
    "<int range>": N_("<integer>"),
    "<float>": N_("<number>"),
    "<COLUMNS>": N_("<COLUMNS>"),
    "<TITLE|URL>": N_("<TITLE|URL>"),
}


@functools.cache
def _metavar() -> re.Pattern[str]:
    names = sorted(_METAVARS, key=len, reverse=True)
    return re.compile("|".join(rf"(?<![\w|-]){re.escape(name)}(?![\w|-])" for name in names))


def translate_metavars(text: str) -> str:
    """A usage line's or an option's placeholders in the user's language (``<str>`` is ``<text>``)."""
    return _metavar().sub(lambda match: _(_METAVARS[match.group(0)]), text)


# An option's name in running text (``--no-pager``): Click's wrapping breaks a line after any hyphen,
# so its hyphens are non-breaking ones (U+2011, one column too) while it wraps, and hyphens again after.
_KEPT_HYPHEN = "\u2011"


@functools.cache
def _option_name() -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])--?\w[\w-]*")


def _unbreakable(text: str) -> str:
    return _option_name().sub(lambda match: match.group(0).replace("-", _KEPT_HYPHEN), text)


class Formatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, translate_metavars(args), _("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(heading))

    def write_text(self, text: str) -> None:
        start = len(self.buffer)
        super().write_text(_unbreakable(_(text)))
        self._hyphens_back(start)

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(translate_metavars(term), _unbreakable(translate_help(text))) for term, text in rows]
        start = len(self.buffer)
        super().write_dl(rows, col_max, col_spacing)
        self._hyphens_back(start)

    def _hyphens_back(self, start: int) -> None:
        self.buffer[start:] = [part.replace(_KEPT_HYPHEN, "-") for part in self.buffer[start:]]


class Context(click.Context):
    formatter_class = Formatter


def command_help(command: click.Command) -> str:
    """A command's help (its docstring) in the user's language."""
    return _(inspect.cleandoc(command.help or "").partition("\f")[0])


def short_help(command: click.Command, limit: int) -> str:
    return make_default_short_help(command_help(command), limit)


def translate_completions(
    items: list[CompletionItem], command_of: Callable[[str], click.Command | None]
) -> None:
    """The descriptions zsh and fish show beside the commands and options offered at Tab, in the
    user's language as ``--help`` has them: Click fills them in English (an option's help as
    written, a command's short help cut from its English docstring). ``command_of`` gives the
    command an item names, None for an option."""
    for item in items:
        if not item.help:
            continue
        command = None if item.value.startswith("-") else command_of(item.value)
        item.help = short_help(command, SHORT_HELP) if command is not None else _(item.help)


# Click's usage errors, by shape: (pattern, the message in the catalogue). Values stay as Click wrote
# them; a nested message (after "Invalid value for …:") is translated in turn.
_SHAPES: tuple[tuple[str, str], ...] = (
    (r"No such option: (?P<name>\S+)", "No such option: {name}"),
    (r"No such command (?P<name>'.*')\.", "No such command {name}."),
    (r"Did you mean (?P<possibility>.+)\?", "Did you mean {possibility}?"),
    (r"\(Possible options: (?P<possibilities>.+)\)", "(Possible options: {possibilities})"),
    (r"Missing argument (?P<name>.+)\.", "Missing argument {name}."),
    (r"Missing option (?P<name>.+)\.", "Missing option {name}."),
    (r"Missing parameter (?P<name>.+)\.", "Missing parameter {name}."),
    (
        r"Invalid value for (?P<name>'[^']*')(?: \(env var: (?P<var>'[^']*')\))?: (?P<message>.*)",
        "Invalid value for {name}: {message}",
    ),
    (r"Invalid value for (?P<name>.+?): (?P<message>.*)", "Invalid value for {name}: {message}"),
    (r"Option (?P<name>'.+') requires an argument\.", "Option {name} requires an argument."),
    (
        r"Option (?P<name>'.+') requires (?P<count>\d+) arguments\.",
        "Option {name} requires {count} arguments.",
    ),
    (r"Got unexpected extra argument \((?P<args>.*)\)", "Got unexpected extra argument ({args})"),
    (r"Got unexpected extra arguments \((?P<args>.*)\)", "Got unexpected extra arguments ({args})"),
    (
        r"Got unexpected extra argument\(s\) \((?P<args>.*)\)",
        N_("Got unexpected extra argument(s) ({args})"),
    ),
    (r"Invalid value: (?P<message>.*)", N_("Invalid value: {message}")),
    (r"(?P<value>'.*') is not one of (?P<choices>.+)\.", "{value} is not one of {choices}."),
    (r"(?P<value>'.*') is not a valid integer\.", "{value} is not a valid integer."),
    (r"(?P<value>'.*') is not a valid int(?: range)?\.", N_("{value} is not a whole number.")),
    (r"(?P<value>'.*') is not a valid float(?: range)?\.", N_("{value} is not a number.")),
    (r"(?P<value>'.*') is not a valid boolean\.", "{value} is not a valid boolean."),
    (r"(?P<value>\S+) is not in the range (?P<range>.+)\.", "{value} is not in the range {range}."),
    (r"Missing command\.", "Missing command."),
)


@functools.cache
def _shapes() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern, re.DOTALL), message) for pattern, message in _SHAPES)


def translate_error(text: str) -> str:
    """One of Click's messages in the user's language; sentences are translated one by one."""
    for pattern, message in _shapes():
        match = pattern.fullmatch(text)
        if match is not None:
            values = match.groupdict()
            if "message" in values:
                values["message"] = translate_error(values["message"])
            if message == "Missing argument {name}.":  # "'NEW'" as the usage line calls it: "'NY'"
                values["name"] = translate_metavars(values["name"])
            var = values.pop("var", None)
            if var is not None:  # "'--now' (env var: 'NEWSCLI_NOW')": the note in the user's language too
                values["name"] = f"{values['name']} ({_('env var: {var}').format(var=var)})"
            return _(message).format(**values)
    parts = re.split(r"(?<=\S) (?=Did you mean |\(Possible options)", text)  # "No such option: --x Did you…"
    if len(parts) > 1:
        return " ".join(translate_error(part) for part in parts)
    return text


def show_error(exc: ClickException) -> None:
    """A usage error as Click shows it (usage line, where to get help, the error), translated.

    What the user typed (a mistyped command, option or value) is in the message: it is shown
    through ``visible`` whatever Click itself escapes (its versions differ; none escapes a bidi
    override), and so is the program's name in the usage line."""
    from newscli.core.text import visible

    stream = sys.stderr
    if isinstance(exc, NoArgsIsHelpError) and exc.ctx is not None:
        print(visible(exc.ctx.get_help()), file=stream)
        return
    if isinstance(exc, ClickUsageError) and exc.ctx is not None:
        ctx = exc.ctx
        print(visible(ctx.get_usage()), file=stream)
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]
            )
            print(visible(hint), file=stream)
        print(file=stream)
    message = _("Error: {message}").format(message=translate_error(exc.format_message()))
    print(visible(message), file=stream)
