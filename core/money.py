"""Money as DOMAIN §0 states it: integer minor units (fen), percentages applied with
round-half-up to the fen. Every plugin and context computes shares of an amount here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def percent_of(fen: int, percent: float | int | str | Decimal) -> int:
    """``percent`` % of ``fen``, rounded half up to the fen: 10 % of 335 = 34 (33.5 up), 70 % of 333 = 233."""
    share = Decimal(fen) * Decimal(str(percent)) / 100
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))
