"""HTTP: customers, assets, the asset types a tenant can use and the late customer files."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import DESK, MANAGERS, requires_role
from core.auth.resource import ApiResource
from core.customers import export, queries, service
from core.customers.completeness import LateFile, late_customer_files
from core.customers.models import Asset, Customer
from core.customers.schemas import (
    AssetCreate,
    AssetRead,
    AssetTypeRead,
    ContactRead,
    CustomerCreate,
    CustomerRead,
)
from core.exports import table_response
from core.i18n import pick
from core.pagination import Page
from tenants.context import TenantContext


def customer_read(customer: Customer, contacts=()) -> CustomerRead:
    read = msgspec.convert(customer, CustomerRead, from_attributes=True)
    read.contacts = [msgspec.convert(c, ContactRead, from_attributes=True) for c in contacts]
    return read


async def full_read(db: AsyncSession, customer: Customer) -> CustomerRead:
    """A customer file with its contacts."""
    return customer_read(customer, await queries.contacts_of(db, customer.id))


def asset_read(asset: Asset) -> AssetRead:
    return msgspec.convert(asset, AssetRead, from_attributes=True)


class CustomerController(ApiResource, path="/api/v1/customers", tag="customers"):
    @post("/", guards=[requires_role(*DESK)])
    async def create(self, request: Request, db: AsyncSession, data: CustomerCreate) -> Response:
        """Open a customer file (客户档案)."""
        return await idempotency.create_once(
            db, request, lambda: service.create_customer(db, data), lambda customer: full_read(db, customer),
        )

    @get("/")
    async def list_customers(
        self,
        request: Request,
        db: AsyncSession,
        q: str | None = Parameter(
            default=None, description="name, address, phone (any format), or an asset's serial, plate or ICCID"
        ),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[CustomerRead]:
        """The tenant's customers the caller may read, newest first; ``q`` searches name,
        address, phone and the customers' assets. Top-secret files listed are audited reads
        (DOMAIN §5)."""
        return Page.of(await queries.customer_page(db, request.user, q, limit=limit, cursor=cursor), customer_read)

    @get(["/export.csv", "/export.xlsx"])
    async def download(
        self, request: Request, db: AsyncSession,
        q: str | None = Parameter(default=None, description="as for the list"),
    ) -> Response[bytes]:
        """The customers the caller may read (matching ``q``) as CSV or XLSX, in the import's
        columns, headers in the caller's language; top-secret files listed are audited reads."""
        rows = await export.customer_rows(db, request.user, q, request.user.locale)
        return await table_response(rows, "customers", request.url.path.rsplit(".", 1)[1])

    @get("/{customer_id:uuid}")
    async def read(self, request: Request, db: AsyncSession, customer_id: UUID) -> CustomerRead:
        """One customer file with its contacts; a role without access to its classification gets
        403, and every top-secret read is audited (DOMAIN §5)."""
        return await full_read(db, await queries.read_customer(db, request.user, customer_id))


class AssetController(ApiResource, path="/api/v1/assets", tag="assets"):
    @post("/", guards=[requires_role(*DESK, "technician")])
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext, data: AssetCreate) -> Response:
        """Register a customer's asset of an enabled plugin's type."""
        return await idempotency.create_once(
            db, request, lambda: service.create_asset(db, ctx, data, request.user.user_id), asset_read,
        )

    @get("/")
    async def list_assets(
        self,
        db: AsyncSession,
        customer_id: UUID | None = Parameter(default=None),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[AssetRead]:
        """Assets, newest first, optionally of one customer."""
        return Page.of(await queries.asset_page(db, customer_id, limit=limit, cursor=cursor), asset_read)

    @get(["/export.csv", "/export.xlsx"])
    async def download(self, request: Request, db: AsyncSession) -> Response[bytes]:
        """The tenant's assets as CSV or XLSX, in the import's columns plus one per attribute."""
        rows = await export.asset_rows(db, request.user.locale)
        return await table_response(rows, "assets", request.url.path.rsplit(".", 1)[1])

    @get("/{asset_id:uuid}")
    async def read(self, db: AsyncSession, asset_id: UUID) -> AssetRead:
        """One asset."""
        return asset_read(await queries.get_asset(db, asset_id))

    @get("/types")
    async def types(self, request: Request, ctx: TenantContext) -> list[AssetTypeRead]:
        """The asset types of the tenant's enabled plugins."""
        locale = request.user.locale
        return [
            AssetTypeRead(name=t.name, label=pick(t.label, locale), labels=t.label, attributes_schema=t.attributes_schema)
            for t in service.asset_types(ctx).values()
        ]


class LateFileController(ApiResource, path="/api/v1/confidentiality", tag="confidentiality"):
    """The completeness rule of customer files (DOMAIN §5), served where the confidentiality
    rules are (the path, tag and scope of the public contract)."""


    @get("/late-files", guards=[requires_role(*MANAGERS)])
    async def late_files(
        self,
        db: AsyncSession,
        ctx: TenantContext,
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[LateFile]:
        """Customer files still incomplete more than 2 days after first contact (DOMAIN §5)."""
        files, next_cursor = await late_customer_files(db, ctx.tenant, limit=limit, cursor=cursor)
        return Page(items=files, next_cursor=next_cursor)
