"""Complaints (投诉, DOMAIN §2): record, route, walk the eight steps, apply the penalty ladder."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import MANAGERS
from core.auth.principal import Principal
from core.auth.service import check_user
from core.complaints import configuration, penalties, routing, workflow
from core.complaints.models import Complaint, ComplaintPenalty, ComplaintStep
from core.complaints.schemas import ComplaintCreate, StepIn
from core.customers.service import get_customer
from core.db.base import utcnow
from core.db.lookup import get_or_404
from core.errors import Conflict, Forbidden, Invalid, InvalidTransition
from core.eventbus import publish
from core.events import DomainEvent
from core.related import all_of, latest_of, rows_of
from core.tickets.queries import check_ticket
from core.timezones import tenant_today
from tenants.context import TenantContext

#: DOMAIN §2 批量质量异议: a technician visits within 2 days of the dealer's report.
BATCH_QUALITY_CATEGORY = "batch_quality"
BATCH_VISIT_DAYS = 2


async def _event(session: AsyncSession, ctx: TenantContext, complaint: Complaint, name: str, actor_id: UUID | None,
                 **data: Any) -> None:
    base = {
        "customer_id": str(complaint.customer_id),
        "type": complaint.type,
        "category": complaint.category,
        "step": complaint.step,
        "ticket_id": str(complaint.ticket_id) if complaint.ticket_id else None,
    }
    await publish(
        session,
        ctx,
        DomainEvent(
            name=name, tenant_id=complaint.tenant_id, subject_id=complaint.id,
            occurred_at=utcnow(), actor_id=actor_id, data={**base, **data},
        ),
    )


# -- routing -----------------------------------------------------------------------------------


async def decide_route(session: AsyncSession, ctx: TenantContext, complaint: dict[str, Any]) -> routing.RoutingDecision:
    """Where a complaint of this type and category goes (see :mod:`core.complaints.routing`)."""
    row = await configuration.settings_row(session)
    return routing.route(
        complaint,
        configuration.tenant_rules(row),
        routing.declared_rules(ctx.hooks),
        lambda: routing.plugin_proposal(ctx.hooks, complaint, ctx.settings),
    )


def _apply_route(complaint: Complaint, decision: routing.RoutingDecision) -> None:
    complaint.routed_to = decision.department
    complaint.routing_rule_id = decision.rule_id
    complaint.routing_source = decision.source
    complaint.routing_label = decision.label


def _routing_input(complaint: Complaint) -> dict[str, Any]:
    return {"type": complaint.type, "category": complaint.category, "description": complaint.description,
            "demand": complaint.demand, "batch_quality": complaint.batch_quality}


def _flag_batch_quality(complaint: Complaint) -> None:
    """DOMAIN §2: a batch quality issue gets a technician visit by report date + 2 days."""
    complaint.batch_quality = True
    complaint.visit_due_by = complaint.reported_on + timedelta(days=BATCH_VISIT_DAYS)


# -- record ------------------------------------------------------------------------------------


async def create_complaint(session: AsyncSession, ctx: TenantContext, data: ComplaintCreate,
                           actor_id: UUID) -> Complaint:
    """Step 1 (记录): record the complaint, route it and publish ``complaint.created``."""
    today = tenant_today(ctx.tenant)
    if data.reported_on is not None and data.reported_on > today:
        raise Invalid("reported_on", "cannot be in the future")
    batch = data.batch_quality or data.category == BATCH_QUALITY_CATEGORY
    if batch and data.type != "quality":
        raise Invalid("batch_quality", "only a quality complaint can be a batch quality issue")
    await get_customer(session, data.customer_id)
    await check_user(session, data.against_user_id, "against_user_id")
    await check_ticket(session, data.ticket_id)
    complaint = Complaint(
        type=data.type,
        category=data.category,
        customer_id=data.customer_id,
        ticket_id=data.ticket_id,
        against_user_id=data.against_user_id,
        description=data.description,
        demand=data.demand,
        step=workflow.RECORDED,
        reported_on=data.reported_on or today,
        recorded_by=actor_id,
    )
    if batch:
        _flag_batch_quality(complaint)
    _apply_route(complaint, await decide_route(session, ctx, _routing_input(complaint)))
    session.add(complaint)
    await session.flush()
    session.add(ComplaintStep(
        complaint_id=complaint.id, step="record", actor_id=actor_id,
        data={"routed_to": complaint.routed_to, "routing_rule_id": complaint.routing_rule_id},
    ))
    await session.flush()
    await _event(session, ctx, complaint, "complaint.created", actor_id,
                 routed_to=complaint.routed_to, routing_rule_id=complaint.routing_rule_id)
    return complaint


async def get_complaint(session: AsyncSession, complaint_id: UUID) -> Complaint:
    return await get_or_404(session, Complaint, complaint_id, "complaint")


async def of_customer(session: AsyncSession, customer_id: UUID, limit: int) -> list[Complaint]:
    """A customer's latest ``limit`` complaints, newest first."""
    return await latest_of(session, Complaint.customer_id, customer_id, limit)


