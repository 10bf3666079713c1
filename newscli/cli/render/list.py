"""Drawing ``newscli list``: a rich table on a terminal, aligned plain text on a pipe, JSON, CSV, paths."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from json.encoder import encode_basestring
from typing import IO, TYPE_CHECKING

from newscli.cli.options import ListFormat
from newscli.core.rules.timeutil import rfc3339
from newscli.core.text import json_safe, visible, visible_line
from newscli.core.usecases.select import FORMAT_VERSION, RECORD_KEYS, ListReport, Record, Row, record
from newscli.i18n import _, localize, ngettext

if TYPE_CHECKING:
    from rich.console import Console

    from newscli.core.rules.durations import Duration

STATUS_STYLE = {
    "published": "green",
    "draft": "yellow",
    "scheduled": "cyan",
    "stale": "bold red",
}
_CHUNK = 1000
GAP = 2  # spaces between two columns of the terminal table


def listing(
    report: ListReport, format_: ListFormat, columns: Sequence[Column] | None = None, excel: bool = False
) -> None:
    """The rows in the format asked for on stdout; each file with errors, and a count, on stderr."""
    import sys

    from newscli.cli.output import is_terminal, message

    out, rows, now = sys.stdout, report.rows, report.now
    if format_ is ListFormat.JSON:
        json_output(rows, now, [d.as_dict() for d in report.problems], out)
    elif format_ is ListFormat.CSV:
        if excel and hasattr(out, "reconfigure"):
            out.reconfigure(encoding="utf-8", newline="")  # CRLF as written, UTF-8 on every platform
        csv_output(rows, now, out, excel)
    elif format_ is ListFormat.PATHS:
        paths_output(rows, out)
    elif is_terminal(out):
        rich_table(rows, now, summary(rows, report.stale_after), columns)
    else:
        plain_table(rows, now, out, columns or DEFAULT_COLUMNS)
    failed = report.failed
    if failed:
        skipped = sum(1 for item in failed if item.summary is None)
        from newscli.cli.render.validate import line

        for item in failed:
            message(line(item.errors[0]))  # validate's line, in the user's language
        counted = ngettext(
            "newscli: {count} file has errors ({skipped} not listed)",
            "newscli: {count} files have errors ({skipped} not listed)",
            len(failed),
        ).format(count=len(failed), skipped=skipped)
        message(counted + "; " + _("run `newscli validate` for every problem"))


TITLE_SHOWN = 300  # characters of a title a table shows; a longer one is cut with "…"


class Column(StrEnum):
    DATE = "date"
    TITLE = "title"
    STATUS = "status"
    AGE = "age"
    REASON = "reason"
    PATH = "path"
    SLUG = "slug"
    AUTHOR = "author"
    TAGS = "tags"


DEFAULT_COLUMNS = (Column.DATE, Column.TITLE, Column.STATUS, Column.AGE, Column.REASON, Column.PATH)
# Text that may be shortened with "…" when the terminal is narrow, and its comfortable minimum width;
# a path or a slug never is.
SHORTENED = {Column.TITLE: 20, Column.REASON: 20, Column.AUTHOR: 10, Column.TAGS: 10}
# The title's last resort, kept so that the slug can stay: "Borås…" beside a 60-character slug and a
# Swedish status word is 80 columns.
TITLE_AT_LEAST = 6
# The slug column is as wide as the longest slug up to this, wider when a longer one fits whole. A
# slug longer than its column is never cut: its cell says MARK (`--columns slug` shows it whole), so
# that one 80-character slug does not take the slug column from every other row.
SLUG_AT_LEAST = 60
MARK = "…"
# What a narrow terminal gives way, in order, until the table fits (each step keeps the status word):
# the path gives way to the slug (shorter, and what show, restore and the editing commands take),
# then the age (the date and the reason say it), the date, the reason; then the title shortens from
# 20 to 6 cells; then the slug goes; last, the status (the title alone, shortened to the width).
_TITLE = SHORTENED[Column.TITLE]
_STEPS: tuple[tuple[tuple[Column, ...], int], ...] = (
    ((Column.DATE, Column.TITLE, Column.STATUS, Column.AGE, Column.REASON, Column.PATH), _TITLE),
    ((Column.DATE, Column.TITLE, Column.STATUS, Column.AGE, Column.REASON, Column.SLUG), _TITLE),
    ((Column.DATE, Column.TITLE, Column.STATUS, Column.REASON, Column.SLUG), _TITLE),
    ((Column.TITLE, Column.STATUS, Column.REASON, Column.SLUG), _TITLE),
    ((Column.TITLE, Column.STATUS, Column.SLUG), _TITLE),
    ((Column.TITLE, Column.STATUS, Column.SLUG), TITLE_AT_LEAST),
    ((Column.TITLE, Column.STATUS), TITLE_AT_LEAST),
    ((Column.TITLE, Column.STATUS), 1),
)
# A column a step dropped comes back, in this order, when there is room for it after all.
_BACK = (Column.REASON, Column.DATE, Column.AGE)


def header(column: Column) -> str:
    return {
        Column.DATE: _("Date"),
        Column.TITLE: _("Title"),
        Column.STATUS: _("Status"),
        Column.AGE: _("Age"),
        Column.REASON: _("Reason"),
        Column.PATH: _("Path"),
        Column.SLUG: _("Slug"),
        Column.AUTHOR: _("Author"),
        Column.TAGS: _("Tags"),
    }[column]


def status_text(row: Row, terminal: bool = False) -> str:
    """The status word; on a pipe also "due for archive" (a terminal says it in the reason column)."""
    words = {
        "published": _("published"),
        "draft": _("draft"),
        "scheduled": _("scheduled"),
        "stale": _("stale"),
    }
    status = words[row.verdict.status.value]
    if row.article.archived:
        return _("{status} (archived)").format(status=status)
    if row.due and not terminal:
        return _("{status}, due for archive").format(status=status)
    return status


def reason_text(row: Row, terminal: bool = False) -> str:
    """Why the article is stale, or why it is not though it is old (evergreen)."""
    if row.verdict.reason:
        if row.due and terminal:
            # First, so that a reason shortened with … to fit the terminal still says it.
            return _("due for archive; {reason}").format(reason=localize(row.verdict.reason))
        return localize(row.verdict.reason) or ""
    # Why it is not stale though old: evergreen, or reviewed (the rules' note).
    return localize(row.verdict.note) or ""


def cell(column: Column, row: Row, now: datetime, terminal: bool = False) -> str:
    """A cell as shown: every text from a file or a file name passed through ``visible``."""
    return (
        visible_line(_cell(column, row, now, terminal))
        if column not in _OURS
        else _cell(column, row, now, terminal)
    )


_OURS = frozenset({"date", "status", "age"})  # cells newscli words itself, nothing from a file


def _cell(column: Column, row: Row, now: datetime, terminal: bool) -> str:
    a = row.article
    if column is Column.DATE:
        return a.date.date().isoformat()
    if column is Column.TITLE:
        # Cut before escaping: a 3 MB title must cost the table nothing (validate says it is too long).
        return a.title if len(a.title) <= TITLE_SHOWN else a.title[: TITLE_SHOWN - 1] + "…"
    if column is Column.STATUS:
        return status_text(row, terminal)
    if column is Column.AGE:
        from newscli.cli.render.words import short_age

        return short_age(row.verdict.reference, now)
    if column is Column.REASON:
        return reason_text(row, terminal)
    if column is Column.PATH:
        return a.shown
    if column is Column.SLUG:
        return a.slug
    if column is Column.AUTHOR:
        return a.author or ""
    return ", ".join(a.tags)


@dataclass(frozen=True)
class Layout:
    """The columns to draw, in order, and how wide each is."""

    columns: tuple[Column, ...]
    widths: tuple[int, ...]

    @property
    def width(self) -> int:
        return sum(self.widths) + GAP * max(len(self.widths) - 1, 0)


def fit(
    natural: dict[Column, int],
    width: int,
    chosen: Sequence[Column] | None = None,
    slugs: Sequence[int] = (),
) -> Layout:
    """The columns that fit ``width`` at one line per article.

    ``natural`` is each column's widest cell (heading included); ``slugs`` what the slug column
    needs to show each row's slug (its width, at least the heading's; by default only the widest).
    Without ``chosen``, the columns are the first of ``_STEPS`` that fits (a path whole, never cut;
    the slug column as wide as the longest slug up to SLUG_AT_LEAST), with a dropped column back
    where it fits after all; then the room left widens the slug column to the longest slug it can
    hold, and the rest is shared by the columns that may be shortened. With ``chosen``, those
    columns are drawn as asked; only the shortenable ones give way, so the line may still be wider
    than ``width``.
    """

    def widest_slug(limit: int) -> int:
        return max((w for w in slugs or (natural[Column.SLUG],) if w <= limit), default=0)

    if chosen:
        taken = list(chosen)
        widths = {c: 1 if c in SHORTENED else natural[c] for c in taken}
    else:
        taken, widths = _first_that_fits(natural, width, widest_slug(SLUG_AT_LEAST))
    room = width - sum(widths.values()) - GAP * (len(taken) - 1)
    if not chosen and Column.SLUG in widths and room > 0:  # a whole slug first, then more title
        grown = widest_slug(widths[Column.SLUG] + room)
        room -= grown - widths[Column.SLUG]
        widths[Column.SLUG] = grown
    while room > 0:  # the room left is shared: the narrowest shortened column grows first
        short = [c for c in taken if c in SHORTENED and widths[c] < natural[c]]
        if not short:
            break
        narrowest = min(short, key=lambda c: widths[c])
        widths[narrowest] += 1
        room -= 1
    order = list(chosen) if chosen else [*DEFAULT_COLUMNS, Column.SLUG]
    columns = tuple(c for c in order if c in taken)
    return Layout(columns, tuple(widths[c] for c in columns))


def _first_that_fits(
    natural: dict[Column, int], width: int, slug: int
) -> tuple[list[Column], dict[Column, int]]:
    def least(column: Column, title: int) -> int:
        if column is Column.TITLE:
            return min(natural[column], title)
        if column is Column.SLUG:
            return slug
        return min(natural[column], SHORTENED.get(column, natural[column]))

    def need(widths: dict[Column, int]) -> int:
        return sum(widths.values()) + GAP * (len(widths) - 1)

    for columns, title in _STEPS:
        if Column.SLUG in columns and not slug:  # no slug that its column could hold
            continue
        widths = {c: least(c, title) for c in columns}
        if need(widths) > width:
            continue
        if title == _TITLE:  # never at the cost of a title shortened below 20
            for column in _BACK:
                if column not in widths and need({**widths, column: least(column, title)}) <= width:
                    widths[column] = least(column, title)
        return list(widths), widths
    return [Column.TITLE], {Column.TITLE: max(min(natural[Column.TITLE], width), 1)}  # narrower than a status


def summary(rows: Sequence[Row], threshold: Duration) -> str:
    """The closing line: "12 articles, 4 stale, 1 due for archive, threshold 1 year"."""
    from newscli.cli.render.words import duration_text

    stale = sum(1 for r in rows if r.verdict.stale)
    due = sum(1 for r in rows if r.due)
    parts = [
        ngettext("{count} article", "{count} articles", len(rows)).format(count=len(rows)),
        ngettext("{count} stale", "{count} stale", stale).format(count=stale),
    ]
    if due:
        parts.append(ngettext("{count} due for archive", "{count} due for archive", due).format(count=due))
    parts.append(_("threshold {duration}").format(duration=duration_text(threshold)))
    return ", ".join(parts)


def plain_table(
    rows: Sequence[Row], now: datetime, out: IO[str], columns: Sequence[Column] = DEFAULT_COLUMNS
) -> None:
    """Columns padded with spaces, no colour, never wrapped or cut: stable for grep and diff."""
    table = [[header(c) for c in columns]]
    for row in rows:
        table.append([cell(c, row, now) for c in columns])
        row.release()  # its cells are what is kept: at 100,000 rows, not the verdicts too
    widths = [max(len(line[i]) for line in table) for i in range(len(columns) - 1)]
    write = out.write
    for line in table:
        head = "".join(f"{text.ljust(width)}  " for text, width in zip(line, widths, strict=False))
        write(f"{head}{line[-1]}".rstrip(" ") + "\n")


def rich_table(
    rows: Sequence[Row],
    now: datetime,
    summary: str,
    columns: Sequence[Column] | None = None,
    screen: Console | None = None,
) -> None:
    """One line per article at any width: long text shortened with "…", columns dropped by priority."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    from newscli.cli.output import console

    screen = screen or console()
    candidates = list(columns) if columns else [*DEFAULT_COLUMNS, Column.SLUG]
    texts = [{c: cell(c, r, now, terminal=True) for c in candidates} for r in rows]
    natural = {c: max([cell_len(header(c)), *(cell_len(t[c]) for t in texts)]) for c in candidates}
    heading = cell_len(header(Column.SLUG))
    slugs = [max(cell_len(t[Column.SLUG]), heading) for t in texts] if not columns else []
    layout = fit(natural, screen.width, columns, slugs)
    if Column.SLUG in layout.columns:  # a slug longer than its column: not cut, left out (MARK)
        room = layout.widths[layout.columns.index(Column.SLUG)]
        for text in texts:
            if cell_len(text[Column.SLUG]) > room:
                text[Column.SLUG] = MARK

    # The table's own width: rich squeezes a table to the console's width (``print(width=…)`` is
    # capped by it too), which would cut a date, a status or a slug chosen with --columns.
    table = Table(
        box=None, header_style="bold", pad_edge=False, padding=(0, 1), expand=False, width=layout.width
    )
    for column, width in zip(layout.columns, layout.widths, strict=True):
        table.add_column(
            header(column),
            width=width,
            no_wrap=True,
            overflow="ellipsis" if column in SHORTENED else "ignore",
            justify="right" if column is Column.AGE else "left",
            style="dim" if column in (Column.PATH, Column.SLUG) else None,
        )
    for row, text in zip(rows, texts, strict=True):
        stale = row.verdict.stale
        styles = {
            Column.TITLE: "bold" if stale else "",
            Column.STATUS: STATUS_STYLE[row.verdict.status.value],
            Column.REASON: "red" if stale else "",
        }
        table.add_row(
            *(Text(text[c], style=styles.get(c, "")) for c in layout.columns),
            style="on grey11" if stale else None,
        )
    screen.print(table, width=max(layout.width, screen.width), crop=False)
    screen.print(Text(visible(summary), style="dim"))


