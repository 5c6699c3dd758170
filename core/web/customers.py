"""Customer pages: the list with search, creating and editing a customer file, the customer page
with its assets and history, and creating and editing an asset with the attributes of its type.

Every read goes through :mod:`core.customers.queries` (the API's path: tenancy, confidentiality
with its audit, cursor pages); the history comes from the other contexts' own queries."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from litestar import Request, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import DESK
from core.complaints import service as complaints
from core.customers import export, queries, service
from core.customers.schemas import AssetCreate, CustomerCreate
from core.errors import NotFound
from core.exports import table_response
from core.i18n import pick
from core.revisits import service as revisits
from core.tickets import charges, ticket_forms
from core.tickets import queries as tickets
from core.timezones import tenant_today
from core.visits import queries as visits
from core.warranty import service as warranty
from core.web.complaints import STATE_LABELS, TYPE_LABELS
from core.web.forms import FormState, convert, read_form
from core.web.pages import TenantPages, save_form, tenant_page
from core.web.revisits import OUTCOME_LABELS
from core.web.schema_form import fields_of, friendly, read_data
from core.web.security import page_role
from core.web.templating import request_locale
from core.web.warranty_check import DECISIONS
from tenants.context import TenantContext

WRITERS = [page_role(*DESK)]
ASSET_WRITERS = [page_role(*DESK, "technician")]
PAGE_SIZE = 50
#: How many of each kind of record the customer page's history shows.
HISTORY_SIZE = 20
ATTRIBUTES = "attributes"
CUSTOMER_FIELDS = ("name", "phone", "address", "province", "title")
ASSET_FIELDS = ("type", "model", "serial", "purchase_date", "manufacture_date", "install_date")


def customer_values(customer) -> dict[str, str]:
    """A customer file as the edit form shows it."""
    values = {name: getattr(customer, name) or "" for name in CUSTOMER_FIELDS}
    values.update(is_member="on" if customer.is_member else "", is_company="on" if customer.is_company else "")
    return values


def asset_values(asset) -> dict[str, str]:
    """An asset as the edit form shows it: its attributes under ``attributes.``."""
    values = {name: str(getattr(asset, name) or "") for name in ASSET_FIELDS}
    flatten(asset.attributes, ATTRIBUTES, values)
    return values


def flatten(data, prefix: str, out: dict[str, str]) -> None:
    """Nested attributes as the form's field names (``attributes.driver.name``, rows by index)."""
    if isinstance(data, dict):
        for key, value in data.items():
            flatten(value, f"{prefix}.{key}", out)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            flatten(value, f"{prefix}.{i}", out)
    elif isinstance(data, bool):
        out[prefix] = "on" if data else ""
    elif data is not None:
        out[prefix] = str(data)


def read_customer_form(values: dict[str, str]) -> CustomerCreate:
    """The posted customer form as the service's wire type (without contacts); the service
    checks every field, so all their errors come back at once."""
    fields = {k: values.get(k, "").strip() or None for k in CUSTOMER_FIELDS}
    return CustomerCreate(**{**fields, "name": fields["name"] or ""}, is_member=values.get("is_member") == "on",
                          is_company=values.get("is_company") == "on")


def schema_errors(state: FormState) -> FormState:
    """The attribute schema's complaints in the user's words."""
    for key, message in list(state.errors.items()):
        if key.startswith(f"{ATTRIBUTES}."):
            state.errors[key] = friendly(message)
    return state


