"""Complaint pages (投诉, DOMAIN §2): the board by step, a complaint with its step history and
the one next step as a form, and the form recording a new complaint."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import replace
from typing import Any
from uuid import UUID

from litestar import Request, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import service as auth_service
from core.auth.guards import MANAGERS, STAFF
from core.complaints import queries, service, workflow
from core.complaints.queries import ComplaintFilter
from core.complaints.schemas import ComplaintCreate, ComplaintType, StepIn
from core.customers import queries as customers
from core.errors import DomainError
from core.i18n.translate import N_
from core.web.customer_names import customer_names
from core.web.forms import FormState, convert, read_form, uuid_or_none
from core.web.labels import DEPARTMENT
from core.web.pages import TenantPages, save_form, tenant_page
from core.web.security import page_role
from tenants.context import TenantContext

STAFF_ONLY = [page_role(*STAFF)]
MANAGERS_ONLY = [page_role(*MANAGERS)]
TYPES = ComplaintType.__args__

#: The board shows at most this many complaints per column, newest first.
COLUMN_LIMIT = 50

TYPE_LABELS = {"quality": N_("Product quality"), "service": N_("Service"), "suggestion": N_("Suggestion")}
STATE_LABELS = {
    "recorded": N_("Recorded"), "rejected": N_("Not substantiated"), "classified": N_("Classified"),
    "assigned": N_("Responsibility assigned"), "investigated": N_("Cause investigated"),
    "proposed": N_("Solution proposed"), "approved": N_("Solution approved"), "notified": N_("Customer notified"),
    "penalised": N_("Penalty decided"), "improved": N_("Improvement set"), "closed": N_("Closed"),
}
STEP_LABELS = {
    "record": N_("Record"), "classify": N_("Judge the nature"), "assign": N_("Assign responsibility"),
    "investigate": N_("Investigate the cause"), "propose": N_("Propose a solution"), "approve": N_("Approve the solution"),
    "notify": N_("Notify the customer"), "penalise": N_("Decide the penalty"), "improve": N_("Set an improvement"),
    "close": N_("Close"), "confirm_penalty": N_("Confirm the penalty"),
}
#: What the history shows of each step's entry, in this order.
DATA_LABELS = {
    "valid": N_("Substantiated"), "reason": N_("Reason"), "category": N_("Category"), "routed_to": N_("Routed to"),
    "department": N_("Department"), "person_id": N_("Person"), "cause": N_("Cause"), "solution": N_("Solution"),
    "note": N_("Note"), "channel": N_("Channel"), "message": N_("Message"), "user_id": N_("Staff member"),
    "action": N_("Action"), "level": N_("Level"),
}
#: The board's columns: every state in workflow order, "not substantiated" last.
BOARD_COLUMNS = (*(s for s in workflow.STATES if s != "rejected"), "rejected")

STEP_TYPES: dict[str, type] = {cls.__struct_config__.tag: cls for cls in StepIn.__args__}



def history_items(data: dict[str, Any], names: dict[UUID, str]) -> list[tuple[str, Any]]:
    """The entries of a step worth showing: labelled, people by name, in :data:`DATA_LABELS` order."""
    items = []
    for key, label in DATA_LABELS.items():
        value = data.get(key)
        if value is None or value == "":
            continue
        if key in ("person_id", "user_id"):
            value = names.get(uuid_or_none(value), value)
        items.append((label, value))
    return items


class ComplaintPages(TenantPages, section="/complaints"):
    """``/t/{slug}/complaints…``"""

    @get("/")
    async def board(self, request: Request, db: AsyncSession, ctx: TenantContext, type: str = "", q: str = "",
                    step: str = "", cursor: str | None = None) -> Response:
        """The board: a column per step reached (the newest cards, the count of all), filtered by
        type and searched by customer or words of the complaint; ``step`` shows one column, page
        by page."""
        f = ComplaintFilter(type=type if type in TYPES else None, q=q.strip() or None)
        filters = FormState(values={"type": type, "q": q}, prefix="q-")
        try:
            counts = {state: 0 for state in BOARD_COLUMNS} | await queries.counts_by_step(db, f)
            if step in BOARD_COLUMNS:
                cards, next_cursor = await queries.complaint_page(db, replace(f, step=step), limit=COLUMN_LIMIT,
                                                                   cursor=cursor)
                columns = {step: cards}
            else:
                columns = {state: [] for state in BOARD_COLUMNS} | await queries.newest_by_step(db, f, COLUMN_LIMIT)
                next_cursor = None
        except DomainError as exc:
            filters.fail(exc)
            counts, columns, next_cursor = dict.fromkeys(BOARD_COLUMNS, 0), {}, None
            status_code = 422
        else:
            status_code = 200
        shown = {c.customer_id for cards in columns.values() for c in cards}
        return tenant_page(
            request, ctx, "complaints/board.html", status_code=status_code, columns=columns, counts=counts,
            limit=COLUMN_LIMIT, customers=await customer_names(db, shown), state_labels=STATE_LABELS,
            type_labels=TYPE_LABELS, filters=filters, types=TYPES, step=step if step in BOARD_COLUMNS else "",
            next_cursor=next_cursor, query={"type": type, "q": q},
        )

    @get("/new", guards=STAFF_ONLY)
    async def new(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Record a complaint (step 1): who complains, about what and whom, what they ask for."""
        return await self._new_page(request, db, ctx, FormState(values={"type": "service"}))

    async def _new_page(self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState,
                        status_code: int = 200, customer=None) -> Response:
        return tenant_page(
            request, ctx, "complaints/new.html", status_code=status_code, form=form, types=TYPES,
            type_labels=TYPE_LABELS, users=await auth_service.active_staff(db), customer=customer,
        )

    @post("/", guards=STAFF_ONLY)
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Record the complaint; routing sends it to its department."""
        values = await read_form(request)
        state = FormState(values=values)
        data = convert({**values, "batch_quality": values.get("batch_quality") == "on"}, ComplaintCreate, state)

        async def again(state: FormState) -> Response:
            customer_id = uuid_or_none(values.get("customer_id"))
            customer = (await customers.customers_by_id(db, [customer_id])).get(customer_id)
            return await self._new_page(request, db, ctx, state, 422, customer)

        command = service.create_complaint(db, ctx, data, request.user.user_id) if data is not None else None
        return await save_form(db, ctx, state, command, again=again,
                               to=lambda complaint: f"/t/{ctx.tenant.slug}/complaints/{complaint.id}")

    @get("/{complaint_id:uuid}")
    async def show(self, request: Request, db: AsyncSession, ctx: TenantContext, complaint_id: UUID) -> Response:
        """The complaint, its step history (who, when, what) and the next valid step as a form."""
        return await self._complaint_page(request, db, ctx, complaint_id, FormState())

    async def _complaint_page(self, request: Request, db: AsyncSession, ctx: TenantContext, complaint_id: UUID,
                              form: FormState, status_code: int = 200) -> Response:
        complaint = await service.get_complaint(db, complaint_id)
        users = await auth_service.active_staff(db, ("admin", "manager", "agent", "technician", "viewer"))
        names = {u.id: u.name for u in users}
        steps = await service.steps_of(db, complaint.id)
        penalty = (await service.penalties_of(db, [complaint.id])).get(complaint.id)
        customer = await customers.get_customer(db, complaint.customer_id)
        form.values.setdefault("department", complaint.routed_to)  # routing's choice, until one is posted
        return tenant_page(
            request, ctx, "complaints/show.html", status_code=status_code, complaint=complaint, customer=customer,
            steps=[(s, history_items(s.data, names)) for s in steps], names=names, penalty=penalty,
            next_steps=workflow.next_steps(complaint.step), staff=[u for u in users if u.role != "viewer"],
            managers=MANAGERS, form=form, state_labels=STATE_LABELS, step_labels=STEP_LABELS,
            type_labels=TYPE_LABELS, own_case=service.decides_own_case(complaint, penalty, request.user.user_id),
            departments=list(dict.fromkeys([complaint.routed_to, *DEPARTMENT])),
            department_labels=(DATA_LABELS["routed_to"], DATA_LABELS["department"]),
        )

    @post("/{complaint_id:uuid}/steps", guards=STAFF_ONLY)
    async def take_step(self, request: Request, db: AsyncSession, ctx: TenantContext, complaint_id: UUID) -> Response:
        """Take the next step; out of order, or a step the user's role may not take, comes back
        with the reason."""
        values = await read_form(request)
        state = FormState(values=values)
        step_type = STEP_TYPES.get(values.get("step", ""))
        if step_type is None:
            state.errors["step"] = N_("Choose a step")
            data = None
        else:
            data = convert(values, step_type, state)
        command = service.take_step(db, ctx, request.user, complaint_id, data) if data is not None else None
        return await self._saved(request, db, ctx, complaint_id, state, command)

    @post("/{complaint_id:uuid}/penalty/confirm", guards=MANAGERS_ONLY)
    async def confirm_penalty(self, request: Request, db: AsyncSession, ctx: TenantContext,
                              complaint_id: UUID) -> Response:
        """A manager confirms the penalty the ladder proposes (the product proposes, a human decides)."""
        command = service.confirm_penalty(db, ctx, request.user, complaint_id)
        return await self._saved(request, db, ctx, complaint_id, FormState(), command)

    async def _saved(self, request: Request, db: AsyncSession, ctx: TenantContext, complaint_id: UUID,
                     state: FormState, command: Awaitable | None) -> Response:
        """Back to the complaint, or its page again with the reason beside the step's fields."""
        return await save_form(db, ctx, state, command, to=f"/t/{ctx.tenant.slug}/complaints/{complaint_id}",
                               again=lambda state: self._complaint_page(request, db, ctx, complaint_id, state, 422))
