"""The quick look for characters a terminal acts on: it may say "maybe" wrongly, never "no"."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from newscli.core.text import json_safe, may_hold_c1

UNSAFE = re.compile(r"[\x7f-\x9f\ud800-\udfff]")  # DEL, C1 controls, lone surrogates

# Text as articles hold it, with the characters that matter made likely: Swedish letters, quotes
# past U+00FF, the bytes at the edges of the C1 range, surrogates.
EDGES = "\x7e\x7f\x80\x9f\xa0\xc2\xe5\xf6\u00bf\u201d\u2014\ud7ff\ud800\udcff\udfff\ue000\U0001f600"
texts = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(EDGES)), max_size=60)


@given(texts)
def test_may_hold_c1_never_misses_one(text: str) -> None:
    if UNSAFE.search(text) is not None:
        assert may_hold_c1(text)


@given(texts)
def test_json_safe_escapes_exactly_what_the_expression_finds(text: str) -> None:
    encoded = json.dumps({"title": text}, ensure_ascii=False)
    made = json_safe(encoded)
    assert UNSAFE.search(made) is None
    assert json.loads(made) == {"title": text}
    if UNSAFE.search(encoded) is None:
        assert made is encoded


def test_plain_swedish_text_is_passed_at_once() -> None:
    assert not may_hold_c1("Nya öppettider på Stadsbiblioteket: «Läsfrämjande» § 4")
    assert not may_hold_c1("")
    assert may_hold_c1("Rubrik\x85")
    assert may_hold_c1("”Citat”\x9b")
    assert may_hold_c1("fil-\udce4.md")
