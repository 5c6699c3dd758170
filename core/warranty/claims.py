"""Turning a decision request into a :class:`~core.warranty.types.Claim`: the asset or product,
its dates and attributes, the facts and the parts."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from core.customers import service as customers
from core.customers.models import Asset
from core.errors import Invalid
from core.timezones import check_not_future
from core.warranty.schemas import DecisionRequest
from core.warranty.types import Claim, Part
from tenants.context import TenantContext

DATE_FIELDS = ("purchase_date", "manufacture_date", "install_date")


def subject_field(data: DecisionRequest) -> str:
    """The request field that names what is claimed: ``asset_id`` or ``product.type``."""
    return "asset_id" if data.asset_id is not None else "product.type"


def date_field(data: DecisionRequest, name: str) -> str:
    """The request field a claim date came from (or must come from): ``product.<name>`` unless
    the claim is about a registered asset that has the date."""
    return "asset_id" if data.asset_id is not None and data.product is None else f"product.{name}"


def claim_dates(asset: Asset | None, data: DecisionRequest) -> dict[str, date | None]:
    """The asset's dates, completed by those given in ``product``."""
    return {
        name: getattr(asset, name, None) or getattr(data.product, name, None) for name in DATE_FIELDS
    }


async def build_claim(session: AsyncSession, ctx: TenantContext, data: DecisionRequest) -> tuple[Claim, Asset | None]:
    """The claim to decide and the asset it is about (``None`` for a bare product).

    An asset of another tenant is not found (404). The type must be one of the tenant's enabled
    plugins' asset types, the claim is not dated after today (tenant's zone) and no product date
    may be later than the claim date (422)."""
    if data.asset_id is None and data.product is None:
        raise Invalid.fields(
            "a claim needs asset_id or product",
            [("asset_id", "give asset_id or product"), ("product", "give asset_id or product")],
        )
    asset = await customers.get_asset(session, data.asset_id) if data.asset_id is not None else None
    if asset is not None and data.product is not None and data.product.type != asset.type:
        raise Invalid("product.type", f"the asset is of type {asset.type!r}")
    asset_type = asset.type if asset is not None else data.product.type
    known = customers.asset_types(ctx)
    if asset_type not in known:
        enabled = ", ".join(sorted(known)) or "none: enable a plugin first"
        raise Invalid(subject_field(data), f"no enabled plugin owns {asset_type!r} (enabled types: {enabled})")
    check_not_future(ctx.tenant, "claim_date", data.claim_date)
    dates = claim_dates(asset, data)
    for name, value in dates.items():
        if value is not None and value > data.claim_date:
            raise Invalid(date_field(data, name), f"{name} {value} is after the claim date {data.claim_date}")
    attributes = {**(asset.attributes if asset else {}), **(data.product.attributes if data.product else {})}
    claim = Claim(
        asset_type=asset_type,
        claim_date=data.claim_date,
        claimant=data.claimant,
        facts=data.facts,
        parts=tuple(Part(sku=p.sku, name=p.name, unit_price_fen=p.unit_price_fen, qty=p.qty) for p in data.parts),
        attributes=attributes,
        **dates,
    )
    return claim, asset
