"""The customer and asset lists as spreadsheet rows, in the import's columns (so an exported list
filled with external ids imports back). Customer files listed are reads: only the levels the
caller's role may read, top-secret ones audited (DOMAIN §5), as the list API does."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.confidentiality.service import check_reads, readable_levels
from core.customers.models import Asset, Customer
from core.customers.queries import CUSTOMER_FILE, customers_by_id, search_clause
from core.file_columns import COLUMNS

#: The most rows one download holds (as many as one import reads).
EXPORT_MAX = 10_000


def _header(kind: str, locale: str) -> list[str]:
    english = locale.startswith("en")
    return [c.en if english else c.zh for c in COLUMNS[kind]]


def _cell(value) -> object:
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else value.isoformat() if hasattr(value, "isoformat") else value


async def customer_rows(session: AsyncSession, principal: Principal, q: str | None, locale: str) -> list[list]:
    """The customers the caller may read (matching ``q``), newest first, as rows under the
    import's headers."""
    stmt = select(Customer).where(Customer.classification.in_(await readable_levels(session, principal.role)))
    if q and q.strip():
        stmt = stmt.where(search_clause(q.strip()))
    customers = list(await session.scalars(stmt.order_by(Customer.id.desc()).limit(EXPORT_MAX)))
    await check_reads(session, principal, [(c.classification, CUSTOMER_FILE, c.id) for c in customers])
    fields = [c.field for c in COLUMNS["customers"]]
    return [_header("customers", locale), *([_cell(getattr(c, f)) for f in fields] for c in customers)]


async def asset_rows(session: AsyncSession, locale: str) -> list[list]:
    """The tenant's assets, newest first, as rows under the import's headers with one
    ``attributes.<key>`` column per attribute any of them has."""
    assets = list(await session.scalars(select(Asset).order_by(Asset.id.desc()).limit(EXPORT_MAX)))
    owners = await customers_by_id(session, (a.customer_id for a in assets))
    keys = sorted({key for a in assets for key in a.attributes or {}})
    prefix = "attributes." if locale.startswith("en") else "属性."
    rows = [[*_header("assets", locale), *(prefix + k for k in keys)]]
    for asset in assets:
        owner = owners.get(asset.customer_id)
        values = {**{f: getattr(asset, f, None) for f in ("external_id", "type", "model", "serial", "purchase_date",
                                                          "manufacture_date", "install_date")},
                  "customer_external_id": owner.external_id if owner else None}
        attributes = asset.attributes or {}
        rows.append([*(_cell(values[c.field]) for c in COLUMNS["assets"]),
                     *(_cell(attributes.get(k)) if not isinstance(attributes.get(k), (dict, list)) else str(attributes[k])
                       for k in keys)])
    return rows
