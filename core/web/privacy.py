"""Personal information request pages (PIPL Art. 44–47), for admins and managers: the open
requests with their deadlines, a customer's requests with the form to file one, the access
report (shown and downloaded), the correction form and the answer, erasure and refusal buttons.

Every read and change goes through :mod:`core.privacy` (the API's path): the customer file is
read with its confidentiality check and audit, erasure refuses unfinished work with the same 409."""

from __future__ import annotations

import json
from uuid import UUID

from litestar import Request, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import MANAGERS
from core.customers import queries as customers
from core.i18n.translate import N_, gettext
from core.privacy import queries, service
from core.privacy.deadline import is_overdue
from core.privacy.schemas import RequestCreate
from core.timezones import tenant_today
from core.web.customer_names import customer_names
from core.web.customers import customer_values, read_customer_form
from core.web.forms import FormState, convert, read_form
from core.web.pages import TenantPages, alert, run_action, save_form, tenant_page
from core.web.templating import request_locale
from tenants.context import TenantContext

KIND_LABELS = {"access": N_("Access report"), "correction": N_("Correction"), "erasure": N_("Erasure")}
REQUESTER_LABELS = {"subject": N_("The person"), "guardian": N_("Guardian"), "next_of_kin": N_("Next of kin"),
                    "agent": N_("Authorised agent")}
STATUS_LABELS = {"open": N_("Awaiting answer"), "done": N_("Done"), "refused": N_("Refused")}
#: The report's sections in the order the page shows them, with their headings.
SECTION_LABELS = {
    "contacts": N_("Contacts"), "assets": N_("Products"), "tickets": N_("Tickets"),
    "ticket_history": N_("Ticket history"), "ticket_forms": N_("Forms"), "charges": N_("Charges"),
    "chat_messages": N_("Chat messages"), "complaints": N_("Complaints"), "complaint_steps": N_("Complaint steps"),
    "revisits": N_("Revisits"), "warranty_decisions": N_("Warranty decisions"), "file_reads": N_("Who read the file"),
    "requests": N_("Requests"),
}
#: How many open requests the list shows at a time.
OPEN_SHOWN = 200