def json_output(
    rows: Sequence[Row], now: datetime, problems: Sequence[dict[str, object]], out: IO[str]
) -> None:
    """One object; each article on a line of its own: readable, diffable."""
    from newscli.core.folder.parallel import write_on_both_cores

    head = json.dumps({"format_version": FORMAT_VERSION, "now": rfc3339(now)}, ensure_ascii=False)[:-1]
    out.write(f'{head}, "articles": [\n')

    def write(part: Sequence[Row], dest: IO[str], follows: bool) -> None:
        for start in range(0, len(part), _CHUNK):  # in chunks: 100,000 articles never sit in memory as text
            if start or follows:
                dest.write(",\n")
            dest.write(
                ",\n".join(json_safe(json_record(record(r, now))) for r in part[start : start + _CHUNK])
            )

    write_on_both_cores(write, rows, out)  # many articles: the second half is encoded on the other core
    closing = "\n]" if rows else "]"
    out.write(f'{closing}, "problems": {json_safe(json.dumps(list(problems), ensure_ascii=False))}}}\n')


def json_record(r: Record) -> str:
    """``json.dumps(r._asdict(), ensure_ascii=False)``, byte for byte (tests/test_list.py compares
    them), written out field by field: the C encoder walking a dict of 23 keys took twice as long."""
    return (
        f'{{"path": {_text(r.path)}, "slug": {_text(r.slug)}, "title": {_text(r.title)}, '
        f'"status": {_text(r.status)}, "date": {_text(r.date)}, "lastmod": {_text(r.lastmod)}, '
        f'"age_days": {"null" if r.age_days is None else int.__repr__(r.age_days)}, '
        f'"stale": {_BOOLEAN[r.stale]}, "stale_since": {_text(r.stale_since)}, '
        f'"stale_at": {_text(r.stale_at)}, "reason": {_text(r.reason)}, "threshold": {_text(r.threshold)}, '
        f'"due_for_archive": {_BOOLEAN[r.due_for_archive]}, "archived": {_BOOLEAN[r.archived]}, '
        f'"draft": {_BOOLEAN[r.draft]}, "evergreen": {_BOOLEAN[r.evergreen]}, '
        f'"superseded_by": {_text(r.superseded_by)}, "language": {_text(r.language)}, '
        f'"author": {_text(r.author)}, "modified_by": {_text(r.modified_by)}, '
        f'"tags": [{", ".join(map(encode_basestring, r.tags))}], "reviewed": {_text(r.reviewed)}, '
        f'"reviewed_by": {_text(r.reviewed_by)}}}'
    )


