"""Ticket pages: the agent queue, intake with customer search, and the ticket page with its
timeline, chat transcript, the actions valid in its state, hand-over and charges."""

from __future__ import annotations

from collections.abc import Awaitable
from urllib.parse import quote
from uuid import UUID

import msgspec
from litestar import Request, Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.datastructures import UploadFile
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from core.attachments import service as attachments
from core.attachments.serving import file_response
from core.auth import service as auth_service
from core.auth.guards import DESK, STAFF
from core.chat import service as chat
from core.customers import queries as customers_q
from core.customers import service as customer_service
from core.customers.schemas import AssetCreate, CustomerCreate
from core.db.base import utcnow
from core.errors import DomainError, Invalid
from core.forms.service import available_forms
from core.forms.types import FormDefinition
from core.i18n import pick
from core.i18n.translate import N_
from core.notes import service as notes
from core.notifications import queries as notification_queries
from core.pagination import MAX_LIMIT
from core.quotas import quotas_of
from core.roster.availability import available_on
from core.tickets import actions, charges, records, service, ticket_forms
from core.tickets.queries import created_event, history_page, sla_state
from core.tickets.records import filed_same_day
from core.tickets.schemas import Channel as ChannelType
from core.tickets.schemas import FormSubmission, ServiceRecordIn, TicketCreate, Transition
from core.tickets.views import ticket_forms_read
from core.tickets.workflow import TRANSITIONS
from core.timezones import tenant_today, tenant_zone
from core.warranty import service as warranty
from core.web import queue, timeline, warranty_check
from core.web.charge_form import charge_from_form, fen_from_form
from core.web.forms import INVALID, REQUIRED, FormState, convert, read_form, uuid_or_none
from core.web.pages import TenantPages, discard, save_form, tenant_page
from core.web.schema_form import PREFIX, fields_of, friendly, read_data
from core.web.security import page_role
from core.web.templating import request_locale
from tenants.context import TenantContext

STAFF_ONLY = [page_role(*STAFF)]
#: The request may carry one attachment and its multipart framing, no more.
ATTACHMENT_REQUEST = attachments.MAX_BYTES + 64 * 1024


def map_link(address: str | None) -> str | None:
    """A map search for the customer's address (AMap, which Chinese phones open in its app)."""
    return f"https://uri.amap.com/search?keyword={quote(address)}" if address and address.strip() else None
CHANNELS = ChannelType.__args__
PRIORITIES = ("urgent", "high", "normal", "low")
SEARCH_SIZE = 10
#: Timeline events a ticket page shows (the API's largest page).
HISTORY_SIZE = MAX_LIMIT
CHOOSE_PRODUCT = N_("Choose the product first")


def _transition_fields(values: dict[str, str], state: FormState) -> dict:
    """The posted action's fields as the API takes them: local appointment times with the offset,
    the estimate typed in yuan as fen, the stamp checkbox as a boolean."""
    fields: dict = {k: v for k, v in values.items() if k != "estimate"}
    for key in ("start", "end"):
        if values.get(key):
            fields[key] = _local_datetime(values[key])
    if "estimate" in values:
        try:
            if not values["estimate"].strip():
                raise ValueError(REQUIRED)
            fields["estimate_fen"] = fen_from_form(values["estimate"])
        except ValueError as exc:
            state.errors["estimate"] = str(exc)
    if "stamped" in values:
        fields["stamped"] = values["stamped"] == "on"
    return fields



def _local_datetime(value: str) -> str:
    """``datetime-local`` inputs have no seconds; the tenant's zone is applied by the service."""
    return f"{value}:00" if len(value) == 16 else value


async def kind_forms(db: AsyncSession, ctx: TenantContext, kind: str) -> list[FormDefinition]:
    """The enabled plugins' and the tenant's forms that belong to ticket kind ``kind``."""
    return [form for form in (await available_forms(db, ctx)).values() if kind in form.ticket_kinds]


