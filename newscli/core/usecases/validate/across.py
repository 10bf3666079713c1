"""The checks between files, and the report they end in: duplicate slugs, ``superseded_by``
(names no article, itself, a cycle, an older article) and tag spellings that vary.

They look at every file's facts (live and archived, named or not) but report only the targets.
Cycles are found once for the whole successor graph, in linear time.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence

from newscli.core.diagnostics import Diagnostic, error, warning
from newscli.core.rules.tags import Kind, Variant, variants
from newscli.core.usecases.validate.facts import FileFacts
from newscli.core.usecases.validate.report import ValidateReport
from newscli.i18n import Message

_CHAIN_SHOWN = 6  # slugs named in a cycle message before "..."


def cross_check(targets: Sequence[FileFacts], everything: Sequence[FileFacts]) -> ValidateReport:
    index = _Index(everything)
    tag_variants = variants(_tag_counts(everything))
    diagnostics: list[Diagnostic] = []
    with_problems = 0
    for item in targets:
        found = [*item.diagnostics, *index.check(item)]
        if tag_variants and item.tags:
            found += _tag_warnings(item, tag_variants)
        if found:
            with_problems += 1
            diagnostics += found
    diagnostics.sort(key=lambda d: (d.path, d.line, d.column, not d.is_error, d.rule, d.message))
    return ValidateReport(tuple(diagnostics), len(targets), with_problems)


def _tag_counts(everything: Iterable[FileFacts]) -> dict[str, int]:
    """Each tag as spelled, and how many articles use it (an article counts once per spelling)."""
    counts: dict[str, int] = {}
    for item in everything:
        for tag in set(item.tags):
            counts[tag] = counts.get(tag, 0) + 1
    return counts


def _tag_warnings(item: FileFacts, tag_variants: Mapping[str, Variant]) -> list[Diagnostic]:
    found = []
    for tag in dict.fromkeys(item.tags):  # each spelling once, in the article's order
        variant = tag_variants.get(tag)
        if variant is None:
            continue
        how = {
            Kind.CASE: Message("differs only in case from"),
            Kind.ACCENTS: Message("differs only in accents from"),
            Kind.TYPO: Message("is one letter away from"),
        }[variant.kind]
        # Messages: English in JSON whatever the language, said in the user's language where shown.
        message = Message(
            "tag {tag!r} {how} {meant!r}, which {count} articles use; did you mean {meant!r}?",
            tag=tag,
            how=how,
            meant=variant.meant,
            count=variant.count,
        )
        hint = Message("one spelling per tag keeps `list --tag` and the site's tag pages whole")
        found.append(warning(item.shown, item.tags_line, 1, message, "tag-variant", hint))
    return found


class _Index:
    """Slugs across the whole folder, and which of them supersede each other in a cycle."""

    def __init__(self, everything: Iterable[FileFacts]) -> None:
        self.by_slug: dict[str, list[FileFacts]] = {}
        for item in everything:
            if item.slug is not None:
                self.by_slug.setdefault(item.slug, []).append(item)
        # One successor per slug; for a duplicate slug the one `show` and `list` use: live, then by path.
        self.successor: dict[str, str] = {}
        for slug, items in self.by_slug.items():
            # A slug nearly always has one file: no key called for it.
            chosen = items[0] if len(items) == 1 else min(items, key=lambda i: (i.archived, i.shown))
            target = chosen.successor
            if target is not None and target != slug:
                self.successor[slug] = target
        self.on_cycle = _on_cycle(self.successor)

    def check(self, item: FileFacts) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        slug = item.slug
        if slug is not None and len(self.by_slug[slug]) > 1:
            others = sorted(other.shown for other in self.by_slug[slug] if other is not item)
            listed = ", ".join(others[:3])
            if len(others) > 3:
                listed = Message("{listed} and {count} more", listed=listed, count=len(others) - 3)
            found.append(
                _error(
                    item,
                    item.slug_line,
                    Message("slug {slug!r} is also used by {listed}", slug=slug, listed=listed),
                    "slug-duplicate",
                    Message("slugs must be unique across live and archived articles: choose another one"),
                )
            )
        target = item.successor
        if target is None:
            return found
        line = item.successor_line
        if target == slug:
            found.append(
                _error(item, line, Message("'superseded_by' names the article itself"), "superseded-self")
            )
        elif target not in self.by_slug:
            close = difflib.get_close_matches(target, self.by_slug, n=1)
            hint = (
                Message("did you mean {slug!r}?", slug=close[0])
                if close
                else Message("`newscli list --all` shows every slug")
            )
            message = Message("'superseded_by' names no article: {target!r}", target=target)
            found.append(_error(item, line, message, "superseded-unknown", hint))
        elif slug is not None and self._cycles_back(slug, target):
            chain = self._chain(slug, target)
            message = Message("'superseded_by' forms a cycle: {chain}", chain=chain)
            hint = Message("the newest article of the chain must not be superseded")
            found.append(_error(item, line, message, "superseded-cycle", hint))
        else:
            found += self._older_successor(item, target, line)
        return found

    def _older_successor(self, item: FileFacts, target: str, line: int) -> list[Diagnostic]:
        """superseded-older: the article named as the replacement was published before this one,
        which is nearly always ``superseded_by`` written in the wrong article."""
        successor = min(self.by_slug[target], key=lambda i: (i.archived, i.shown))
        if item.date is None or successor.date is None or successor.date >= item.date:
            return []
        message = Message(
            "'superseded_by' names {successor!r}, published {successor_date}, before this article ({date})",
            successor=target,
            successor_date=successor.date.date().isoformat(),
            date=item.date.date().isoformat(),
        )
        hint: Message
        if item.slug is not None:
            hint = Message(
                "the newer article replaces the older: remove superseded_by here and run "
                "`newscli supersede {older} {newer}`",
                older=target,
                newer=item.slug,
            )
        else:
            hint = Message("the newer article replaces the older: set superseded_by in the older one")
        return [warning(item.shown, line, 1, message, "superseded-older", hint)]

    def _cycles_back(self, slug: str, target: str) -> bool:
        if self.successor.get(slug) == target:
            return slug in self.on_cycle
        # A duplicate slug whose own successor differs from the indexed one: follow its chain.
        node: str | None = target
        for _step in range(len(self.successor) + 1):
            if node == slug:
                return True
            node = self.successor.get(node) if node is not None else None
        return False

    def _chain(self, slug: str, target: str) -> str:
        names = [slug, target]
        while names[-1] != slug and len(names) <= _CHAIN_SHOWN:
            names.append(self.successor[names[-1]])
        return " -> ".join(names) + (" -> ..." if names[-1] != slug else "")


def _on_cycle(successor: Mapping[str, str]) -> set[str]:
    """Slugs on a cycle of the successor graph, in linear time (each slug has one successor)."""
    state: dict[str, bool] = {}  # False: on the walk in progress; True: finished
    cycle: set[str] = set()
    for start in successor:
        walk: list[str] = []
        node = start
        while node in successor and node not in state:
            state[node] = False
            walk.append(node)
            node = successor[node]
        if state.get(node) is False:  # the walk met itself: from ``node`` on, it is a cycle
            cycle.update(walk[walk.index(node) :])
        for visited in walk:
            state[visited] = True
    return cycle


def _error(item: FileFacts, line: int, message: str, rule: str, hint: str | None = None) -> Diagnostic:
    return error(item.shown, line, 1, message, rule, hint)
