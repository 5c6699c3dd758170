"""The ticket queue page (served by :class:`core.web.tickets.TicketPages`): search, filters, saved views, counts per status and pages, on the same
query as the API's ticket list (``core.tickets.queries.queue_statement``)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from litestar import Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import service as auth_service
from core.db.base import utcnow
from core.errors import DomainError
from core.exports import table_response
from core.i18n.translate import N_
from core.tickets import export, service
from core.tickets.queries import OPEN, SLA_STATES, QueueFilter, queue_statement, sla_state, status_counts
from core.tickets.queries import queue_page as page_of
from core.tickets.workflow import STATES
from core.timezones import day_span, tenant_today
from core.web.customer_names import customer_names
from core.web.forms import FormState, uuid_or_none
from core.web.pages import tenant_page
from core.web.templating import request_locale
from tenants.context import TenantContext

#: The query parameters of the page (``view`` picks a saved view; the others filter).
PARAMS = ("q", "status", "kind", "owner_id", "technician_id", "sla_state", "view", "sort")
#: The queue's orders as the page names them.
SORT_LABELS = {"priority": N_("Urgent first"), "newest": N_("Newest first"), "oldest": N_("Oldest first")}
PAGE_SIZE = 50
#: Saved views: a name and the filter it sets.
VIEWS = {
    "mine": N_("My open tickets"),
    "due_today": N_("Due today"),
    "breached": N_("Breaching"),
}


def wanted(values: dict[str, str], request: Request, ctx: TenantContext, now: datetime) -> QueueFilter:
    """The filter the page's parameters ask for (a saved view sets its own fields)."""
    view = values.get("view")
    if view == "mine":
        values.update(status=OPEN, owner_id=str(request.user.user_id))
    elif view == "breached":
        values.update(sla_state="breached")
    return QueueFilter(
        status=values["status"] if values["status"] in (OPEN, *STATES) else None,
        kind=values["kind"] or None,
        owner_id=uuid_or_none(values["owner_id"]),
        technician_id=uuid_or_none(values["technician_id"]),
        sla_state=values["sla_state"] if values["sla_state"] in SLA_STATES else None,
        due_before=day_span(ctx.tenant, tenant_today(ctx.tenant, now))[1] if view == "due_today" else None,
        q=values["q"].strip() or None,
    )


async def queue_page(request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
    """The queue, urgent first: search (number, subject, phone, customer), filters, saved views,
    how many tickets each status holds, and pages of 50 (``GET /t/{slug}/tickets/``)."""
    values = {k: request.query_params.get(k, "") for k in PARAMS}
    now = utcnow()
    state = FormState(values=values, prefix="q-")
    chosen = wanted(values, request, ctx, now)
    rows, next_cursor, counts = [], None, {}
    try:
        statement = queue_statement(chosen, now)
        rows, next_cursor = await page_of(db, statement, limit=PAGE_SIZE, cursor=request.query_params.get("cursor"),
                                          sort=values["sort"] or "priority")
        counts = await status_counts(db, chosen, now)
    except DomainError as exc:
        state.fail(exc)
    customers = await customer_names(db, [t.customer_id for t in rows])
    users = await auth_service.active_staff(db)
    kept = {k: v for k, v in values.items() if v and k != "status"}
    return tenant_page(
        request, ctx, "tickets/queue.html", status_code=422 if state.errors else 200, tickets=rows, now=now,
        sla_of=lambda t: sla_state(t, now), customers=customers, users=users,
        names={u.id: u.name for u in users}, filters=state, states=STATES, kinds=service.ticket_kinds(ctx),
        sla_states=SLA_STATES, views=VIEWS, counts=counts, total=sum(counts.values()), sorts=SORT_LABELS,
        technicians=[u for u in users if u.role == "technician"],
        status_link=lambda status: "?" + urlencode({**kept, **({"status": status} if status else {})}),
        next_link=("?" + urlencode({**{k: v for k, v in values.items() if v}, "cursor": next_cursor})
                   if next_cursor else None),
        first_link=("?" + urlencode({k: v for k, v in values.items() if v})
                    if request.query_params.get("cursor") else None),
    )


async def queue_download(request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
    """The queue the page's parameters select, as CSV or XLSX (``…/tickets/export.csv|xlsx``)."""
    values = {k: request.query_params.get(k, "") for k in PARAMS}
    now = utcnow()
    rows = await export.ticket_rows(db, ctx, queue_statement(wanted(values, request, ctx, now), now),
                                    request_locale(request))
    return await table_response(rows, "tickets", request.url.path.rsplit(".", 1)[1])