class CustomerPages(TenantPages, section="/customers"):
    """``/t/{slug}/customers…``"""

    @get("/")
    async def index(self, request: Request, db: AsyncSession, ctx: TenantContext, q: str = "",
                    cursor: str = "") -> Response:
        """The customers the user may read, newest first, one page at a time; the search finds
        name, address, phone in any format, and an asset's serial, plate or ICCID."""
        rows, next_cursor = await queries.customer_page(db, request.user, q, limit=PAGE_SIZE, cursor=cursor or None)
        return tenant_page(request, ctx, "customers/index.html", customers=rows, next_cursor=next_cursor,
                           filters=FormState(values={"q": q}, prefix="q-"), q=q)

    @get(["/export.csv", "/export.xlsx"])
    async def download(self, request: Request, db: AsyncSession, q: str = "") -> Response:
        """The list (matching the search) as CSV or XLSX, the same rows as
        ``GET /api/v1/customers/export.csv``."""
        rows = await export.customer_rows(db, request.user, q, request_locale(request))
        return await table_response(rows, "customers", request.url.path.rsplit(".", 1)[1])

    @get("/new", guards=WRITERS)
    async def new(self, request: Request, ctx: TenantContext) -> Response:
        """An empty customer form."""
        return tenant_page(request, ctx, "customers/edit.html", form=FormState(), customer=None)

    @post("/", guards=WRITERS)
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Open the customer file, then show it (Post/Redirect/Get); errors come back beside their
        fields, all at once, with what was typed."""
        values = await read_form(request)

        async def again(state: FormState) -> Response:
            return tenant_page(request, ctx, "customers/edit.html", status_code=422, form=state, customer=None)

        return await save_form(db, ctx, FormState(values=values),
                               service.create_customer(db, read_customer_form(values)),
                               to=lambda customer: f"/t/{ctx.tenant.slug}/customers/{customer.id}", again=again)

    @get("/{customer_id:uuid}")
    async def show(self, request: Request, db: AsyncSession, ctx: TenantContext, customer_id: UUID,
                   assets_cursor: str = "") -> Response:
        """The customer file: contacts, assets (with a form for a new one) and its history."""
        return await self._page(request, db, ctx, customer_id, FormState(prefix="a-"), assets_cursor=assets_cursor)

    async def _page(self, request: Request, db: AsyncSession, ctx: TenantContext, customer_id: UUID,
                    asset_form: FormState, status_code: int = 200, assets_cursor: str = "") -> Response:
        customer = await queries.read_customer(db, request.user, customer_id)
        assets, next_assets = await queries.asset_page(db, customer.id, limit=PAGE_SIZE, cursor=assets_cursor or None)
        history = await self._history(db, customer.id, tenant_today(ctx.tenant))
        return tenant_page(
            request, ctx, "customers/show.html", status_code=status_code, customer=customer,
            contacts=await queries.contacts_of(db, customer.id), assets=assets, next_assets=next_assets,
            type_labels=self._type_labels(request, ctx), asset_form=asset_form,
            **self._asset_form_context(request, ctx, asset_form), **history,
        )

    @staticmethod
    async def _history(db: AsyncSession, customer_id: UUID, today: date) -> dict:
        """Tickets, complaints, revisits with outcomes, warranty decisions, forms and charges: a
        fixed number of queries whatever the history's length."""
        ticket_rows = await tickets.of_customer(db, customer_id, HISTORY_SIZE)
        ticket_ids = [t.id for t in ticket_rows]
        asset_ids = await queries.asset_ids_of(db, customer_id)
        return {
            "tickets": ticket_rows,
            "numbers": {t.id: t.number for t in ticket_rows},
            "complaints": await complaints.of_customer(db, customer_id, HISTORY_SIZE),
            "revisits": await revisits.of_customer(db, customer_id, HISTORY_SIZE),
            "decisions": await warranty.decisions_about(db, asset_ids, HISTORY_SIZE),
            "forms": await ticket_forms.forms_of_tickets(db, ticket_ids),
            "lines": await charges.charges_of_tickets(db, ticket_ids),
            "complaint_steps": STATE_LABELS, "complaint_types": TYPE_LABELS, "outcome_labels": OUTCOME_LABELS,
            "decision_labels": DECISIONS,
            "service_visits": await visits.history_of(db, customer_id, HISTORY_SIZE, today),
        }

    @get("/{customer_id:uuid}/edit", guards=WRITERS)
    async def edit(self, request: Request, db: AsyncSession, ctx: TenantContext, customer_id: UUID) -> Response:
        """The customer form with the file's fields."""
        customer = await queries.read_customer(db, request.user, customer_id)
        return tenant_page(request, ctx, "customers/edit.html", form=FormState(values=customer_values(customer)),
                           customer=customer)

    @post("/{customer_id:uuid}", guards=WRITERS)
    async def update(self, request: Request, db: AsyncSession, ctx: TenantContext, customer_id: UUID) -> Response:
        """Save the customer file's fields, then show it."""
        customer = await queries.read_customer(db, request.user, customer_id)
        values = await read_form(request)

        async def again(state: FormState) -> Response:
            customer = await queries.get_customer(db, customer_id)
            return tenant_page(request, ctx, "customers/edit.html", status_code=422, form=state, customer=customer)

        return await save_form(db, ctx, FormState(values=values),
                               service.update_customer(db, customer.id, read_customer_form(values)),
                               to=f"/t/{ctx.tenant.slug}/customers/{customer.id}", again=again)

    @get("/{customer_id:uuid}/asset-fields", guards=ASSET_WRITERS)
    async def asset_fields(self, request: Request, ctx: TenantContext, customer_id: UUID) -> Response:
        """htmx: the attribute fields of the chosen asset type."""
        state = FormState(values=dict(request.query_params), prefix="a-")
        return tenant_page(request, ctx, "customers/_attributes.html", asset_form=state,
                           **self._asset_form_context(request, ctx, state), customer_id=customer_id)

    @post("/{customer_id:uuid}/assets", guards=ASSET_WRITERS)
    async def create_asset(self, request: Request, db: AsyncSession, ctx: TenantContext,
                           customer_id: UUID) -> Response:
        """Register the customer's asset, then back to the customer page at its assets."""
        customer = await queries.read_customer(db, request.user, customer_id)
        values = await read_form(request)
        state = FormState(values=values, prefix="a-")
        data = self._read_asset(request, ctx, customer.id, values, state)
        command = service.create_asset(db, ctx, data, request.user.user_id) if data is not None else None
        return await save_form(db, ctx, state, command, to=f"/t/{ctx.tenant.slug}/customers/{customer.id}#assets",
                               again=lambda state: self._page(request, db, ctx, customer_id, schema_errors(state), 422))

    @get("/{customer_id:uuid}/assets/{asset_id:uuid}/edit", guards=ASSET_WRITERS)
    async def edit_asset(self, request: Request, db: AsyncSession, ctx: TenantContext, customer_id: UUID,
                         asset_id: UUID) -> Response:
        """The asset form with the asset's fields and attributes."""
        customer, asset = await self._asset_of(request, db, customer_id, asset_id)
        state = FormState(values=asset_values(asset), prefix="a-")
        return tenant_page(request, ctx, "customers/asset.html", customer=customer, asset=asset, asset_form=state,
                           type_labels=self._type_labels(request, ctx), **self._asset_form_context(request, ctx, state))

    @post("/{customer_id:uuid}/assets/{asset_id:uuid}", guards=ASSET_WRITERS)
    async def update_asset(self, request: Request, db: AsyncSession, ctx: TenantContext, customer_id: UUID,
                           asset_id: UUID) -> Response:
        """Save the asset, then back to the customer page."""
        customer, asset = await self._asset_of(request, db, customer_id, asset_id)
        values = await read_form(request)
        state = FormState(values=values, prefix="a-")
        data = self._read_asset(request, ctx, customer.id, values, state)

        async def again(state: FormState) -> Response:
            schema_errors(state)
            customer, asset = await self._asset_of(request, db, customer_id, asset_id)
            return tenant_page(request, ctx, "customers/asset.html", status_code=422, customer=customer, asset=asset,
                               asset_form=state, type_labels=self._type_labels(request, ctx),
                               **self._asset_form_context(request, ctx, state))

        command = service.update_asset(db, ctx, asset.id, data) if data is not None else None
        return await save_form(db, ctx, state, command, to=f"/t/{ctx.tenant.slug}/customers/{customer.id}#assets",
                               again=again)

    @staticmethod
    async def _asset_of(request: Request, db: AsyncSession, customer_id: UUID, asset_id: UUID) -> tuple:
        """The customer (a file read) and its asset; an asset of another customer is 404."""
        customer = await queries.read_customer(db, request.user, customer_id)
        asset = await queries.get_asset(db, asset_id)
        if asset.customer_id != customer.id:
            raise NotFound("no such asset")
        return customer, asset

    @staticmethod
    def _type_labels(request: Request, ctx: TenantContext) -> dict[str, str]:
        locale = request_locale(request)
        return {name: pick(t.label, locale) for name, t in service.asset_types(ctx).items()}

    @staticmethod
    def _asset_form_context(request: Request, ctx: TenantContext, state: FormState) -> dict:
        """The chosen asset type (the only one when the tenant has one) and its attribute fields."""
        types = service.asset_types(ctx)
        chosen = state.values.get("type") or (next(iter(types)) if len(types) == 1 else "")
        state.values["type"] = chosen
        asset_type = types.get(chosen)
        fields = fields_of(asset_type.attributes_schema, request_locale(request), state.values, prefix=ATTRIBUTES) \
            if asset_type else []
        return {"asset_types": types, "chosen_type": chosen, "attribute_fields": fields}

    @staticmethod
    def _read_asset(request: Request, ctx: TenantContext, customer_id: UUID, values: dict[str, str],
                    state: FormState) -> AssetCreate | None:
        asset_type = service.asset_types(ctx).get(values.get("type", ""))
        attributes = read_data(asset_type.attributes_schema, values, ATTRIBUTES) if asset_type else {}
        fields = {k: v.strip() for k, v in values.items() if k in ASSET_FIELDS}
        return convert({**fields, "customer_id": str(customer_id), "attributes": attributes}, AssetCreate, state)


__all__ = ["CustomerPages"]
