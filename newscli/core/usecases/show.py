"""The show use case: one article, body included, judged as a reader would see it now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newscli.core.reading.model import Article
from newscli.core.report import Outcome
from newscli.core.rules.config import Config
from newscli.core.rules.staleness import Verdict


@dataclass(frozen=True)
class ShowReport:
    article: Article
    verdict: Verdict
    language: str  # the article's own language, else the configured one: the labels' and notice's
    notice: str | None  # the outdated-news notice in that language when the article is stale

    @property
    def outcome(self) -> Outcome:
        return Outcome.DONE  # an article that cannot be shown is refused (a NewscliError) instead


def show_article(config: Config, now: datetime, name: str) -> ShowReport:
    """The article with slug ``name`` (live before archived) or at path ``name``, and its verdict.

    Its successor (``superseded_by``) is looked up among every article, live and archived.
    """
    from newscli.core.folder.resolve import CorpusOnce, find, refuse_with_errors
    from newscli.core.reading.article import load
    from newscli.core.rules.staleness import evaluate

    corpus = CorpusOnce(config)
    table = corpus.get().by_slug()  # read first: a missing articles folder is said before the file
    named = find(name, corpus)
    # A file found in the folder is not followed out of it by a link; one named by path may be.
    loaded = load(
        str(named.path),
        named.shown,
        named.archived,
        config.timezone,
        None if named.by_path else config.articles_dir,
    )
    if loaded.article is None:
        raise refuse_with_errors(loaded, name)
    article = loaded.article
    verdict = evaluate(article, config, now, table)
    language = article.language or config.language
    return ShowReport(article, verdict, language, config.notice_for(language) if verdict.stale else None)