async def steps_of(session: AsyncSession, complaint_id: UUID) -> list[ComplaintStep]:
    """The steps taken on a complaint the caller has read, oldest first."""
    return await all_of(session, ComplaintStep.complaint_id, complaint_id)


async def steps_of_complaints(session: AsyncSession, complaint_ids: list[UUID]) -> list[ComplaintStep]:
    """The steps of several complaints the caller has read, oldest first, in one query."""
    return await rows_of(session, ComplaintStep.complaint_id, complaint_ids, ComplaintStep.id)


async def awaiting_decision(session: AsyncSession, user_id: UUID, limit: int) -> list[Complaint]:
    """Complaints waiting for a manager: a solution to approve, or a proposed penalty to confirm,
    oldest first; never those about the user (they may not decide them)."""
    proposed = select(ComplaintPenalty.complaint_id).where(ComplaintPenalty.status == "proposed")
    stmt = (select(Complaint)
            .where(or_(Complaint.step == "proposed", Complaint.id.in_(proposed)),
                   or_(Complaint.against_user_id.is_(None), Complaint.against_user_id != user_id))
            .order_by(Complaint.id).limit(limit))
    return list((await session.scalars(stmt)).all())


async def penalties_of(session: AsyncSession, complaint_ids: list[UUID]) -> dict[UUID, ComplaintPenalty]:
    if not complaint_ids:
        return {}
    stmt = select(ComplaintPenalty).where(ComplaintPenalty.complaint_id.in_(complaint_ids))
    return {p.complaint_id: p for p in (await session.scalars(stmt)).all()}


# -- the steps ---------------------------------------------------------------------------------

StepEffect = Callable[[AsyncSession, Any, Complaint, Any, Principal], Awaitable[dict[str, Any]]]


async def _classify(session: AsyncSession, ctx: TenantContext, complaint: Complaint, body, _who) -> dict[str, Any]:
    """Step 2: substantiated or not; a complaint that does not stand is answered quickly *with
    reasons* (001 §一(三)2), so ``reason`` is required then (422 otherwise, nothing changes); a new
    category re-routes the complaint."""
    if not body.valid and not (body.reason or "").strip():
        raise Invalid("reason", "a complaint that does not stand is answered with the reasons: give them")
    complaint.valid = body.valid
    data: dict[str, Any] = {"valid": body.valid, "reason": body.reason}
    if body.category is not None and body.category != complaint.category:
        if body.category == BATCH_QUALITY_CATEGORY and complaint.type != "quality":
            raise Invalid("category", "only a quality complaint can be a batch quality issue")
        complaint.category = body.category
        if body.category == BATCH_QUALITY_CATEGORY:
            _flag_batch_quality(complaint)
        _apply_route(complaint, await decide_route(session, ctx, _routing_input(complaint)))
        data |= {"category": body.category, "routed_to": complaint.routed_to,
                 "routing_rule_id": complaint.routing_rule_id}
    return data


async def _assign(session: AsyncSession, _ctx, complaint: Complaint, body, _who) -> dict[str, Any]:
    """Step 3: the responsible department (routing's, unless given) and person."""
    await check_user(session, body.person_id, "person_id")
    complaint.responsible_department = body.department or complaint.routed_to
    complaint.responsible_user_id = body.person_id
    return {"department": complaint.responsible_department,
            "person_id": str(body.person_id) if body.person_id else None}


async def _penalise(session: AsyncSession, ctx: TenantContext, complaint: Complaint, body, _who) -> dict[str, Any]:
    """Step 7: the next rung of the tenant's ladder for a substantiated service complaint."""
    await check_user(session, body.user_id, "user_id")
    target = body.user_id or complaint.against_user_id
    data: dict[str, Any] = {"user_id": str(target) if target else None, "note": body.note}
    if target is None or complaint.type != "service" or not complaint.valid:
        return data | {"penalty": None}
    ladder = configuration.current_ladder(ctx.hooks, await configuration.settings_row(session))
    proposal = penalties.propose(ladder, await count_substantiated(session, complaint, target))
    session.add(ComplaintPenalty(
        complaint_id=complaint.id, user_id=target, ladder_id=proposal.ladder_id, level=proposal.level,
        label=proposal.label, count=proposal.count, fine_fen=proposal.fine_fen, status=proposal.status,
    ))
    return data | {"penalty": msgspec.to_builtins(proposal)}


async def _close(_session, _ctx, complaint: Complaint, body, _who) -> dict[str, Any]:
    complaint.closed_at = utcnow()
    return {"note": body.note}


async def _record_fields(_session, _ctx, _complaint: Complaint, body, _who) -> dict[str, Any]:
    """Steps whose entry is only recorded in the history (cause, solution, approval, notice,
    improvement)."""
    return {k: v for k, v in msgspec.to_builtins(body).items() if k != "step"}


