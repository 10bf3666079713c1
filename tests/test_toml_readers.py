"""The one door of the TOML readers (frontmatter.read_toml) against tomllib, the reference.

Whichever reader is in use, ``read_toml`` must give exactly what ``tomllib.loads`` gives — the same
values of the same types, date-times with the same offsets — or raise tomllib's own error. Checked on
every valid document of the TOML test suite and on generated documents, once per reader.
"""

from __future__ import annotations

import math
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscli.core.reading import frontmatter

SUITE = Path(__file__).resolve().parent.parent.parent / "shared" / "toml-test" / "tests"
LISTING = SUITE / "files-toml-1.0.0"

try:
    import toml_rs  # noqa: F401 -- only whether it is installed
except ImportError:
    HAVE_TOML_RS = False
else:
    HAVE_TOML_RS = True

READERS = [
    pytest.param(
        "toml-rs", marks=pytest.mark.skipif(not HAVE_TOML_RS, reason="toml-rs is not installed here")
    ),
    "python",
]


@pytest.fixture(params=READERS)
def reader(request: pytest.FixtureRequest) -> Iterator[str]:
    frontmatter.use_reader(frontmatter.TomlReader(request.param))
    yield request.param
    frontmatter.use_reader(frontmatter.TomlReader("auto"))


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types; floats to the sign (and NaN to NaN); date-times with equal offsets."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        if math.isnan(a):
            return math.isnan(b) and math.copysign(1, a) == math.copysign(1, b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if hasattr(a, "utcoffset") and hasattr(a, "hour"):
        return bool(a == b and a.utcoffset() == b.utcoffset() and (a.tzinfo is None) == (b.tzinfo is None))
    return bool(a == b)


def agrees(text: str) -> None:
    """read_toml gives tomllib's values, or tomllib's error (a TOMLDecodeError, or the ValueError of
    Python's limit on the digits of an integer)."""
    try:
        expected = tomllib.loads(text)
    except ValueError as exc:
        with pytest.raises(type(exc)):
            frontmatter.read_toml(text)
        return
    got = frontmatter.read_toml(text)
    assert same(got, expected), (text, got, expected)


def suite_documents(kind: str) -> list[str]:
    if not LISTING.is_file():
        return []
    names = [n for n in LISTING.read_text(encoding="utf-8").splitlines() if n.startswith(kind + "/")]
    texts = []
    for name in names:
        if not name.endswith(".toml"):
            continue
        try:
            texts.append((SUITE / name).read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            continue  # not text: the file-encoding check catches it before any reader
    return texts


@pytest.mark.skipif(not LISTING.is_file(), reason=f"the TOML test suite is not at {SUITE}")
def test_every_valid_suite_document_reads_to_tomllibs_values(reader: str) -> None:
    documents = suite_documents("valid")
    for text in documents:
        # A file's byte order mark is taken off before the TOML is read (frontmatter.split).
        agrees(text.removeprefix(frontmatter.BOM))
    print(f"\ntoml-test valid, {frontmatter.reader_name()}: {len(documents)} read to tomllib's values")
    assert len(documents) > 150


@pytest.mark.skipif(not LISTING.is_file(), reason=f"the TOML test suite is not at {SUITE}")
def test_every_invalid_suite_document_is_refused(reader: str) -> None:
    documents = suite_documents("invalid")
    for text in documents:
        with pytest.raises((tomllib.TOMLDecodeError, ValueError)):
            frontmatter.read_toml(text.removeprefix(frontmatter.BOM))
    print(f"\ntoml-test invalid, {frontmatter.reader_name()}: {len(documents)} refused")
    assert len(documents) > 400


def test_the_usual_front_matter(reader: str) -> None:
    text = (
        'title = "Borås demokratiarbete uppmärksammas på konferens i Grenoble"\n'
        'slug = "boras-demokratiarbete"\ndate = 2022-12-07\nlastmod = 2026-11-20T09:00:00+01:00\n'
        "reviewed = 2026-11-21T08:00:00.5+01:00\ndraft = false\n"
        'tags = [\n  "demokrati", # a comment\n  "medborgardialog",\n]\n# en kommentar\n\n'
        'image = { src = "/b.jpg", alt = "Vy" }\n\n[[links]]\ntitle = "A"\nurl = \'https://a\'\n'
        '[[links]]\ntitle = "B \\"citat\\""\nurl = "https://b"\n'
    )
    agrees(text)
    agrees(text.replace("\n", "\r\n"))


@pytest.mark.parametrize(
    "text",
    [
        "\ufeffa = 1",  # a BOM inside the front matter is not TOML (toml-rs would skip it)
        "a = 1\n\ufeffb = 2",
        "a = 99999999999999999999999",  # past 64 bits: tomllib's value, whatever checks it later
        "a = " + "9" * 5000,  # past Python's digit limit: tomllib's ValueError
        "a = 0000-01-01",
        "a = 2000-01-01T00:00:60Z",
        "a = nan\nb = -nan\nc = -0.0\nd = 1e400",
        "x = 1.0\n[x]",
        "a = '''\nx'''",
        'a = """\r\nx\r\n"""',
        "t = 07:32:00.999999999",
    ],
)
def test_corners(reader: str, text: str) -> None:
    agrees(text)


def test_deep_nesting_never_reaches_the_compiled_reader() -> None:
    """toml-rs overflows its stack (the process dies) on arrays nested thousands deep: such a
    document must go to tomllib, which refuses it with an error. In a child process, so a crash
    fails this test instead of ending the run."""
    code = (
        "import sys, tomllib\n"
        "from newscli.core.reading import frontmatter\n"
        "frontmatter.use_reader(frontmatter.TomlReader('auto'))\n"
        "for text in ('a = ' + '[' * 20000 + ']' * 20000, 'a = ' + '{b = ' * 20000 + '1' + '}' * 20000):\n"
        "    try:\n"
        "        frontmatter.read_toml(text)\n"
        "    except (tomllib.TOMLDecodeError, RecursionError):\n"
        "        pass\n"
        "print('survived')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived"


line = st.one_of(
    st.builds(
        lambda k, v: f"{k} = {v}",
        st.sampled_from(["title", "slug", "a", "b-c", "d_1", '"q"', "a.b", "image.src"]),
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
                    "1_000",
                    "0x1F",
                    "1e3",
                    "inf",
                    "2022-12-07",
                    "2022-02-30",
                    "2026-11-20T09:00:00+01:00",
                    "2026-11-20 09:00:00Z",
                    "2026-11-20T09:00:00.123456789Z",
                    "2026-11-20T25:00:00",
                    "2026-11-20T09:00:00+24:00",
                    "09:00:00",
                    '["a", "b",]',
                    "[]",
                    '[ "x" , ]',
                    "[,]",
                    '[\n"a",\n# c\n]',
                    "{ a = 1 }",
                    "{ a = 1, }",
                    '"""x\ny"""',
                    '"a\\u00e5"',
                    '"a\\q"',
                ]
            ),
        ),
    ),
    st.sampled_from(
        ["[image]", "[[links]]", "[links]", "# kommentar", "", "  ", "\t# x", "[ image ]", "[a.b]", "\r"]
    ),
    st.text(max_size=15),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(line, max_size=12))
