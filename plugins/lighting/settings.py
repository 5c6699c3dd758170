"""Tenant settings of the lighting plugin; every default is the source's value (DOMAIN §6)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import msgspec

from core.sdk import plugin_settings

Months = Annotated[int, msgspec.Meta(ge=0, le=120)]


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Warranty periods (calendar months from purchase), the dealer window (months from the
    manufacture date read from the spray code), the out-of-warranty repair fee, the repair
    points' promise and the deposit (押金) a repair point pays on its first-batch parts stock, in
    percent of the stock's value (the source leaves the proportion to the company; 30 here).
    ``plastic_part_months = None`` means plastic parts have no warranty."""

    ceiling_lamp_months: Months | None = 12
    recessed_ballast_months: Months | None = 12
    tube_months: Months | None = 6
    plastic_part_months: Months | None = None
    cfl_months: Months | None = 12
    dealer_months_from_manufacture: Months = 15
    repair_fee_percent: Annotated[float, msgspec.Meta(ge=0, le=100)] = 10
    repair_promise_days: Annotated[int, msgspec.Meta(ge=0, le=30)] = 3
    deposit_percent: Annotated[float, msgspec.Meta(ge=0, le=100)] = 30
    #: Extra return-to-factory weeks keyed by GB/T 2260 code (province or city), e.g. ``{"220000": 1}``
    #: for a region the source leaves unassigned.
    return_week_overrides: dict[str, Annotated[int, msgspec.Meta(ge=1, le=5)]] = msgspec.field(
        default_factory=dict
    )


#: This plugin's settings out of the per-plugin mapping hooks receive (defaults if none).
tenant_settings = partial(plugin_settings, name="lighting", cls=Settings)