_BOOLEAN = {True: "true", False: "false"}


def _text(value: str | None) -> str:
    """A JSON string (``ensure_ascii=False``: what json.dumps writes), or null."""
    return "null" if value is None else encode_basestring(value)


def csv_output(rows: Sequence[Row], now: datetime, out: IO[str], excel: bool = False) -> None:
    """One header row, one row per article; tags joined with ';'; a format_version column first.

    ``excel``: what Excel with Swedish settings opens right: a BOM (so it reads UTF-8), ``;`` between
    cells (a comma is the decimal sign), CRLF, each tag on a line of its own in its cell (a tag may hold
    ``;`` but never a line break), and text that Excel would run as a formula (``=``, ``+``, ``-``,
    ``@``) kept as text with a leading ``'``.
    """
    if excel:
        out.write("\ufeff")
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    else:
        writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("format_version", *RECORD_KEYS))
    joiner = "\n" if excel else ";"
    for row in rows:
        data = record(row, now)
        cells = [_csv_cell(value) for value in data]
        cells[_TAGS] = _csv_cell(joiner.join(data.tags))
        if excel:
            cells = [_as_text(c) for c in cells]
        writer.writerow((FORMAT_VERSION, *cells))


_TAGS = RECORD_KEYS.index("tags")


def _as_text(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return visible(value)  # CSV is read on screens and in spreadsheets: no raw control character
    return value


def paths_output(rows: Sequence[Row], out: IO[str]) -> None:
    """One path a line; a control character in a file name is shown escaped (``\x1b``), a line
    break too (``\x0a``), so a terminal never acts on it and one name never spans two lines."""
    out.writelines(f"{visible_line(r.article.shown)}\n" for r in rows)
