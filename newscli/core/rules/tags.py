"""Tags as people mean them: ``Pressmeddelande`` and ``pressmeddelande`` are one tag.

Tags compare case-insensitively everywhere (``list --tag``, ``[stale_after_tags]``, duplicates in one
article). ``validate`` also warns about a tag that is probably meant to be a popular one: it differs
only in case or accents, or by one typo. That check compares the folder's *distinct* tags, never
article with article, and finds the close pairs through an index of one-letter deletions (the
"symmetric delete" idea), so it stays linear in the number of tags however many there are.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

POPULAR_FROM = 3  # articles using a tag before its variants are flagged
TYPO_MIN_LENGTH = 5  # shorter tags differ by one letter on purpose (bad/bar, park/bark)
TYPO_MAX_LENGTH = 40  # longer "tags" are not words; comparing their deletions would cost their square


def fold(tag: str) -> str:
    """The form tags are compared in: casefolded (``Pressmeddelande`` -> ``pressmeddelande``)."""
    return tag.casefold()


def _plain(tag: str) -> str:
    """Casefolded and without accents: ``Miljö`` -> ``miljo``."""
    decomposed = unicodedata.normalize("NFKD", tag.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def unique(tags: Iterable[str]) -> list[str]:
    """``tags`` without repeats, compared case-insensitively; the first spelling is kept."""
    seen: set[str] = set()
    kept = []
    for tag in tags:
        key = fold(tag)
        if key not in seen:
            seen.add(key)
            kept.append(tag)
    return kept


def repeated(tags: Iterable[str]) -> list[tuple[str, str]]:
    """(tag, its earlier spelling) for every tag that repeats an earlier one of the same article."""
    first: dict[str, str] = {}
    found = []
    for tag in tags:
        earlier = first.setdefault(fold(tag), tag)
        if earlier is not tag:
            found.append((tag, earlier))
    return found


class Kind(StrEnum):
    CASE = "case"  # differs only in upper/lower case
    ACCENTS = "accents"  # differs in accents (and perhaps case): miljo / miljö
    TYPO = "typo"  # one letter added, missing, changed, or two swapped


_KIND_ORDER = (Kind.CASE, Kind.ACCENTS, Kind.TYPO)


@dataclass(frozen=True)
class Variant:
    """``tag`` is probably meant to be ``meant``, which ``count`` articles use."""

    tag: str
    meant: str
    count: int
    kind: Kind


def variants(counts: Mapping[str, int]) -> dict[str, Variant]:
    """For each spelling in ``counts`` (spelling -> articles using it) that looks like a mistake for
    a more used spelling with at least POPULAR_FROM articles: what it is probably meant to be."""

    def rank(spelling: str) -> tuple[int, bool, str]:
        # The most used first; on a tie the lowercase spelling (Hugo lowercases terms), then A-Z.
        return (-counts[spelling], spelling != spelling.casefold(), spelling)

    popular = [s for s, n in counts.items() if n >= POPULAR_FROM]
    if not popular:
        return {}
    index: dict[str, list[str]] = {}  # a plain form or one of its deletions -> popular spellings
    for spelling in popular:
        for key in _keys(_plain(spelling)):
            index.setdefault(key, []).append(spelling)
    found: dict[str, Variant] = {}
    for spelling in counts:
        plain = _plain(spelling)
        mine = rank(spelling)
        # A popular tag one letter from another popular one is a word of its own (skola, skolan).
        typo_allowed = counts[spelling] < POPULAR_FROM
        best: tuple[int, tuple[int, bool, str], str, Kind] | None = None
        for key in _keys(plain):
            for other in index.get(key, ()):
                if other == spelling or rank(other) >= mine:
                    continue
                kind = _kind(spelling, plain, other)
                if kind is None or (kind is Kind.TYPO and not typo_allowed):
                    continue
                # The closest kind first (case, then accents, then a typo), then the most used.
                candidate = (_KIND_ORDER.index(kind), rank(other), other, kind)
                if best is None or candidate < best:
                    best = candidate
        if best is not None:
            meant, kind = best[2], best[3]
            found[spelling] = Variant(spelling, meant, counts[meant], kind)
    return found


def _keys(plain: str) -> list[str]:
    """The plain form, and, for a word of typo length, each form with one letter deleted."""
    if not TYPO_MIN_LENGTH - 1 <= len(plain) <= TYPO_MAX_LENGTH:
        return [plain]
    return [plain, *{plain[:i] + plain[i + 1 :] for i in range(len(plain))}]


def _kind(spelling: str, plain: str, other: str) -> Kind | None:
    if fold(spelling) == fold(other):
        return Kind.CASE
    other_plain = _plain(other)
    if plain == other_plain:
        return Kind.ACCENTS
    shorter = min(len(plain), len(other_plain))
    if shorter < TYPO_MIN_LENGTH - 1 or max(len(plain), len(other_plain)) < TYPO_MIN_LENGTH:
        return None
    if _without_digits(plain) == _without_digits(other_plain):
        return None  # only a number differs: val-2022 and val-2026 are different tags
    return Kind.TYPO if _one_edit(plain, other_plain) else None


def _without_digits(text: str) -> str:
    return "".join(c for c in text if not c.isdigit())


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by exactly one insertion, deletion, substitution or adjacent swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        if a[start + 1 :] == b[start + 1 :]:
            return True  # one letter changed
        # two neighbours swapped
        return a[start + 2 :] == b[start + 2 :] and a[start : start + 2] == b[start : start + 2][::-1]
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[start + 1 :] == shorter[start:]
