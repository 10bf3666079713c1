"""Drawing ``newscli list``: a rich table on a terminal, aligned plain text on a pipe, JSON, CSV, paths."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import datetime
from typing import IO

from newscli.cli.options import ListFormat
from newscli.core.select import FORMAT_VERSION, RECORD_KEYS, ListReport, Row, age_text, record, summary
from newscli.core.text import json_safe, visible
from newscli.core.timeutil import rfc3339

STATUS_STYLE = {
    "published": "green",
    "draft": "yellow",
    "scheduled": "cyan",
    "stale": "bold red",
}
_CHUNK = 1000
HEADERS = ("Date", "Title", "Status", "Age", "Reason", "Path")


def listing(report: ListReport, format_: ListFormat) -> None:
    """The rows in the format asked for on stdout; each file with errors, and a count, on stderr."""
    import sys

    from newscli.cli.output import is_terminal, message

    out, rows, now = sys.stdout, report.rows, report.now
    if format_ is ListFormat.JSON:
        json_output(rows, now, [d.as_dict() for d in report.problems], out)
    elif format_ is ListFormat.CSV:
        csv_output(rows, now, out)
    elif format_ is ListFormat.PATHS:
        paths_output(rows, out)
    elif is_terminal(out):
        rich_table(rows, now, summary(rows, report.stale_after))
    else:
        plain_table(rows, now, out)
    failed = report.failed
    if failed:
        skipped = sum(1 for item in failed if item.summary is None)
        for item in failed:
            message(str(item.errors[0]))
        noun = "file has" if len(failed) == 1 else "files have"
        message(
            f"newscli: {len(failed)} {noun} errors ({skipped} not listed); "
            "run `newscli validate` for every problem"
        )


TITLE_SHOWN = 300  # characters of a title a table shows; a longer one is cut with "…"


def _cells(row: Row, now: datetime) -> tuple[str, str, str, str, str, str]:
    """The row's cells as shown: every text from a file or file name passed through ``visible``."""
    a = row.article
    status = row.verdict.status.value
    if a.archived:
        status += " (archived)"
    elif row.due:
        status += ", due for archive"
    # Cut before escaping: a 3 MB title must cost the table nothing (validate says it is too long).
    title = a.title if len(a.title) <= TITLE_SHOWN else a.title[: TITLE_SHOWN - 1] + "…"
    return (
        a.date.date().isoformat(),
        visible(title),
        status,
        age_text(row, now),
        visible(row.verdict.reason or row.verdict.note or ""),
        visible(a.shown),
    )


def plain_table(rows: Sequence[Row], now: datetime, out: IO[str]) -> None:
    """Columns padded with spaces, no colour, never wrapped or cut: stable for grep and diff."""
    table = [HEADERS] + [_cells(r, now) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADERS) - 1)]
    write = out.write
    for line in table:
        head = "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=False))
        write(f"{head}  {line[-1]}\n")


def rich_table(rows: Sequence[Row], now: datetime, summary: str) -> None:
    from rich.table import Table
    from rich.text import Text

    from newscli.cli.output import console

    table = Table(show_edge=False, header_style="bold", pad_edge=False, expand=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Title", ratio=3, overflow="fold")
    table.add_column("Status", no_wrap=True)
    table.add_column("Age", no_wrap=True, justify="right")
    table.add_column("Reason", ratio=2, overflow="fold")
    table.add_column("Path", ratio=2, overflow="fold", style="dim")
    for row in rows:
        cells = _cells(row, now)
        style = STATUS_STYLE[row.verdict.status.value]
        # Text objects only: a cell given as a string would be read as rich markup ("[/]" in a path).
        table.add_row(
            Text(cells[0]),
            Text(cells[1], style="bold" if row.verdict.stale else ""),
            Text(cells[2], style=style),
            Text(cells[3]),
            Text(cells[4], style="red" if row.verdict.stale else ""),
            Text(cells[5]),
            style="on grey11" if row.verdict.stale else None,
        )
    screen = console()
    screen.print(table)
    screen.print(Text(visible(summary), style="dim"))


def json_output(
    rows: Sequence[Row], now: datetime, problems: Sequence[dict[str, object]], out: IO[str]
) -> None:
    """One object; each article on a line of its own: readable, diffable, and written by the C encoder."""
    from newscli.core.parallel import write_on_both_cores

    head = json.dumps({"format_version": FORMAT_VERSION, "now": rfc3339(now)}, ensure_ascii=False)[:-1]
    encode = json.JSONEncoder(ensure_ascii=False).encode

    def dumps(value: object) -> str:
        return json_safe(encode(value))

    out.write(f'{head}, "articles": [\n')

    def write(part: Sequence[Row], dest: IO[str], follows: bool) -> None:
        for start in range(0, len(part), _CHUNK):  # in chunks: 100,000 articles never sit in memory as text
            if start or follows:
                dest.write(",\n")
            dest.write(",\n".join(dumps(record(r, now)) for r in part[start : start + _CHUNK]))

    write_on_both_cores(write, rows, out)  # many articles: the second half is encoded on the other core
    closing = "\n]" if rows else "]"
    out.write(f'{closing}, "problems": {dumps(list(problems))}}}\n')


def csv_output(rows: Sequence[Row], now: datetime, out: IO[str]) -> None:
    """One header row, one row per article; tags joined with ';'; a format_version column first."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("format_version", *RECORD_KEYS))
    for row in rows:
        data = record(row, now)
        data["tags"] = ";".join(row.article.tags)
        writer.writerow((FORMAT_VERSION, *(_csv_cell(data[k]) for k in RECORD_KEYS)))


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return visible(value)  # CSV is read on screens and in spreadsheets: no raw control character
    return value


def paths_output(rows: Sequence[Row], out: IO[str]) -> None:
    """One path a line; a control character in a file name is shown escaped (``\x1b``), so a
    terminal never acts on it and one name never spans two lines."""
    out.writelines(f"{visible(r.article.shown)}\n" for r in rows)
