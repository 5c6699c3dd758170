"""Yuan typed into a charge form become whole fen exactly (DOMAIN §0: money in integer fen)."""

import pytest

from core.money import yuan_to_fen


@pytest.mark.parametrize(("text", "fen"), [("35.5", 3550), ("0.29", 29), ("0.57", 57), ("1.005e2", 10050),
                                           ("", 0), (" 12 ", 1200), ("19999.99", 1999999)])
def test_yuan_to_fen_is_exact(text, fen):
    assert yuan_to_fen(text) == fen


@pytest.mark.parametrize("text", ["abc", "0.125", "NaN", "Infinity", "1,5"])
def test_yuan_to_fen_refuses_what_is_not_an_amount(text):
    with pytest.raises(ValueError):
        yuan_to_fen(text)
