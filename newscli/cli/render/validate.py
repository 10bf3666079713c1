"""Drawing ``newscli validate``: one line per problem (coloured on a terminal), or JSON."""

from __future__ import annotations

from typing import IO

from newscli.cli.options import ReportFormat
from newscli.core.diagnostics import Diagnostic
from newscli.core.text import visible
from newscli.core.validate import Report

HINT_PREFIX = "  hint: "  # indented, so a `path:line:col:` pattern never matches a hint line
SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow"}


def report(result: Report, format_: ReportFormat) -> None:
    """The problems on stdout (JSON, coloured lines on a terminal, plain lines); the count on a terminal."""
    import sys

    from newscli.cli.output import is_terminal, message

    if format_ is ReportFormat.JSON:
        json_output(result, sys.stdout)
    elif is_terminal(sys.stdout):
        rich(result)
    else:
        plain(result, sys.stdout)
    if is_terminal(sys.stderr):
        message(result.summary())


def plain(report: Report, out: IO[str]) -> None:
    out.writelines(lines(d) for d in report.diagnostics)


def lines(diagnostic: Diagnostic) -> str:
    """The problem as validate prints it, and its hint on the next line."""
    text = f"{visible(str(diagnostic))}\n"
    if diagnostic.hint:
        text += f"{HINT_PREFIX}{visible(diagnostic.hint)}\n"
    return text


def rich(report: Report) -> None:
    """The same lines as :func:`plain`, with the severity in colour."""
    from rich.text import Text

    from newscli.cli.output import console

    screen = console()
    for d in report.diagnostics:
        line = Text.assemble(
            (f"{visible(d.path)}:{d.line}:{d.column}:", "bold"),
            " ",
            (f"{d.severity.value}:", SEVERITY_STYLE[d.severity.value]),
            f" {visible(d.message)} ",
            (f"[{d.rule}]", "dim"),
        )
        screen.print(line, soft_wrap=True)  # one line per problem, as on a pipe
        if d.hint:
            screen.print(Text(f"{HINT_PREFIX}{visible(d.hint)}", style="cyan"), soft_wrap=True)


def json_output(report: Report, out: IO[str]) -> None:
    from newscli.cli.output import dump_json

    dump_json(report.as_dict(), out)
