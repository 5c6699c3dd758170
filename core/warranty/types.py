"""What a warranty claim is and what a decision about it says, shared by the engine and plugins."""

from __future__ import annotations

from datetime import date
from typing import Literal

import msgspec

from core.i18n import LocalizedText

DecisionKind = Literal["return", "exchange", "repair_free", "repair_paid", "reject"]
Claimant = Literal["consumer", "dealer"]


class Part(msgspec.Struct, frozen=True):
    """A part replaced in a repair, priced in fen (分)."""

    sku: str
    name: str
    unit_price_fen: int
    qty: int = 1


class Claim(msgspec.Struct, frozen=True):
    """Everything a warranty rule may look at. Dates are business dates in the tenant's zone."""

    asset_type: str
    claim_date: date
    claimant: Claimant = "consumer"
    purchase_date: date | None = None
    manufacture_date: date | None = None
    install_date: date | None = None
    facts: dict = msgspec.field(default_factory=dict)
    parts: tuple[Part, ...] = ()
    attributes: dict = msgspec.field(default_factory=dict)


class Reason(msgspec.Struct, frozen=True):
    """One step of the explanation: the rule that fired and what it says, in both languages."""

    rule_id: str
    text: LocalizedText


class Charge(msgspec.Struct, frozen=True):
    """What the customer pays for a repair warranty does not cover, in integer fen."""

    amount_fen: int
    currency: str = "CNY"


class Decision(msgspec.Struct, frozen=True):
    """The answer to a claim: what to do, whether warranty covers it, what it costs and why."""

    decision: DecisionKind
    covered: bool
    rule_ids: tuple[str, ...]
    reasons: tuple[Reason, ...]
    charge: Charge | None = None


class WarrantyRow(msgspec.Struct, frozen=True):
    """One row of a published warranty table (for display and for the API)."""

    rule_id: str
    asset_type: str
    period: str
    remedy: LocalizedText
    note: LocalizedText | None = None


class WarrantyTable(msgspec.Struct, frozen=True):
    """A plugin's warranty table: rows walked top-down, first match wins."""

    id: str
    title: LocalizedText
    rows: tuple[WarrantyRow, ...]
