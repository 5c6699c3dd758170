"""The charge-line form the ticket page and the technician's day share: an amount typed in yuan
becomes whole fen exactly (DOMAIN §0 money: integer minor units), never through a float."""

from __future__ import annotations

from core.i18n.translate import N_
from core.money import NotYuan, yuan_to_fen
from core.tickets.schemas import ChargeCreate
from core.web.forms import FormState, convert
from core.web.settings_form import NOT_A_NUMBER

AT_MOST_TWO_DECIMALS = N_("Enter yuan with at most two decimals")


def fen_from_form(text: str) -> int:
    """``"12.5"`` → ``1250``; empty is 0. Raises ``ValueError`` with the message to show beside the
    field for text that is not a yuan amount with at most two decimals."""
    try:
        return yuan_to_fen(text)
    except NotYuan as exc:
        raise ValueError(AT_MOST_TWO_DECIMALS if exc.reason == "decimals" else NOT_A_NUMBER) from exc


def charge_from_form(values: dict[str, str], state: FormState, **fixed: str) -> ChargeCreate | None:
    """The posted charge line (``fixed`` overrides fields, e.g. ``kind="parts"``), or ``None``
    with the errors beside their fields in ``state``."""
    raw: dict = {**values, **fixed, "free": values.get("free") == "on"}
    try:
        raw["amount_fen"] = fen_from_form(values.get("amount", ""))
    except ValueError as exc:
        state.errors["amount"] = str(exc)
    return convert(raw, ChargeCreate, state) if state.ok else None
