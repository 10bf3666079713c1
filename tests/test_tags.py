"""Tags compare case-insensitively; variants of a popular tag are found without comparing every pair."""

from __future__ import annotations

import pytest

from newscli.core.rules.tags import Kind, fold, repeated, unique, variants


def test_fold_is_unicode_case_folding() -> None:
    assert fold("Pressmeddelande") == fold("PRESSMEDDELANDE") == "pressmeddelande"
    assert fold("ÖPPETTIDER") == "öppettider"
    assert fold("Straße") == fold("STRASSE")


def test_unique_keeps_the_first_spelling() -> None:
    assert unique(["Trafik", "kultur", "trafik", "TRAFIK", "Kultur"]) == ["Trafik", "kultur"]


def test_repeated_names_each_repeat_and_its_first_spelling() -> None:
    assert repeated(["trafik", "Trafik", "kultur", "TRAFIK"]) == [("Trafik", "trafik"), ("TRAFIK", "trafik")]
    assert repeated(["trafik", "trafiken"]) == []


@pytest.mark.parametrize(
    ("tag", "popular", "kind"),
    [
        ("Trafik", "trafik", Kind.CASE),
        ("vagarbete", "vägarbete", Kind.ACCENTS),
        ("VAGARBETE", "vägarbete", Kind.ACCENTS),
        ("vägarbetet", "vägarbete", Kind.TYPO),  # one letter added
        ("vägabete", "vägarbete", Kind.TYPO),  # one missing
        ("vägerbete", "vägarbete", Kind.TYPO),  # one changed
        ("vägrabete", "vägarbete", Kind.TYPO),  # two swapped
        ("Vagarbetet", "vägarbete", Kind.TYPO),  # case, accents and a letter
        ("parks", "park", Kind.TYPO),  # a 4-letter tag and a 5-letter one
    ],
)
def test_variant_of_a_popular_tag(tag: str, popular: str, kind: Kind) -> None:
    (found,) = variants({popular: 3, tag: 1}).values()
    assert (found.tag, found.meant, found.count, found.kind) == (tag, popular, 3, kind)


@pytest.mark.parametrize(
    ("tag", "popular"),
    [
        ("vägarbeten", "vägar"),  # far apart
        ("väggarbeten", "vägarbete"),  # two letters
        ("bar", "bad"),  # too short to call a typo
        ("park", "bark"),  # both four letters
        ("jul", "juli"),
        ("kultur", "kultur"),  # the same tag
    ],
)
def test_not_a_variant(tag: str, popular: str) -> None:
    assert variants({popular: 5, tag: 1}) == {}


def test_only_popular_tags_are_meant() -> None:
    assert variants({"trafik": 2, "Trafik": 1}) == {}
    assert set(variants({"trafik": 3, "Trafik": 1})) == {"Trafik"}


def test_between_two_popular_spellings_the_rarer_is_the_variant() -> None:
    assert set(variants({"trafik": 3, "Trafik": 9})) == {"trafik"}
    # On a tie, the lowercase spelling is the one meant (Hugo lowercases terms).
    assert {v.tag: v.meant for v in variants({"trafik": 3, "Trafik": 3}).values()} == {"Trafik": "trafik"}


def test_the_most_used_candidate_is_suggested() -> None:
    # "kulturn" is one letter from both; "kulturen" is two from "kultur", so a tag of its own.
    found = variants({"kulturen": 4, "kultur": 7, "kulturn": 1})
    assert {tag: v.meant for tag, v in found.items()} == {"kulturn": "kultur"}


def test_long_tags_are_compared_whole_only() -> None:
    long = "a" * 500
    assert variants({long: 3, long + "b": 1}) == {}
    assert set(variants({long: 3, long.upper(): 1})) == {long.upper()}


def test_thousands_of_distinct_tags() -> None:
    """20,000 spellings, a few hundred popular: each is looked up, never compared with all the others."""
    counts = {f"tagg{n:05d}": 1 for n in range(20_000)}
    counts.update({f"ämne{n:03d}x": 3 for n in range(300)})
    counts["AMNE042X"] = 1
    counts.update({f"ord{chr(97 + n // 26)}{chr(97 + n % 26)}ning": 3 for n in range(300)})
    found = variants(counts)
    # Accents beat a one-letter typo (ämne002x), however it sorts; only numbers differ among the rest,
    # and the popular ord..ning tags are one letter apart but each a word of its own.
    assert {tag: v.meant for tag, v in found.items()} == {"AMNE042X": "ämne042x"}


def test_only_a_number_differs() -> None:
    assert variants({"val-2026": 3, "val-2022": 1}) == {}
    assert variants({"etapp1": 3, "etapp12": 1}) == {}


def test_a_popular_tag_is_only_a_variant_in_case_or_accents() -> None:
    assert variants({"skolan": 5, "skola": 3}) == {}
    assert set(variants({"skola": 5, "Skola": 3})) == {"Skola"}
