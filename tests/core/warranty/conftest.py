"""A kettle plugin owning one asset type and deciding its warranty claims from a small table."""

from __future__ import annotations

import msgspec
import pytest
from dateutil.relativedelta import relativedelta

from core.customers.types import AssetType
from core.hookspecs import hookimpl
from core.plugins import PluginInfo
from core.warranty.types import Charge, Decision, Reason, WarrantyRow, WarrantyTable


class MissingFact(ValueError):
    """What a plugin raises when the claim lacks a fact or date it needs."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class KettleSettings(msgspec.Struct, frozen=True):
    period_months: int = 12


def reason(rule_id: str, zh: str, en: str) -> Reason:
    return Reason(rule_id=rule_id, text={"zh_Hans": zh, "en": en})


class Kettles:
    """Kettles: exchanged within the period, paid repair after it or when dropped."""

    version = "1.2.3"

    @hookimpl
    def shouhou_plugin_info(self):
        """Who this plugin is."""
        return PluginInfo(
            name="kettles", version=self.version, title={"zh_Hans": "水壶", "en": "Kettles"},
            description={"en": "test plugin"}, core_requires=">=0.1,<1",
        )

    @hookimpl
    def shouhou_settings_schema(self):
        """The tenant settings."""
        return KettleSettings

    @hookimpl
    def shouhou_asset_types(self):
        """One asset type."""
        return [AssetType(name="kettles.kettle", label={"zh_Hans": "水壶", "en": "Kettle"})]

    @hookimpl
    def shouhou_warranty_tables(self):
        """The published table."""
        return [
            WarrantyTable(
                id="kettles.warranty", title={"zh_Hans": "水壶保修", "en": "Kettle warranty"},
                rows=(WarrantyRow(rule_id="kettles.in_period", asset_type="kettles.kettle", period="12 months",
                                  remedy={"zh_Hans": "换货", "en": "exchange"}),),
            )
        ]

    @hookimpl
    def shouhou_warranty_decision(self, claim, settings):
        """Dropped: paid repair; within the period: exchange; after it: paid repair."""
        if claim.asset_type != "kettles.kettle":
            return None
        if claim.purchase_date is None:
            raise MissingFact("purchase_date", "a kettle claim needs the purchase date")
        if "dropped" not in claim.facts:
            raise MissingFact("dropped", "a kettle claim needs the fact dropped")
        if claim.facts["dropped"]:
            return Decision("repair_paid", False, ("kettles.dropped",), (reason("kettles.dropped", "人为摔坏", "dropped by the customer"),))
        period = settings["kettles"].period_months
        if claim.claim_date <= claim.purchase_date + relativedelta(months=period):
            return Decision("exchange", True, ("kettles.in_period",), (reason("kettles.in_period", "保修期内换货", "exchanged within the warranty period"),))
        return Decision("repair_paid", False, ("kettles.out_of_period",), (reason("kettles.out_of_period", "超过保修期", "out of the warranty period"),))


class PricingKettles(Kettles):
    """Kettles that price their own paid repairs: parts plus 10 %, rounded half up."""

    @hookimpl
    def shouhou_service_charge(self, claim):
        """Parts plus 10 %."""
        parts = sum(p.unit_price_fen * p.qty for p in claim.parts)
        return Charge(amount_fen=parts + (parts + 5) // 10)


@pytest.fixture
def kettles(register_plugin):
    """The kettle plugin, registered for one test."""
    assert register_plugin(Kettles(), "kettles")


@pytest.fixture
def pricing_kettles(register_plugin):
    """The kettle plugin that prices its repairs, registered for one test."""
    assert register_plugin(PricingKettles(), "kettles")
