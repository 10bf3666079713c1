"""``newscli export``: the site's data file, so the published page shows newscli's own decisions.

The Hugo site (``site/``) reads one JSON file from its data folder. It holds, per slug, what the rules
decided at one moment ("now"): the status, the reason, ``stale_at`` (when the notice starts to show on
the reader's clock), the notice text in the article's language, the language and the successor to
link to. The templates only look things up in it; they never judge an article themselves (a second
implementation of the rules in Go templates would differ on edges: drafts and scheduled successors,
daylight-saving days). The file is versioned: the site refuses a version it does not know.

The moment is taken to the whole second, and written into the file, so that Hugo's ``--clock`` can be
given exactly the same one: Hugo then publishes exactly the articles newscli calls published or stale.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from newscli import __version__
from newscli.core.diagnostics import Diagnostic
from newscli.core.errors import NewscliError
from newscli.core.folder.corpus import Corpus, load_corpus
from newscli.core.reading.model import Summary
from newscli.core.report import Outcome
from newscli.core.rules.config import Config
from newscli.core.rules.staleness import Status, Verdict, evaluate
from newscli.core.rules.timeutil import rfc3339

# The data file's version; the site's templates check it. A removed or changed key increments it.
SITE_FORMAT_VERSION = 1
# Where the site looks for it: <site>/data/newscli.json, read by Hugo as site.Data.newscli.
DEFAULT_OUTPUT = Path("site") / "data" / "newscli.json"
# Statuses whose articles the site publishes.
PUBLISHED = (Status.PUBLISHED, Status.STALE)


@dataclass(frozen=True)
class ExportReport:
    output: Path
    now: datetime  # the moment the decisions were taken for, to the second: Hugo's --clock
    articles: int = 0  # articles in the file
    pages: int = 0  # of them, the ones the site publishes (published or stale)
    stale: int = 0  # of those, the ones that show the notice
    problems: tuple[Diagnostic, ...] = field(default_factory=tuple)

    @property
    def outcome(self) -> Outcome:
        return Outcome.PARTLY if self.problems else Outcome.DONE


def export(config: Config, now: datetime, output: Path) -> ExportReport:
    """Judge every article, live and archived, and write the site's data file at ``output``.

    Files with errors are reported (the outcome is then PARTLY); those that could still be read are
    in the file, as ``list`` shows them. A file that could not be read at all is not, and the site's
    build names it as missing: nothing is published that newscli could not judge.
    """
    moment = now.replace(microsecond=0)
    corpus = load_corpus(config, live=True, archived=True)
    document = site_data(corpus, config, moment)
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    _write(output, text.encode("utf-8"), moment)
    articles: Mapping[str, Mapping[str, Any]] = document["articles"]
    problems = tuple(d for item in corpus.failed for d in item.errors) + _duplicates(corpus)
    return ExportReport(
        output=output,
        now=moment,
        articles=len(articles),
        pages=document["pages"],
        stale=sum(1 for a in articles.values() if a["status"] == Status.STALE.value),
        problems=problems,
    )


def site_data(corpus: Corpus, config: Config, now: datetime) -> dict[str, Any]:
    """The data file's document (plain data): one record per slug, in the order of the files."""
    by_slug = corpus.by_slug()
    records: dict[str, dict[str, Any]] = {}
    pages = 0
    for slug, article in sorted(by_slug.items(), key=lambda item: item[1].shown):
        verdict = evaluate(article, config, now, by_slug)
        records[slug] = record(article, verdict, config, now, by_slug)
        pages += verdict.status in PUBLISHED
    return {
        "format_version": SITE_FORMAT_VERSION,
        "generator": f"newscli {__version__}",
        "now": rfc3339(now),
        "timezone": config.timezone_name,
        "pages": pages,
        "articles": records,
    }


def record(
    article: Summary, verdict: Verdict, config: Config, now: datetime, by_slug: Mapping[str, Summary]
) -> dict[str, Any]:
    language = article.language or config.language
    return {
        "file": _relative(article, config),
        "status": verdict.status.value,
        "reason": verdict.reason,
        "stale_at": rfc3339(verdict.stale_at) if verdict.stale_at else None,
        "notice": config.notice_for(language),
        "language": language,
        "date": rfc3339(article.date),
        "lastmod": rfc3339(article.lastmod) if article.lastmod else None,
        "archived": article.archived,
        "successor": _successor(article, now, by_slug),
    }


def _successor(article: Summary, now: datetime, by_slug: Mapping[str, Summary]) -> dict[str, str] | None:
    """The article replacing this one, when the site publishes it: a draft or a scheduled successor
    has no page yet, and a link to it would lead nowhere."""
    if not article.superseded_by:
        return None
    successor = by_slug.get(article.superseded_by)
    if successor is None or successor.slug == article.slug or successor.draft or successor.date > now:
        return None
    return {"slug": successor.slug, "title": successor.title}


def _relative(article: Summary, config: Config) -> str:
    """The file inside the articles folder, with '/' (what Hugo's mount shows under nyheter/).

    Without resolving links: Hugo names a file by where it is found, as newscli does."""
    path = os.path.abspath(article.shown)
    root = os.path.abspath(config.articles_dir)
    relative = os.path.relpath(path, root)
    return Path(relative).as_posix() if not relative.startswith("..") else Path(article.shown).as_posix()


def _duplicates(corpus: Corpus) -> tuple[Diagnostic, ...]:
    """A slug two files claim: the site would publish both at one URL. The file keeps the one
    ``list`` and ``show`` use (live, then the first path); the build refuses the other."""
    from newscli.core.diagnostics import error
    from newscli.i18n import _

    seen: dict[str, str] = {}
    found = []
    for article in corpus.articles:
        first = seen.setdefault(article.slug, article.shown)
        if first != article.shown:
            message = _("slug '{slug}' is also used by {path}; the site can publish only one of them")
            found.append(
                error(article.shown, 1, 1, message.format(slug=article.slug, path=first), "slug-duplicate")
            )
    return tuple(found)


def _write(output: Path, data: bytes, now: datetime) -> None:
    """Through the durable-write helper: a reader (a Hugo build) sees the old file or the new one."""
    from newscli.core.writing import durable
    from newscli.i18n import _

    folder = output.parent
    # os.path, not Path's methods: they raise a name the file system refuses (ENAMETOOLONG).
    if not os.path.isdir(folder):
        raise ExportError(
            _("the folder {folder} does not exist").format(folder=folder),
            hint=_("give --output a file in an existing folder (the site's data/ folder)"),
        )
    if os.path.lexists(output):
        if not os.path.isfile(output) or os.path.islink(output):
            raise ExportError(_("{path} is not a regular file; nothing was written").format(path=output))
        durable.replace(durable.read(output), data, now)
    else:
        durable.create(output, data)


class ExportError(NewscliError):
    """The data file cannot be written where asked."""
