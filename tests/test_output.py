"""What the person is told goes through one translation: a Message is said in their language, a
plain string is shown as given (already translated, or a value a person or a file gave)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newscli.cli.output import error, warn
from newscli.i18n import Message, set_language


@pytest.fixture
def swedish() -> Iterator[None]:
    set_language("sv")
    yield
    set_language(None)


def test_a_plain_string_is_shown_as_given_even_when_it_is_a_catalogue_word(
    swedish: None, capsys: pytest.CaptureFixture[str]
) -> None:
    error("Permission denied", "Is a directory")  # a value someone gave, or text translated already
    warn("Permission denied")
    assert capsys.readouterr().err.splitlines() == [
        "newscli: fel: Permission denied",
        "  tips: Is a directory",
        "newscli: varning: Permission denied",
    ]


def test_a_message_is_said_in_the_users_language(swedish: None, capsys: pytest.CaptureFixture[str]) -> None:
    error(Message("Permission denied"), Message("Is a directory"))
    warn(Message("Permission denied"))
    assert capsys.readouterr().err.splitlines() == [
        "newscli: fel: åtkomst nekas",
        "  tips: är en mapp",
        "newscli: varning: åtkomst nekas",
    ]
