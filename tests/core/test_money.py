"""DOMAIN §0: percentages are applied with round-half-up to the fen."""

import pytest

from core.money import percent_of


@pytest.mark.parametrize(("fen", "percent", "share"), [
    (335, 10, 34),    # 33.5 → 34: half up, not to even
    (325, 10, 33),    # 32.5 → 33 (banker's rounding would give 32)
    (333, 10, 33),    # 33.3 → 33
    (333, 70, 233),   # 233.1
    (5, 70, 4),       # 3.5 → 4
    (1000, 12.5, 125),
    (1, 50, 1),       # 0.5 → 1
    (0, 10, 0),
])
def test_percent_of_rounds_half_up_to_the_fen(fen, percent, share):
    assert percent_of(fen, percent) == share