def chosen_form(forms: list[FormDefinition], form_id: str) -> FormDefinition | None:
    """The form picked among ``forms`` (the first when none or an unknown one is picked)."""
    return next((f for f in forms if f.id == form_id), forms[0] if forms else None)


def form_errors(state: FormState) -> FormState:
    """The schema's complaints in the user's words; an unknown form is reported at its picker."""
    for key, message in list(state.errors.items()):
        if key.startswith(PREFIX):
            state.errors[key] = friendly(message)
    if "form.id" in state.errors:
        state.errors["form_id"] = state.errors.pop("form.id")
    return state


class TicketPages(TenantPages, section="/tickets"):
    """``/t/{slug}/tickets…``"""

    @get(["/export.csv", "/export.xlsx"])
    async def download(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The queue as the page shows it (search, filters, view) as CSV or XLSX, the rows of
        ``GET /api/v1/tickets/export.csv``."""
        return await queue.queue_download(request, db, ctx)

    @get("/")
    async def queue(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The queue (:func:`core.web.queue.queue_page`)."""
        return await queue.queue_page(request, db, ctx)

    @get("/new", guards=STAFF_ONLY)
    async def new(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Intake (登记): customer and product, the warranty check, what happened, how it came in,
        and the form of the enabled plugins for the chosen kind."""
        values = {"kind": "repair", "channel": "phone", "priority": "normal", "claimant": "consumer",
                  "claim_date": tenant_today(ctx.tenant).isoformat(), **warranty_check.initial_values(ctx.enabled)}
        return await self._new_page(request, db, ctx, FormState(values=values))

    async def _new_page(self, request: Request, db: AsyncSession, ctx: TenantContext, state: FormState,
                        status_code: int = 200, customer=None, assets=()) -> Response:
        return tenant_page(
            request, ctx, "tickets/new.html", status_code=status_code, form=state, kinds=service.ticket_kinds(ctx),
            channels=CHANNELS, priorities=PRIORITIES, customer=customer, assets=assets,
            technicians=await available_on(db, ctx, tenant_today(ctx.tenant),
                                           await auth_service.active_staff(db, ("technician",))),
            facts=warranty_check.facts_of(ctx.enabled), claimants=warranty_check.CLAIMANTS,
            plugin_titles=self._plugin_titles(request, ctx),
            **await self._form_context(request, db, ctx, state),
        )

    @staticmethod
    def _plugin_titles(request: Request, ctx: TenantContext) -> dict[str, str]:
        infos = request.app.state.plugins.infos
        return {name: pick(infos[name].title, request_locale(request)) for name in ctx.enabled if name in infos}

    @staticmethod
    async def _form_context(request: Request, db: AsyncSession, ctx: TenantContext, state: FormState,
                            add: str = "") -> dict:
        forms = await kind_forms(db, ctx, state.values.get("kind", ""))
        form = chosen_form(forms, state.values.get("form_id", ""))
        fields = fields_of(form.schema, request_locale(request), state.values, add) if form else []
        return {"kind_forms": forms, "plugin_form": form, "schema_fields": fields}

    @get("/form-fields", guards=STAFF_ONLY)
    async def form_fields(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """htmx: the form of the chosen kind (and chosen form, when the kind has several)."""
        state = FormState(values=dict(request.query_params))
        return tenant_page(request, ctx, "tickets/_plugin_form.html", form=state,
                           **await self._form_context(request, db, ctx, state))

    @post("/form-fields", guards=STAFF_ONLY)
    async def form_rows(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """htmx: the same form with one more row in the repeated group named by ``add``, keeping
        what was typed."""
        values = await read_form(request)
        state = FormState(values=values)
        return tenant_page(request, ctx, "tickets/_plugin_form.html", form=state,
                           **await self._form_context(request, db, ctx, state, add=values.get("add", "")))

    @post("/warranty-check", guards=STAFF_ONLY)
    async def warranty_check(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """htmx: decide the warranty claim of the chosen product by the enabled plugins' rules
        (the decision is recorded, as through the API) and show decision, coverage, charge and
        reasons before anything is promised."""
        values = await read_form(request)
        state, decision = FormState(values=values, prefix="w-"), None
        asset_id = uuid_or_none(values.get("asset_id"))
        asset = (await customers_q.assets_by_id(db, [asset_id])).get(asset_id)
        if asset is None:
            state.errors["asset_id"] = CHOOSE_PRODUCT
        else:
            try:
                claim = warranty_check.claim_request(values, asset.id, asset.type, tenant_today(ctx.tenant))
            except ValueError:
                state.errors["claim_date"] = INVALID
            else:
                try:
                    decision = await warranty.decide(db, ctx, claim, request.user.user_id)
                except DomainError as exc:
                    state.fail(exc)
        return tenant_page(request, ctx, "tickets/_warranty.html", form=state, decision=decision,
                           decisions=warranty_check.DECISIONS)

    @get("/customers")
    async def customer_search(self, request: Request, db: AsyncSession, ctx: TenantContext, q: str = "") -> Response:
        """htmx: the customers the caller may read matching ``q`` (name, address, phone in any
        format, an asset's serial, plate or ICCID), search as you type."""
        term = q.strip()
        found = []
        if term:
            found, _ = await customers_q.customer_page(db, request.user, term, limit=SEARCH_SIZE, cursor=None)
        phone = term if not any(ch.isalpha() for ch in term) else ""
        new = FormState(values={"new.name": "" if phone else term, "new.phone": phone}, prefix="new-")
        return tenant_page(request, ctx, "tickets/_customers.html", customers=found, q=term, new=new, chosen=None,
                           **self._new_asset(request, ctx, None, new))

    @post("/customers", guards=[page_role(*DESK)])
    async def create_customer(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """htmx: open the caller's customer file from the intake page when the search found none;
        the new customer comes back chosen, with the products step."""
        values = await read_form(request)
        new = FormState(values=values, prefix="new-")
        typed = {part: values.get(f"new.{part}", "").strip()
                 for part in ("name", "phone", "address", "asset_type", "model", "purchase_date")}
        # The service checks every field and names each mistake (all at once, beside its input).
        data = CustomerCreate(name=typed["name"], phone=typed["phone"] or None, address=typed["address"] or None)
        checked, asset = FormState(), None
        try:
            customer = await customer_service.create_customer(db, data)
            if typed["asset_type"]:  # the caller's product, registered in the same click
                product = convert({"customer_id": str(customer.id), "type": typed["asset_type"], "model": typed["model"],
                                   "purchase_date": typed["purchase_date"]}, AssetCreate, checked)
                if product is not None:
                    asset = await customer_service.create_asset(db, ctx, product, request.user.user_id)
        except DomainError as exc:
            checked.fail(exc)
        if checked.ok:
            return tenant_page(request, ctx, "tickets/_customers.html", customers=[customer], q="", new=new,
                               chosen=customer.id, chosen_asset=asset.id if asset else None)
        await discard(db, ctx)
        renamed = {"type": "asset_type"}
        new.errors = {f"new.{renamed.get(k, k)}" if k else k: v for k, v in checked.errors.items()}
        return tenant_page(request, ctx, "tickets/_customers.html", customers=[], q=typed["phone"] or typed["name"],
                           new=new, chosen=None, **self._new_asset(request, ctx, None, new))

    @get("/assets")
    async def customer_assets(self, request: Request, db: AsyncSession, ctx: TenantContext,
                              customer_id: str = "", asset_id: str = "") -> Response:
        """htmx: the chosen customer's products, to pick the one the request is about (``asset_id``
        comes chosen, its warranty answer with it)."""
        chosen = uuid_or_none(customer_id)
        assets = await self._assets(db, chosen)
        picked = {"asset_id": asset_id} if asset_id in {str(a.id) for a in assets} else {}
        return tenant_page(request, ctx, "tickets/_assets.html", assets=assets, form=FormState(values=picked),
                           **self._new_asset(request, ctx, chosen, FormState(prefix="new-")))

    @staticmethod
    def _new_asset(request: Request, ctx: TenantContext, customer_id: UUID | None, state: FormState) -> dict:
        """The inline product registration of the intake page: the enabled types by label."""
        locale = request_locale(request)
        types = [(name, pick(t.label, locale)) for name, t in customer_service.asset_types(ctx).items()]
        return {"customer_id": customer_id, "asset_types": types, "new_asset": state}

    @post("/assets", guards=STAFF_ONLY)
    async def create_asset(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """htmx: register the caller's product from the intake page (type, model, purchase date;
        the other attributes on the customer page); it comes back chosen."""
        values = await read_form(request)
        fields = {k.removeprefix("newasset."): v.strip() for k, v in values.items() if k.startswith("newasset.")}
        new, state = FormState(values=values, prefix="new-"), FormState()
        data = convert(fields, AssetCreate, state)
        if data is not None:
            try:
                await customers_q.read_customer(db, request.user, data.customer_id)
                asset = await customer_service.create_asset(db, ctx, data, request.user.user_id)
            except DomainError as exc:
                state.fail(exc)
            else:
                return tenant_page(request, ctx, "tickets/_assets.html", assets=await self._assets(db, asset.customer_id),
                                   form=FormState(values={"asset_id": str(asset.id)}),
                                   **self._new_asset(request, ctx, asset.customer_id, FormState(prefix="new-")))
        await discard(db, ctx)
        new.errors = {f"newasset.{k}" if k else k: v for k, v in state.errors.items()}
        customer_id = uuid_or_none(fields.get("customer_id"))
        return tenant_page(request, ctx, "tickets/_assets.html", assets=await self._assets(db, customer_id),
                           form=FormState(), **self._new_asset(request, ctx, customer_id, new))

    @staticmethod
    async def _assets(db: AsyncSession, customer_id: UUID | None) -> list:
        if customer_id is None:
            return []
        assets, _ = await customers_q.asset_page(db, customer_id, limit=MAX_LIMIT, cursor=None)
        return assets

    @post("/", guards=STAFF_ONLY)
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Create the ticket with its form; the agent who took it owns it (首问负责制). A technician
        chosen on the form gets it at once (the dispatch in the same transaction: both or neither)."""
        values = await read_form(request)
        state = FormState(values=values)
        dispatch_to = values.get("technician_id", "")
        data = convert({k: v for k, v in values.items() if "." not in k and k != "technician_id"}, TicketCreate, state)
        form = chosen_form(await kind_forms(db, ctx, values.get("kind", "")), values.get("form_id", ""))
        if data is not None and form is not None:
            data = msgspec.structs.replace(data, form=FormSubmission(form.id, read_data(form.schema, values)))

        async def create_and_dispatch(data: TicketCreate):
            ticket = await service.create_ticket(db, ctx, data, request.user)
            if dispatch_to:
                dispatch = convert({"action": "assign", "technician_id": dispatch_to}, Transition, state)
                if dispatch is None:
                    raise Invalid("technician_id", "not a technician of this company")
                await actions.transition(db, ctx, ticket.id, dispatch, request.user)
            return ticket

        async def again(state: FormState) -> Response:
            customer_id = uuid_or_none(values.get("customer_id"))
            customer = (await customers_q.customers_by_id(db, [customer_id])).get(customer_id)
            return await self._new_page(request, db, ctx, form_errors(state), 422, customer,
                                        await self._assets(db, customer_id))

        return await save_form(db, ctx, state, create_and_dispatch(data) if data is not None else None, again=again,
                               to=lambda ticket: f"/t/{ctx.tenant.slug}/tickets/{ticket.id}")

    @get("/{ticket_id:uuid}")
    async def show(
        self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID, history_cursor: str | None = None
    ) -> Response:
        """The ticket: facts, SLA, timeline (:data:`HISTORY_SIZE` events a page, oldest first as the
        API's history, "Next page" for later ones), the chat transcript of an online chat, the actions
        its state allows, hand-over, charges."""
        return await self._ticket_page(request, db, ctx, ticket_id, FormState(), history_cursor=history_cursor)

    async def _ticket_page(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID,
                           state: FormState, status_code: int = 200, failed: str = "",
                           history_cursor: str | None = None) -> Response:
        ticket = await service.get_ticket(db, ticket_id)
        events, next_history = await history_page(db, ticket.id, limit=HISTORY_SIZE, cursor=history_cursor)
        created = next((e for e in events if e.action == "created"), None)
        if created is None and history_cursor:  # a later page of the history: the taking in is on the first
            created = await created_event(db, ticket.id)
        users = await auth_service.active_staff(db)
        customer = await customers_q.get_customer(db, ticket.customer_id)
        asset = (await customers_q.assets_by_id(db, [ticket.asset_id])).get(ticket.asset_id)
        messages = await chat.transcript(db, ticket.id) if ticket.channel == chat.CHAT_CHANNEL else None
        decision_id = created.data.get("warranty_decision_id") if created else None
        return tenant_page(
            request, ctx, "tickets/show.html", status_code=status_code, ticket=ticket, events=events,
            next_history=next_history,
            customer=customer, asset=asset, users=users, names={u.id: u.name for u in users},
            technicians=await available_on(db, ctx, tenant_today(ctx.tenant),
                                           [u for u in users if u.role == "technician"]),
            allowed=list(TRANSITIONS.get(ticket.status, {})),
            sla=sla_state(ticket, utcnow()), lines=await charges.charges_of(db, ticket.id),
            record_same_day=filed_same_day(ticket, tenant_zone(ctx.tenant)),
            ticket_forms=ticket_forms_read(ticket, await ticket_forms.forms_of(db, ticket.id),
                                           ticket_forms.requirements(ctx, ticket), ctx.tenant, request_locale(request)),
            form_titles={f.id: f.title for f in (await available_forms(db, ctx)).values()}, messages=messages,
            warranty_decision=await warranty.get_decision(db, UUID(decision_id)) if decision_id else None,
            decisions=warranty_check.DECISIONS,
            form=state, failed=failed, blank=FormState(),
            notifications=await notification_queries.ticket_notifications(db, ticket.id),
            notes=await notes.of_ticket(db, ticket.id), attachments=await attachments.of_ticket(db, ticket.id),
            map_url=map_link(customer.address),
            story=timeline.story(events, {u.id: u.name for u in users}, request_locale(request), ctx.tenant.timezone),
        )

    @post("/{ticket_id:uuid}/actions", guards=STAFF_ONLY)
    async def act(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID) -> Response:
        """Apply one action of the workflow (only those valid in the current state are offered)."""
        values = await read_form(request)
        state = FormState(values=values)
        data = convert(_transition_fields(values, state), Transition, state)
        command = actions.transition(db, ctx, ticket_id, data, request.user) if data is not None else None
        return await self._then(request, db, ctx, ticket_id, state, command, values.get("action", ""))

    @post("/{ticket_id:uuid}/service-record", guards=STAFF_ONLY)
    async def service_record(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID) -> Response:
        """File the service record and the warranty-card tick, once the work is done (001)."""
        values = await read_form(request)
        state = FormState(values=values)
        data = convert({**values, "warranty_card_written": values.get("warranty_card_written") == "on"},
                       ServiceRecordIn, state)
        command = records.file_service_record(db, ctx, ticket_id, data, request.user) if data is not None else None
        return await self._then(request, db, ctx, ticket_id, state, command, "service_record", "#service-record")

    @post("/{ticket_id:uuid}/handover", guards=STAFF_ONLY)
    async def handover(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID) -> Response:
        """Hand the ticket to a colleague with a reason (logged in the history)."""
        values = await read_form(request)
        state = FormState(values=values)
        to_user, reason = uuid_or_none(values.get("to_user_id")), values.get("reason", "").strip()
        if to_user is None:
            state.errors["to_user_id"] = REQUIRED
        if not reason:
            state.errors["reason"] = REQUIRED
        command = service.handover(db, ctx, ticket_id, to_user, reason, request.user) if state.ok else None
        return await self._then(request, db, ctx, ticket_id, state, command, "handover")

    @post("/{ticket_id:uuid}/charges", guards=STAFF_ONLY)
    async def add_charge(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID) -> Response:
        """Add a parts or labour line (amount typed in yuan, stored in fen)."""
        values = await read_form(request)
        state = FormState(values=values)
        data = charge_from_form(values, state)
        command = charges.add_charge(db, ctx, ticket_id, data, request.user) if data is not None else None
        return await self._then(request, db, ctx, ticket_id, state, command, "charge", "#charges")

    @post("/{ticket_id:uuid}/notes", guards=STAFF_ONLY)
    async def add_note(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID) -> Response:
        """Add an internal note (staff only; never shown to the customer)."""
        values = await read_form(request)
        state = FormState(values=values)
        command = notes.add(db, request.user, ticket_id, values.get("body", ""))
        return await self._then(request, db, ctx, ticket_id, state, command, "note", "#notes")

    @post("/{ticket_id:uuid}/attachments", guards=STAFF_ONLY, request_max_body_size=ATTACHMENT_REQUEST)
    async def attach(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID) -> Response:
        """Attach a photo or PDF, checked by its content (size, type and the storage quota)."""
        upload = (await request.form()).get("file")
        state = FormState()
        if not isinstance(upload, UploadFile) or not upload.filename:
            state.errors["file"] = REQUIRED
            command = None
        else:
            quota = quotas_of(ctx.tenant, request.app.state.settings).storage_mb
            command = attachments.add(db, request.app.state.storage, ctx.tenant.id, quota, request.user, ticket_id,
                                      upload.filename, await upload.read(attachments.MAX_BYTES + 1))
        return await self._then(request, db, ctx, ticket_id, state, command, "attachment", "#attachments")

    @get("/{ticket_id:uuid}/attachments/{attachment_id:uuid}")
    async def attachment(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID,
                         attachment_id: UUID) -> Response:
        """One of the ticket's files (this tenant's only)."""
        row = await attachments.get(db, ticket_id, attachment_id)
        return file_response(row, await request.app.state.storage.read(ctx.tenant.id, row.id))

    @post("/{ticket_id:uuid}/attachments/{attachment_id:uuid}/remove", guards=STAFF_ONLY)
    async def remove_attachment(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID,
                                attachment_id: UUID) -> Response:
        """Remove a file (managers and the uploader); its bytes go once the removal is committed."""
        try:
            row = await attachments.remove(db, request.user, ticket_id, attachment_id)
        except DomainError as exc:
            await discard(db, ctx)
            return await self._ticket_page(request, db, ctx, ticket_id, FormState().fail(exc), 422, "attachment")
        return Redirect(f"/t/{ctx.tenant.slug}/tickets/{ticket_id}#attachments", status_code=303,
                        background=BackgroundTask(request.app.state.storage.delete, ctx.tenant.id, row.id))

    async def _then(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID,
                    state: FormState, command: Awaitable | None, failed: str, anchor: str = "") -> Response:
        """Run a posted form's command (``None`` when the form itself failed): back to the ticket
        (at ``anchor``), or, with nothing saved, the ticket page again with the errors beside the
        fields of the ``failed`` form."""
        return await save_form(db, ctx, state, command, to=f"/t/{ctx.tenant.slug}/tickets/{ticket_id}{anchor}",
                               again=lambda state: self._ticket_page(request, db, ctx, ticket_id, state, 422, failed))


__all__ = ["TicketPages"]
