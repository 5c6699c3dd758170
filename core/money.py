"""Money as DOMAIN §0 states it: integer minor units (fen), percentages applied with
round-half-up to the fen. Every plugin and context computes shares of an amount, shows an amount
in yuan and reads a typed yuan amount here, and nowhere else."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def percent_of(fen: int, percent: float | int | str | Decimal) -> int:
    """``percent`` % of ``fen``, rounded half up to the fen: 10 % of 335 = 34 (33.5 up), 70 % of 333 = 233."""
    share = Decimal(fen) * Decimal(str(percent)) / 100
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def yuan(fen: int) -> str:
    """Fen written as yuan with two decimals, without a float: 123456 → ``1234.56``, -150 → ``-1.50``."""
    sign, whole = "-" if fen < 0 else "", abs(fen)
    return f"{sign}{whole // 100}.{whole % 100:02d}"


class NotYuan(ValueError):
    """Typed text that is not a yuan amount; ``reason`` says why (``number`` or ``decimals``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def yuan_to_fen(text: str) -> int:
    """``"12.5"`` → ``1250``; empty is 0. Raises :class:`NotYuan` for text that is not a number
    (``reason="number"``) or has more than two decimals (``reason="decimals"``)."""
    try:
        amount = Decimal(text.strip() or "0")
    except InvalidOperation as exc:
        raise NotYuan("number") from exc
    if not amount.is_finite():
        raise NotYuan("number")
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise NotYuan("decimals")
    return int(fen)
