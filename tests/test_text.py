"""The quick look before a regular expression (text.may_match): it may say "maybe" wrongly, never "no"."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newscli.core.reading.article import may_hold_control
from newscli.core.text import json_safe, may_match, unsafe_in_name

# Patterns it stands in front of; pinned here as literals. JSON: DEL, C1 controls, lone surrogates,
# invisible format characters (the soft hyphen among them, inside Latin-1). Front matter: a
# backslash or a raw C1 character.
# The same set as text.py's (json_safe is checked to leave text alone when nothing here matches).
JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\ud800-\udfff\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd"
    "\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)
FRONT_MATTER = re.compile(r"[\\\x80-\x9f]")
BODY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")  # every start is below U+0100

# Text as articles hold it, with the characters that matter made likely: Swedish letters, quotes
# past U+00FF, the edges of the C1 range, the soft hyphen, bidi controls, surrogates.
EDGES = (
    "\r\n\x00\x08\x0b\\\x7e\x7f\x80\x9f\xa0\xad\xc2\xe5\xf6\u00bf"
    "\u201d\u2013\u2014\u202e\ud800\udcff\ufeff\U0001f600"
)
texts = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(EDGES)), max_size=60)


@given(texts)
@settings(deadline=None)  # a shared, loaded machine: timing is not what is tested
def test_may_match_never_misses_a_match(text: str) -> None:
    for pattern in (JSON_UNSAFE, FRONT_MATTER, BODY):
        if pattern.search(text) is not None:
            assert may_match(pattern, text)
    for pattern in (FRONT_MATTER, BODY):
        if pattern.search(text) is not None:
            assert may_match(pattern, text, narrow=True)


@given(texts)
@settings(deadline=None)  # a shared, loaded machine: timing is not what is tested
def test_the_raw_bytes_look_never_misses_a_control_character(text: str) -> None:
    # article.may_hold_control looks at a whole file's bytes before it is decoded: "no" must mean
    # that neither the front matter's search nor the body's can find anything in any part of it.
    data = text.encode("utf-8", "surrogatepass")
    if not may_hold_control(data):
        assert FRONT_MATTER.search(text) is None
        assert BODY.search(text) is None


# What a file name must not hold (text.unsafe_in_name): a control character, tab and line ends
# included, or an invisible format character.
NAME_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd"
    "\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)


@given(texts)
@settings(deadline=None)  # a shared, loaded machine: timing is not what is tested
def test_an_unsafe_name_is_found_with_or_without_the_quick_look(text: str) -> None:
    # unsafe_in_name passes a printable ASCII name without the expression: the same answer always.
    match = NAME_UNSAFE.search(text)
    assert unsafe_in_name(text) == (match.group() if match else None)
    assert unsafe_in_name("articles/2026/2026-11-29-nyhet.md") is None
    assert unsafe_in_name("articles/2026/ny\tnyhet.md") == "\t"


def test_the_raw_bytes_look_passes_a_plain_file() -> None:
    plain = '+++\ntitle = "Nya öppettider – ”Läsfrämjande”"\n+++\n\nBrödtext.\n'.encode()
    assert not may_hold_control(plain)
    assert may_hold_control(plain.replace(b"\n", b"\r\n"))  # CRLF: the body's search decides
    assert may_hold_control(b'title = "\\u001b"')
    assert may_hold_control("Rubrik\x85".encode())


@given(texts)
@settings(deadline=None)  # a shared, loaded machine: timing is not what is tested
def test_json_safe_leaves_nothing_unsafe_and_the_same_value(text: str) -> None:
    encoded = json.dumps({"title": text}, ensure_ascii=False)
    made = json_safe(encoded)
    assert JSON_UNSAFE.search(made) is None
    assert json.loads(made) == {"title": text}
    if JSON_UNSAFE.search(encoded) is None:
        assert made is encoded


def test_plain_swedish_text_is_passed_at_once() -> None:
    plain = "Nya öppettider på Stadsbiblioteket: «Läsfrämjande» § 4, 20 °C"
    assert not may_match(JSON_UNSAFE, plain)
    assert not may_match(FRONT_MATTER, plain)
    assert not may_match(JSON_UNSAFE, "")
    assert may_match(JSON_UNSAFE, "Rubrik\x85")
    assert may_match(JSON_UNSAFE, "av\u00adstav")  # a soft hyphen is Latin-1 and invisible
    assert may_match(FRONT_MATTER, 'title = "\\u001b"')
    assert may_match(JSON_UNSAFE, "”Citat”")  # past U+00FF: the expression decides
    assert not may_match(BODY, "Brödtext – med ”citat”.\n", narrow=True)  # UTF-8, nothing to find
    assert may_match(BODY, "Brödtext – med\r ett ensamt CR.\n", narrow=True)
    assert may_match(BODY, "Brödtext – med\x85.\n", narrow=True)
