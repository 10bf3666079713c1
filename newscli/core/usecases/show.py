"""The show use case: one article, body included, judged as a reader would see it now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newscli.core.reading.article import Article
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
    from newscli.core.folder.corpus import load_corpus
    from newscli.core.folder.resolve import find_article
    from newscli.core.rules.staleness import evaluate

    corpus = load_corpus(config)
    article = find_article(name, corpus, config)
    verdict = evaluate(article, config, now, corpus.by_slug())
    language = article.language or config.language
    return ShowReport(article, verdict, language, config.notice_for(language) if verdict.stale else None)
