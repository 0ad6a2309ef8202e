"""An operator's reason must be words: not blank, no control or format character (a
newline, an escape sequence, a bidi override), at least one word of two letters; Arabic
with its marks is words."""

from __future__ import annotations

import pytest

from report.errors import UsageError
from report.signature import account_name, checked_reason, reason_problem


@pytest.mark.parametrize("text", ["قرار اللجنة في اجتماعها", "Décision du bureau",
                                  "قرار\u200f اللجنة رقم 3"])
def test_words_are_a_reason(text: str) -> None:
    assert reason_problem(text) is None
    assert checked_reason(f"  {text}  ") == " ".join(text.split())


@pytest.mark.parametrize("text", ["", "   ", "12 34", "-- !", "ok\nnext", "ok\x1b[2J",
                                  "قرار\u202eاللجنة", "a\u0000b"])
def test_anything_else_is_refused(text: str) -> None:
    assert reason_problem(text)
    with pytest.raises(UsageError, match="--reason"):
        checked_reason(text)


def test_the_account_name_is_the_login() -> None:
    assert account_name()
