"""Drawing ``newscli validate``: one line per problem (coloured on a terminal), or JSON."""

from __future__ import annotations

from typing import IO

from newscli.cli.options import ReportFormat
from newscli.core.diagnostics import Diagnostic
from newscli.core.text import visible_line
from newscli.core.usecases.validate.report import ValidateReport
from newscli.i18n import _, localize, ngettext

HINT_PREFIX = "  hint: "  # indented, so a `path:line:col:` pattern never matches a hint line


def _hint(hint: str) -> str:
    # One line, as the diagnostic: a path in a `git mv` hint may hold a line break.
    return _("  hint: {hint}").format(hint=visible_line(localize(hint) or ""))


SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow"}


def report(result: ValidateReport, format_: ReportFormat) -> None:
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
        message(summary(result))


def summary(result: ValidateReport) -> str:
    """``3 errors, 1 warning in 2 of 48 files``, or ``no problems in 48 files``."""
    files = ngettext("{count} file", "{count} files", result.files_checked).format(count=result.files_checked)
    if not result.diagnostics:
        return _("no problems in {files}").format(files=files)
    counts = []
    if result.errors:
        counts.append(ngettext("{count} error", "{count} errors", result.errors).format(count=result.errors))
    if result.warnings:
        counts.append(
            ngettext("{count} warning", "{count} warnings", result.warnings).format(count=result.warnings)
        )
    return _("{counts} in {failed} of {files}").format(
        counts=", ".join(counts), failed=result.files_with_problems, files=files
    )


def plain(report: ValidateReport, out: IO[str]) -> None:
    out.writelines(lines(d) for d in report.diagnostics)


def line(diagnostic: Diagnostic) -> str:
    """The problem as validate prints it, on one line (no line break, no hint)."""
    d = diagnostic
    # The message in the user's language; the shape, the severity and the rule id never change.
    return visible_line(f"{d.path}:{d.line}:{d.column}: {d.severity.value}: {localize(d.message)} [{d.rule}]")


def lines(diagnostic: Diagnostic) -> str:
    """The problem as validate prints it, and its hint on the next line."""
    d = diagnostic
    text = line(d) + "\n"
    if d.hint:
        text += f"{_hint(d.hint)}\n"
    return text


def rich(report: ValidateReport) -> None:
    """The same lines as :func:`plain`, with the severity in colour."""
    from rich.text import Text

    from newscli.cli.output import console

    screen = console()
    for d in report.diagnostics:
        line = Text.assemble(
            (f"{visible_line(d.path)}:{d.line}:{d.column}:", "bold"),
            " ",
            (f"{d.severity.value}:", SEVERITY_STYLE[d.severity.value]),
            f" {visible_line(localize(d.message) or '')} ",
            (f"[{d.rule}]", "dim"),
        )
        screen.print(line, soft_wrap=True)  # one line per problem, as on a pipe
        if d.hint:
            screen.print(Text(_hint(d.hint), style="cyan"), soft_wrap=True)


def json_output(report: ValidateReport, out: IO[str]) -> None:
    from newscli.cli.output import dump_json

    dump_json(report.as_dict(), out)
