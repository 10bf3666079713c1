"""Drawing one article as a reader sees it: rich on a terminal, plain text on a pipe."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import IO, TYPE_CHECKING

from newscli.core.link import Link
from newscli.core.reading.model import Article, Image
from newscli.core.rules.staleness import Status, Verdict
from newscli.core.text import visible
from newscli.core.usecases.show import ShowReport

if TYPE_CHECKING:
    from rich.console import Console

LABELS: Mapping[str, Mapping[str, str]] = {
    "sv": {
        "published": "Publicerad",
        "author": "Av",
        "lastmod": "Senast ändrad",
        "modified_by": "Ändrad av",
        "links": "Mer om",
        "image": "Bild",
        "alt": "Alt-text",
        "draft": "Utkast",
        "draft_note": "UTKAST – visas inte för läsare",
        "scheduled": "Schemalagd",
        "scheduled_note": "Schemalagd – visas för läsare från",
        "archived": "Arkiverad",
        "reviewed": "Granskad",
        "reviewed_by": "av",
    },
    "en": {
        "published": "Published",
        "author": "By",
        "lastmod": "Last modified",
        "modified_by": "Modified by",
        "links": "More about",
        "image": "Image",
        "alt": "Alt text",
        "draft": "Draft",
        "draft_note": "DRAFT – not shown to readers",
        "scheduled": "Scheduled",
        "scheduled_note": "Scheduled – shown to readers from",
        "archived": "Archived",
        "reviewed": "Reviewed",
        "reviewed_by": "by",
    },
}


def labels_for(language: str) -> Mapping[str, str]:
    return LABELS.get(language.split("-")[0].lower(), LABELS["en"])


def _day(article: Article, which: str) -> str:
    value = {"date": article.date, "lastmod": article.lastmod, "reviewed": article.reviewed}[which]
    if value is None:
        return ""
    if value.hour == value.minute == value.second == 0:
        return value.date().isoformat()
    return value.strftime("%Y-%m-%d %H:%M")


def _status_line(article: Article, verdict: Verdict, words: Mapping[str, str]) -> str | None:
    if article.draft:
        return words["draft_note"]
    if verdict.status is Status.SCHEDULED:
        return f"{words['scheduled_note']} {_day(article, 'date')}"
    if article.archived:
        return words["archived"]
    return None


def _byline(article: Article, verdict: Verdict, words: Mapping[str, str]) -> str:
    """ "Publicerad: 2022-12-07 · Av …"; a draft or a scheduled article never says published."""
    if article.draft:
        byline = words["draft"]
    else:
        label = words["scheduled"] if verdict.status is Status.SCHEDULED else words["published"]
        byline = f"{label}: {_day(article, 'date')}"
    if article.author:
        byline += f" · {words['author']} {article.author}"
    return byline


def _image_lines(article: Article, words: Mapping[str, str]) -> list[str]:
    """The caption readers see, and the alt text a screen reader reads (required by law)."""
    if article.image is None:
        return []
    lines = [f"[{words['image']}: {article.image.caption or article.image.alt}]"]
    if article.image.caption:
        lines.append(f"{words['alt']}: {article.image.alt}")
    return lines


def _visible_article(article: Article) -> Article:
    """The article with every text a reader sees passed through ``visible``: no control character
    from the file reaches the terminal, whichever way it is drawn."""
    image = article.image
    if image is not None:
        caption = visible(image.caption) if image.caption is not None else None
        image = Image(visible(image.src), visible(image.alt), caption)
    return replace(
        article,
        title=visible(article.title),
        author=visible(article.author) if article.author else article.author,
        modified_by=visible(article.modified_by) if article.modified_by else article.modified_by,
        reviewed_by=visible(article.reviewed_by) if article.reviewed_by else article.reviewed_by,
        lead=visible(article.lead) if article.lead else article.lead,
        body=visible(article.body),
        image=image,
        links=tuple(Link(visible(link.title), visible(link.url)) for link in article.links),
    )


def plain(report: ShowReport, out: IO[str]) -> None:
    """The article as text: stable, uncoloured, the body's Markdown as written."""
    article, verdict = _visible_article(report.article), report.verdict
    notice = visible(report.notice) if report.notice else report.notice
    words = labels_for(report.language)
    lines = [article.title, "=" * min(len(article.title), 80), _byline(article, verdict, words)]
    status = _status_line(article, verdict, words)
    if status:
        lines.append(f"[{status}]")
    if notice:
        lines += ["", *(f"! {line}" for line in _notice_lines(notice))]
    if article.lead:
        lines += ["", article.lead.strip()]
    body = (article.body or "").strip("\r\n")
    if body:
        lines += ["", body.replace("\r\n", "\n")]
    if article.image:
        lines += ["", *_image_lines(article, words)]
    if article.links:
        lines += ["", f"{words['links']}:"]
        lines += [f"  - {link.title} <{link.url}>" for link in article.links]
    lines += ["", *_footer(article, words)]
    out.write("\n".join(lines).rstrip() + "\n")


def _notice_lines(notice: str) -> list[str]:
    """The notice's first sentence as its heading, the rest below, as on the reference page."""
    head, sep, rest = notice.partition(". ")
    return [head + ("." if sep else ""), rest.strip()] if sep and rest.strip() else [notice]


def _footer(article: Article, words: Mapping[str, str]) -> list[str]:
    lastmod = _day(article, "lastmod") or _day(article, "date")
    footer = [f"{words['lastmod']}: {lastmod}"]
    if article.modified_by:
        footer.append(f"{words['modified_by']}: {article.modified_by}")
    if article.reviewed is not None:
        reviewed = f"{words['reviewed']}: {_day(article, 'reviewed')}"
        if article.reviewed_by:
            reviewed += f" {words['reviewed_by']} {article.reviewed_by}"
        footer.append(reviewed)
    return footer


def rich(report: ShowReport, screen: Console | None = None) -> None:
    from rich.markdown import Markdown
    from rich.panel import Panel
    from rich.style import Style
    from rich.text import Text

    from newscli.cli.output import console

    article, verdict = _visible_article(report.article), report.verdict
    notice = visible(report.notice) if report.notice else report.notice
    words = labels_for(report.language)
    screen = screen or console()
    screen.print(Text(article.title, style="bold"))
    screen.print(Text(_byline(article, verdict, words), style="dim"))
    status = _status_line(article, verdict, words)
    if status:
        screen.print(Text(status, style="yellow"))
    if notice:
        heading, *rest = _notice_lines(notice)
        screen.print()
        screen.print(
            Panel(
                Text(" ".join(rest)),
                title=Text(heading, style="bold"),
                border_style="yellow",
                title_align="left",
                expand=False,
            )
        )
    if article.lead:
        screen.print()
        screen.print(Text(article.lead.strip(), style="bold"))
    if article.body and article.body.strip():
        screen.print()
        screen.print(Markdown(article.body))
    if article.image:
        screen.print()
        for line in _image_lines(article, words):
            screen.print(Text(line, style="italic"))
    if article.links:
        screen.print()
        screen.print(Text(words["links"], style="bold"))
        for link in article.links:
            # A Style object, not a style string: a URL is data, never parsed as style words.
            screen.print(Text.assemble("  • ", (link.title, Style(link=link.url)), (f"  {link.url}", "dim")))
    screen.print()
    for line in _footer(article, words):
        screen.print(Text(line, style="dim"))