EFFECTS: dict[str, StepEffect] = {
    "classify": _classify,
    "assign": _assign,
    "investigate": _record_fields,
    "propose": _record_fields,
    "approve": _record_fields,
    "notify": _record_fields,
    "penalise": _penalise,
    "improve": _record_fields,
    "close": _close,
}

#: Steps only some roles may take (403 for the others).
STEP_ROLES = {"approve": MANAGERS}
#: Steps that decide on the person complained about: never taken by that person (403), whatever
#: their role — nobody approves the handling of a complaint against themselves or records their
#: own penalty (a recorded rung needs no further confirmation).
OWN_CASE_STEPS = frozenset({"approve", "penalise"})
OWN_CASE = "nobody approves a complaint against themselves or decides their own penalty"


def decides_own_case(complaint: Complaint, penalty: ComplaintPenalty | None, user_id: UUID) -> bool:
    """Whether ``user_id`` is the person the complaint is against or its penalty falls on (they may
    not approve, penalise or confirm: the console hides those buttons from them)."""
    return user_id == complaint.against_user_id or (penalty is not None and penalty.user_id == user_id)


def step_name(body: StepIn) -> str:
    return type(body).__struct_config__.tag


async def take_step(session: AsyncSession, ctx: TenantContext, who: Principal, complaint_id: UUID,
                    body: StepIn) -> Complaint:
    """Take the next step. Out of order: 409 and nothing changes; every step is appended to the
    history with who and when, and published as ``complaint.<step>`` (``complaint.closed``)."""
    complaint = await get_complaint(session, complaint_id)
    step = step_name(body)
    roles = STEP_ROLES.get(step)
    if roles and who.role not in roles:
        raise Forbidden(f"only {', '.join(roles)} may {step} a complaint")
    if step in OWN_CASE_STEPS and who.user_id in (complaint.against_user_id, getattr(body, "user_id", None)):
        raise Forbidden(OWN_CASE)
    before = complaint.step
    target = workflow.target_state(before, step, valid=getattr(body, "valid", None))
    if target is None:
        allowed = ", ".join(workflow.next_steps(before)) or "none: it is closed"
        raise InvalidTransition(
            f"cannot {step} a complaint that is {before}; next step: {allowed}", [("step", "out of order")]
        )
    data = await EFFECTS[step](session, ctx, complaint, body, who)
    # Claim the transition in the database, so two concurrent steps cannot both pass.
    claimed = await session.execute(
        update(Complaint)
        .where(Complaint.id == complaint.id, Complaint.step == before)
        .values(step=target)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise Conflict("the complaint moved meanwhile; reload it", [("step", "concurrent change")])
    complaint.step = target
    session.add(ComplaintStep(complaint_id=complaint.id, step=step, actor_id=who.user_id, data=data))
    await session.flush()
    name = "complaint.closed" if step == "close" else f"complaint.{step}"
    await _event(session, ctx, complaint, name, who.user_id, **data)
    return complaint


# -- penalties ---------------------------------------------------------------------------------


async def count_substantiated(session: AsyncSession, complaint: Complaint, user_id: UUID) -> int:
    """How many substantiated service complaints against ``user_id`` fall in the rolling window
    ending at ``complaint`` (see :mod:`core.complaints.penalties`), this one included."""
    ref: date = complaint.reported_on
    stmt = select(func.count()).select_from(Complaint).where(
        Complaint.type == "service",
        Complaint.valid.is_(True),
        Complaint.against_user_id == user_id,
        Complaint.reported_on >= penalties.window_start(ref),
        or_(Complaint.reported_on < ref, and_(Complaint.reported_on == ref, Complaint.id <= complaint.id)),
    )
    counted = await session.scalar(stmt) or 0
    return counted if complaint.against_user_id == user_id else counted + 1


async def confirm_penalty(session: AsyncSession, ctx: TenantContext, who: Principal, complaint_id: UUID) -> Complaint:
    """A manager confirms a proposed penalty (the ladder's last rung): the product proposes,
    a human decides (DOMAIN §2) — never the person it falls on (403)."""
    complaint = await get_complaint(session, complaint_id)
    penalty = (await penalties_of(session, [complaint.id])).get(complaint.id)
    if penalty is None or penalty.status != "proposed":
        raise InvalidTransition("this complaint has no proposed penalty to confirm", [("penalty", "none proposed")])
    if decides_own_case(complaint, penalty, who.user_id):
        raise Forbidden(OWN_CASE)
    penalty.status = "confirmed"
    penalty.confirmed_by = who.user_id
    penalty.confirmed_at = utcnow()
    session.add(ComplaintStep(
        complaint_id=complaint.id, step="confirm_penalty", actor_id=who.user_id,
        data={"user_id": str(penalty.user_id), "level": penalty.level, "count": penalty.count},
    ))
    await session.flush()
    await _event(session, ctx, complaint, "complaint.penalty_confirmed", who.user_id,
                 user_id=str(penalty.user_id), level=penalty.level, count=penalty.count)
    return complaint
