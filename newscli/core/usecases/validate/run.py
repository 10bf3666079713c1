"""``newscli validate``'s entry: which files to report, their facts, then the checks across files.

With no path the whole articles folder is checked and reported. With paths (``validate PATH...``)
only the files named are reported, but duplicate slugs and ``superseded_by`` are still checked
against the whole folder: the files not named are read too (from the cache where unchanged).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from newscli.core.folder.corpus import load_one
from newscli.core.folder.discover import Found, find_articles
from newscli.core.rules.config import Config, require_articles_dir
from newscli.core.usecases.validate.across import cross_check
from newscli.core.usecases.validate.facts import FactsCache, FileFacts, facts
from newscli.core.usecases.validate.report import ValidateReport
from newscli.core.usecases.validate.selection import Selection


def validate(config: Config, paths: Sequence[str] = (), strict: bool = False) -> ValidateReport:
    """Check the files named in ``paths`` (files or folders), or the whole articles folder.

    Duplicate slugs and ``superseded_by`` are checked against the whole articles folder (live and
    archived) plus the files named, but only the files named are reported. With ``strict`` a
    warning makes the outcome PARTLY too.
    """
    return dataclasses.replace(_validate(config, paths), strict=strict)


def _validate(config: Config, paths: Sequence[str]) -> ValidateReport:
    root = config.articles_dir
    if not paths:
        require_articles_dir(config)
        with FactsCache(config) as cached:
            everything = cached.all_facts(list(find_articles(root, True, True)))
        return cross_check(everything, everything)

    selection = Selection(paths, root)
    targets: list[FileFacts] = []
    unnamed: list[Found] = []
    with FactsCache(config) as cached:
        placeholders = cached.placeholders
        for found in find_articles(root, True, True):
            named = selection.claim(found)
            if named is None:
                unnamed.append(found)
            else:
                item, item_root = named
                targets.append(facts(load_one(item, config.timezone, item_root), config, placeholders))
                cached.cache.keep(found.rel)
        others = cached.all_facts(unnamed)
    for item, item_root in selection.rest():
        targets.append(facts(load_one(item, config.timezone, item_root), config, placeholders))
    return cross_check(targets, [*targets, *others])
