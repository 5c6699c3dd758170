"""Wire types of warranty decisions and tables."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from core.warranty.types import WarrantyRow


class ProductIn(msgspec.Struct):
    """The product of a claim when it is not a registered asset."""

    type: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    purchase_date: date | None = None
    manufacture_date: date | None = None
    install_date: date | None = None
    attributes: dict[str, Any] = {}


class PartIn(msgspec.Struct):
    """A part replaced in a repair, as a decision request names it."""

    sku: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    unit_price_fen: Annotated[int, msgspec.Meta(ge=0)]
    qty: Annotated[int, msgspec.Meta(ge=1)] = 1


class DecisionRequest(msgspec.Struct):
    """A warranty claim: an asset (``asset_id``) or a product, the claim date, who claims, the
    facts found on the product and the parts a repair would replace."""

    claim_date: date
    claimant: Literal["consumer", "dealer"] = "consumer"
    asset_id: UUID | None = None
    product: ProductIn | None = None
    facts: dict[str, Any] = {}
    parts: list[PartIn] = []


class ChargeRead(msgspec.Struct):
    amount_fen: int
    currency: str


class ReasonRead(msgspec.Struct):
    rule_id: str
    text: dict[str, str]


class DecisionRead(msgspec.Struct):
    """A recorded decision. ``reasons`` are in the caller's language, ``reasons_i18n`` in both;
    ``claim`` and ``plugin_settings`` are the inputs the plugin saw."""

    id: UUID
    decision: str
    covered: bool
    charge: ChargeRead | None
    rule_ids: list[str]
    reasons: list[str]
    reasons_i18n: list[ReasonRead]
    asset_id: UUID | None
    asset_type: str
    plugin: str
    plugin_version: str
    charged_by: str | None
    claim: dict[str, Any]
    plugin_settings: dict[str, Any]
    decided_by: UUID | None
    created_at: datetime


class WarrantyTableRead(msgspec.Struct):
    """A warranty table published by an enabled plugin."""

    plugin: str
    id: str
    title: dict[str, str]
    rows: list[WarrantyRow]
