"""The fast front matter reader against tomllib, the reference: same values, or "not sure"."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscli.core import fasttoml

SUITE = Path(__file__).resolve().parent.parent.parent / "shared" / "toml-test" / "tests"


def reference(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types; date-times also with equal offsets."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if hasattr(a, "utcoffset") and hasattr(a, "hour"):
        return bool(a == b and a.utcoffset() == b.utcoffset())
    return bool(a == b)


def check(text: str) -> bool:
    """True when the fast reader answered (and then it must agree with tomllib)."""
    fast = fasttoml.loads(text)
    if fast is None:
        return False
    expected = reference(text)
    assert expected is not None, f"fast reader accepted a document tomllib rejects: {text!r}"
    assert same(fast, expected), (text, fast, expected)
    return True


def test_the_usual_front_matter() -> None:
    text = (
        'title = "Borås demokratiarbete uppmärksammas på konferens i Grenoble"\n'
        'slug = "boras-demokratiarbete"\ndate = 2022-12-07\nlastmod = 2026-11-20T09:00:00+01:00\n'
        'draft = false\ntags = ["demokrati", "medborgardialog"]\n# en kommentar\n\n'
        '[image]\nsrc = "/b.jpg"\nalt = "Vy"\n\n[[links]]\ntitle = "A"\nurl = "https://a"\n'
        '[[links]]\ntitle = "B"\nurl = "https://b"\n'
    )
    assert check(text)
    assert check(text.replace("\n", "\r\n"))


@pytest.mark.parametrize(
    "text",
    [
        'title = "a\\"b"',  # escape
        'title = "a" # comment',
        "a.b = 1",
        "a = 1\na = 2",
        "[t]\n[t]",
        "date = 2022-13-01",
        "d = 2022-12-07T10:00:00.5Z",
        "t = { a = 1 }",
        'title = """x"""',
        '"quoted" = 1',
        "x = 1e3",
        "x = 0x10",
        "x = 1_000",
        "x = [1, 2]",
        'x = ["a", 1]',
        "[a]\n[[a]]",
        "a = 1\n[a]",
        "title = “Citat”",
    ],
)
def test_unsure_or_equal(text: str) -> None:
    check(text)


def _suite_documents() -> list[Path]:
    if not SUITE.is_dir():
        return []
    return sorted(p for p in SUITE.rglob("*.toml") if "valid" in p.parts or "invalid" in p.parts)


@pytest.mark.skipif(not SUITE.is_dir(), reason=f"the TOML test suite is not at {SUITE}")
def test_toml_test_suite_agrees_with_tomllib() -> None:
    answered = 0
    documents = _suite_documents()
    for path in documents:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        answered += check(text)
    assert documents
    assert answered > 50  # the fast path is really taken for plain documents


line = st.one_of(
    st.builds(
        lambda k, v: f"{k} = {v}",
        st.sampled_from(["title", "slug", "a", "b-c", "d_1"]),
        st.one_of(
            st.text(max_size=20).map(lambda s: '"' + s + '"'),
            st.text(max_size=10).map(lambda s: "'" + s + "'"),
            st.sampled_from(
                [
                    "true",
                    "false",
                    "0",
                    "-1",
                    "+7",
                    "01",
                    "2022-12-07",
                    "2022-02-30",
                    "2026-11-20T09:00:00+01:00",
                    "2026-11-20 09:00:00Z",
                    "2026-11-20T25:00:00",
                    "2026-11-20T09:00:00+24:00",
                    '["a", "b",]',
                    "[]",
                    '[ "x" , ]',
                    "[,]",
                ]
            ),
        ),
    ),
    st.sampled_from(["[image]", "[[links]]", "[links]", "# kommentar", "", "  ", "\t# x", "[ image ]"]),
    st.text(max_size=15),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(line, max_size=12))
def test_generated_documents(lines: list[str]) -> None:
    check("\n".join(lines))