class PrivacyPages(TenantPages, roles=MANAGERS):
    """``/t/{slug}/privacy…`` and ``/t/{slug}/customers/{id}/privacy``."""

    @get("/privacy/")
    async def index(self, request: Request, db: AsyncSession, ctx: TenantContext,
                    cursor: str | None = None) -> Response:
        """The open requests, the one due first on top (the API's ``?status=open&sort=due``),
        overdue ones marked."""
        rows, next_cursor = await queries.request_page(db, customer_id=None, status="open", kind=None,
                                                       limit=OPEN_SHOWN, cursor=cursor, sort="due")
        names = await customer_names(db, [r.customer_id for r in rows])
        today = tenant_today(ctx.tenant)
        return tenant_page(request, ctx, "privacy/index.html", requests=rows, next_cursor=next_cursor, names=names,
                           today=today, overdue=lambda r: is_overdue(r.due_on, today, r.status == "open"),
                           **_labels(request_locale(request)))

    @get("/customers/{customer_id:uuid}/privacy")
    async def customer(self, request: Request, db: AsyncSession, ctx: TenantContext, customer_id: UUID) -> Response:
        """The customer's requests and the form to file one."""
        return await self._customer_page(request, db, ctx, customer_id, FormState(values={"requester": "subject"}))

    async def _customer_page(self, request: Request, db: AsyncSession, ctx: TenantContext, customer_id: UUID,
                             form: FormState, status_code: int = 200, alert: FormState | None = None) -> Response:
        customer = await customers.read_customer(db, request.user, customer_id)
        today = tenant_today(ctx.tenant)
        return tenant_page(request, ctx, "privacy/customer.html", status_code=status_code, customer=customer,
                           requests=await queries.requests_of(db, customer.id), form=form,
                           alert=alert or FormState(), today=today,
                           overdue=lambda r: is_overdue(r.due_on, today, r.status == "open"), **_labels(request_locale(request)))

    @post("/customers/{customer_id:uuid}/privacy")
    async def file(self, request: Request, db: AsyncSession, ctx: TenantContext, customer_id: UUID) -> Response:
        """File a request received about the customer; its deadline is computed."""
        await customers.read_customer(db, request.user, customer_id)
        values = await read_form(request)
        state = FormState(values=values)
        body = {"customer_id": str(customer_id), "kind": values.get("kind", ""),
                "requester": values.get("requester", "subject"),
                **({"received_on": values["received_on"]} if values.get("received_on") else {})}
        data = convert(body, RequestCreate, state)
        command = service.file_request(db, ctx, request.user, data) if data is not None else None
        return await save_form(db, ctx, state, command, to=f"/t/{ctx.tenant.slug}/customers/{customer_id}/privacy",
                               again=lambda state: self._customer_page(request, db, ctx, customer_id, state, 422))

    @get("/privacy/requests/{request_id:uuid}/report")
    async def report(self, request: Request, db: AsyncSession, ctx: TenantContext, request_id: UUID) -> Response:
        """The access report: each section with its records, and the file to download."""
        found = await queries.get_request(db, request_id)
        report = await queries.access_report(db, request.user, ctx, found.customer_id)
        sections = [(key, label, report[key], json.dumps(report[key], ensure_ascii=False, indent=2))
                    for key, label in SECTION_LABELS.items()]
        return tenant_page(request, ctx, "privacy/report.html", request_row=found, report=report, sections=sections,
                           customer_json=json.dumps(report["customer"], ensure_ascii=False, indent=2),
                           erasure_json=json.dumps(report["erasure"], ensure_ascii=False, indent=2))

    @get("/privacy/requests/{request_id:uuid}/report.json")
    async def report_file(self, request: Request, db: AsyncSession, ctx: TenantContext, request_id: UUID) -> Response:
        """The report as a file to hand over."""
        return await queries.report_file(db, request.user, ctx, request_id)

    @get("/privacy/requests/{request_id:uuid}/correct")
    async def correction_form(self, request: Request, db: AsyncSession, ctx: TenantContext,
                              request_id: UUID) -> Response:
        """The customer form, filled with the file's fields, to carry out a correction."""
        found = await queries.get_request(db, request_id)
        customer = await customers.read_customer(db, request.user, found.customer_id)
        return self._correction_page(request, ctx, found.id, customer, FormState(values=customer_values(customer)))

    @staticmethod
    def _correction_page(request: Request, ctx: TenantContext, request_id: UUID, customer, form: FormState,
                         status_code: int = 200) -> Response:
        return tenant_page(request, ctx, "customers/edit.html", status_code=status_code, form=form, customer=customer,
                           correction=True, action=f"/t/{ctx.tenant.slug}/privacy/requests/{request_id}/correct")

    @post("/privacy/requests/{request_id:uuid}/correct")
    async def correct(self, request: Request, db: AsyncSession, ctx: TenantContext, request_id: UUID) -> Response:
        """Save the corrected fields through the customer edit path; errors beside their fields."""
        customer_id = (await queries.get_request(db, request_id)).customer_id
        values = await read_form(request)

        async def again(state: FormState) -> Response:
            customer = await customers.get_customer(db, customer_id)
            return self._correction_page(request, ctx, request_id, customer, state, 422 if state.errors else 409)

        return await save_form(db, ctx, FormState(values=values),
                               service.correct(db, request.user, request_id, read_customer_form(values)),
                               to=f"/t/{ctx.tenant.slug}/customers/{customer_id}/privacy", again=again,
                               passthrough=(403, 404))

    @post("/privacy/requests/{request_id:uuid}/answer")
    async def answer(self, request: Request, db: AsyncSession, ctx: TenantContext, request_id: UUID) -> Response:
        """Close an access request, saying how the report was handed over."""
        values = await read_form(request)
        return await self._act(request, db, ctx, request_id,
                               lambda: service.answer_access(db, request.user, request_id, values.get("outcome", "")))

    @post("/privacy/requests/{request_id:uuid}/erase")
    async def erase(self, request: Request, db: AsyncSession, ctx: TenantContext, request_id: UUID) -> Response:
        """Erase the customer's personal information (refused while service is unfinished)."""
        values = await read_form(request)
        return await self._act(request, db, ctx, request_id,
                               lambda: service.erase(db, ctx, request.user, request_id, values.get("outcome") or None))

    @post("/privacy/requests/{request_id:uuid}/refuse")
    async def refuse(self, request: Request, db: AsyncSession, ctx: TenantContext, request_id: UUID) -> Response:
        """Refuse a request with its reasons."""
        values = await read_form(request)
        return await self._act(request, db, ctx, request_id,
                               lambda: service.refuse(db, request.user, request_id, values.get("outcome", "")))

    async def _act(self, request: Request, db: AsyncSession, ctx: TenantContext, request_id: UUID, action) -> Response:
        customer_id = (await queries.get_request(db, request_id)).customer_id
        return await run_action(
            db, ctx, action(), to=f"/t/{ctx.tenant.slug}/customers/{customer_id}/privacy", passthrough=(403, 404),
            again=lambda exc: self._customer_page(request, db, ctx, customer_id,
                                                  FormState(values={"requester": "subject"}), exc.status_code,
                                                  alert(exc.detail)))


def _labels(locale: str) -> dict:
    """The labels the pages show, and the form's choices in the user's language."""
    return {
        "kind_labels": KIND_LABELS, "requester_labels": REQUESTER_LABELS, "status_labels": STATUS_LABELS,
        "kind_options": [(k, gettext(locale, v)) for k, v in KIND_LABELS.items()],
        "requester_options": [(k, gettext(locale, v)) for k, v in REQUESTER_LABELS.items()],
    }


__all__ = ["PrivacyPages"]
