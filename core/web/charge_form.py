"""The charge-line form the ticket page and the technician's day share: an amount typed in yuan
becomes whole fen exactly (DOMAIN §0 money: integer minor units), never through a float."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from core.i18n.translate import N_
from core.tickets.schemas import ChargeCreate
from core.web.forms import FormState, convert
from core.web.settings_form import NOT_A_NUMBER

AT_MOST_TWO_DECIMALS = N_("Enter yuan with at most two decimals")


def yuan_to_fen(text: str) -> int:
    """``"12.5"`` → ``1250``; empty is 0. Raises ``ValueError`` for text that is not a yuan amount
    with at most two decimals."""
    try:
        amount = Decimal(text.strip() or "0")
    except InvalidOperation as exc:
        raise ValueError(NOT_A_NUMBER) from exc
    if not amount.is_finite():
        raise ValueError(NOT_A_NUMBER)
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise ValueError(AT_MOST_TWO_DECIMALS)
    return int(fen)


def charge_from_form(values: dict[str, str], state: FormState, **fixed: str) -> ChargeCreate | None:
    """The posted charge line (``fixed`` overrides fields, e.g. ``kind="parts"``), or ``None``
    with the errors beside their fields in ``state``."""
    raw: dict = {**values, **fixed, "free": values.get("free") == "on"}
    try:
        raw["amount_fen"] = yuan_to_fen(values.get("amount", ""))
    except ValueError as exc:
        state.errors["amount"] = str(exc)
    return convert(raw, ChargeCreate, state) if state.ok else None