def test_generated_documents(lines: list[str]) -> None:
    for name in ("toml-rs", "python") if HAVE_TOML_RS else ("python",):
        frontmatter.use_reader(frontmatter.TomlReader(name))
        try:
            agrees("\n".join(lines))
        finally:
            frontmatter.use_reader(frontmatter.TomlReader("auto"))


@pytest.mark.skipif(not HAVE_TOML_RS, reason="toml-rs is not installed here")
@pytest.mark.skipif(not LISTING.is_file(), reason=f"the TOML test suite is not at {SUITE}")
def test_the_compiled_reader_alone_on_the_suite() -> None:
    """toml-rs by itself, without read_toml's guards: it reads every valid document to tomllib's
    values (so the fast path is really taken) and refuses every invalid one but the two that start
    with a second byte order mark, which read_toml never gives it."""
    frontmatter.use_reader(frontmatter.TomlReader("toml-rs"))
    try:
        loads = frontmatter.compiled_reader()
        assert loads is not None
        valid = suite_documents("valid")
        for text in valid:
            text = text.removeprefix(frontmatter.BOM)
            assert same(loads(text), tomllib.loads(text)), text
        accepted = []
        invalid = suite_documents("invalid")
        for text in invalid:
            try:
                loads(text.removeprefix(frontmatter.BOM))
            except ValueError:
                continue
            accepted.append(text)
        refused = len(invalid) - len(accepted)
        print(f"\ntoml-rs alone: {len(valid)} valid read alike, {refused} of {len(invalid)} invalid refused")
        assert all(text.startswith(frontmatter.BOM * 2) for text in accepted)
        assert len(accepted) == 2
    finally:
        frontmatter.use_reader(frontmatter.TomlReader("auto"))


def test_parse_float_sees_the_same_texts_from_either_reader(reader: str) -> None:
    """The door's parse_float gets each float's text as tomllib gives it, whichever reader reads
    (a check on the values, such as a float that overflows 64 bits, can rely on it)."""
    text = "a = 1e309\nb = 1_000.5\nc = -inf\n[t]\nd = [0.5, 3e2]\n"

    def recorder(texts: list[str]) -> Callable[[str], float]:
        def parse(value: str) -> float:
            texts.append(value)
            return float(value)

        return parse

    expected: list[str] = []
    tomllib.loads(text, parse_float=recorder(expected))
    seen: list[str] = []
    frontmatter.read_toml(text, parse_float=recorder(seen))
    assert seen == expected == ["1e309", "1_000.5", "-inf", "0.5", "3e2"]


@pytest.mark.parametrize(
    "literal",
    [
        "9_223_372_036_854_775_808",
        "-9_223_372_036_854_775_809",
        "0x8000_0000_0000_0000",
        "0o1_000_000_000_000_000_000_000",
        "0b1" + "0" * 63,
        "1e3_09",
        "1.5E+309",
        "[1, { a = [9223372036854775808] }]",
    ],
)
def test_the_number_check_skips_no_number_past_64_bits(reader: str, literal: str) -> None:
    """check_numbers skips documents whose text cannot hold such a number; these all can."""
    text = f'title = "information om infarter"\nweight = {literal}\n'
    with pytest.raises(frontmatter.FrontMatterError) as info:
        frontmatter.parse_toml(frontmatter.Document(text, "", 2, 5, False, "\n"))
    assert info.value.rule == "toml-number"


@pytest.mark.skipif(not HAVE_TOML_RS, reason="toml-rs is not installed here")
def test_a_thread_with_a_small_stack_reads_deep_nesting_without_a_crash() -> None:
    """toml-rs recurses on the calling thread's stack: 256 nested brackets (what it is still given)
    overflowed a thread stack of 256 KiB and killed the process. Off the main thread, tomllib reads."""
    script = "\n".join(
        [
            "import threading, tomllib",
            "from newscli.core.reading.frontmatter import read_toml",
            "text = 'a = ' + '[' * 256 + ']' * 256 + '\\n'",
            "found = []",
            "threading.stack_size(256 * 1024)",
            "worker = threading.Thread(target=lambda: found.append(read_toml(text) == tomllib.loads(text)))",
            "worker.start()",
            "worker.join()",
            "print(found)",
        ]
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout.strip()) == (0, "[True]"), result.stderr[-2000:]
