"""Return to factory (不良品返厂, source 001 §2 第三-十一条): offices, applications, signature and
approval, special approval (特批), arrival in the region's week, the factory's count and the
per-line decisions. The date rules are the pure functions of :mod:`plugins.lighting.factory_returns`."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import and_, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.sdk import (
    Conflict,
    Invalid,
    InvalidTransition,
    TenantContext,
    get_or_404,
    paginate,
    province_code,
    tenant_today,
    utcnow,
)
from plugins.lighting import factory_returns as rules
from plugins.lighting.models import Office, ReturnBatch, ReturnLine
from plugins.lighting.schemas import (
    Approval,
    Arrival,
    Decisions,
    FactoryCount,
    OfficeCreate,
    ReturnApplication,
    Signature,
    SpecialApproval,
)
from plugins.lighting.settings import Settings, tenant_settings

#: The order a batch goes through; each action needs the status before it.
STATUSES = ("applied", "signed", "approved", "received", "counted", "handled")

#: Why a batch that is not yet approved cannot be received (第五条), by its status.
NOT_ACCEPTED = {
    "applied": "not accepted: the application is not signed by the office or regional manager (第五条)",
    "signed": "not accepted: the application is not approved by the customer-service department (第五条)",
}


def check_date(field: str, value: date | None, today: date, not_before: date | None = None) -> date:
    """A business date given or today: never in the future, never before ``not_before``."""
    value = value or today
    if value > today:
        raise Invalid(field, "cannot be in the future")
    if not_before is not None and value < not_before:
        raise Invalid(field, f"cannot be before {not_before.isoformat()}")
    return value


def office_week(office: Office, settings: Settings) -> int | None:
    """第十一条: the office's return week, the tenant's overrides first."""
    return rules.return_week(office.region_code, office.city, settings.return_week_overrides)


# -- offices ----------------------------------------------------------------------------------


def read_region(given_region: str, given_city: str | None) -> tuple[str, str | None]:
    """The province code and (for 福建's cities) the city code of an office or repair point."""
    try:
        region = province_code(given_region)
    except ValueError as exc:
        raise Invalid("region", str(exc)) from exc
    if given_city is None:
        return region, None
    city = rules.CITY_CODES.get(given_city, given_city)
    if not (len(city) == 6 and city.isdigit() and city[:2] == region[:2] and city != region):
        raise Invalid("city", f"not a city of {region}: give a GB/T 2260 city code such as 350200, or 福州, 厦门, 泉州")
    return region, city


async def create_office(session: AsyncSession, data: OfficeCreate) -> Office:
    region, city = read_region(data.region, data.city)
    if await session.scalar(select(Office.id).where(Office.name == data.name)):
        raise Conflict("an office with this name exists", [("name", "taken")])
    office = Office(name=data.name, region_code=region, city=city)
    session.add(office)
    await session.flush()
    return office


async def get_office(session: AsyncSession, office_id: UUID) -> Office:
    return await get_or_404(session, Office, office_id, "office")


async def office_names(session: AsyncSession) -> dict[UUID, str]:
    """Every office's name by its id (the board's cards and the repair point list name their office)."""
    return dict((await session.execute(select(Office.id, Office.name))).tuples().all())


# -- the application --------------------------------------------------------------------------


async def get_batch(session: AsyncSession, batch_id: UUID) -> ReturnBatch:
    return await get_or_404(session, ReturnBatch, batch_id, "return batch")


async def lines_of(session: AsyncSession, batch_ids: list[UUID]) -> dict[UUID, list[ReturnLine]]:
    """The lines of several batches, in the application's order."""
    out: dict[UUID, list[ReturnLine]] = {batch_id: [] for batch_id in batch_ids}
    if batch_ids:
        stmt = select(ReturnLine).where(ReturnLine.batch_id.in_(batch_ids)).order_by(ReturnLine.position)
        for line in await session.scalars(stmt):
            out[line.batch_id].append(line)
    return out


def require_status(batch: ReturnBatch, *allowed: str, action: str) -> None:
    if batch.status not in allowed:
        raise InvalidTransition(f"cannot {action} a batch that is {batch.status}")


async def apply(session: AsyncSession, ctx: TenantContext, data: ReturnApplication, user_id: UUID) -> ReturnBatch:
    """File the application (不良品产品返厂申请表, 第四条)."""
    await get_office(session, data.office_id)
    applied_on = check_date("applied_on", data.applied_on, tenant_today(ctx.tenant))
    batch = ReturnBatch(office_id=data.office_id, status="applied", applied_on=applied_on, applied_by=user_id)
    session.add(batch)
    await session.flush()
    for position, item in enumerate(data.items, start=1):
        session.add(ReturnLine(
            batch_id=batch.id, position=position, product=item.product, model=item.model,
            spray_code=item.spray_code, reason=item.reason, office_quantity=item.quantity,
        ))
    await session.flush()
    return batch


async def sign(session: AsyncSession, ctx: TenantContext, batch_id: UUID, data: Signature) -> ReturnBatch:
    """The office or regional manager signs the application (第四条)."""
    batch = await get_batch(session, batch_id)
    require_status(batch, "applied", action="sign")
    batch.signed_on = check_date("signed_on", data.signed_on, tenant_today(ctx.tenant), batch.applied_on)
    batch.signed_by, batch.signer_role, batch.status = data.signed_by, data.role, "signed"
    await session.flush()
    return batch


async def approve(session: AsyncSession, batch_id: UUID, data: Approval, user_id: UUID) -> ReturnBatch:
    """The customer-service department approves a signed application (第四-五条)."""
    batch = await get_batch(session, batch_id)
    if batch.status == "applied":
        raise InvalidTransition("cannot approve: the application is not signed by the office or regional manager")
    require_status(batch, "signed", action="approve")
    batch.approved_by, batch.approved_at, batch.approval_note = user_id, utcnow(), data.note
    batch.status = "approved"
    await session.flush()
    return batch


async def special_approve(session: AsyncSession, batch_id: UUID, data: SpecialApproval, user_id: UUID) -> ReturnBatch:
    """特批 (第七条): the batch may return outside its week or a second time in the month."""
    batch = await get_batch(session, batch_id)
    require_status(batch, "applied", "signed", "approved", action="specially approve")
    if batch.special_approved_by is not None:
        raise Conflict("this batch is already specially approved")
    batch.special_approved_by, batch.special_approved_at = user_id, utcnow()
    batch.special_approval_reason = data.reason
    await session.flush()
    return batch


# -- at the factory ---------------------------------------------------------------------------


async def receive(session: AsyncSession, ctx: TenantContext, batch_id: UUID, data: Arrival,
                  user_id: UUID) -> ReturnBatch:
    """The batch arrives (到厂). Only a signed and approved application is accepted (第五条); a
    regular batch must arrive by the end of its region's week (第六条, 第十一条) and be the
    office's only one of the month; 特批 lifts both (第七条)."""
    batch = await get_batch(session, batch_id)
    if batch.status in NOT_ACCEPTED:
        raise InvalidTransition(NOT_ACCEPTED[batch.status])
    require_status(batch, "approved", action="receive")
    arrived = check_date("arrived_on", data.arrived_on, tenant_today(ctx.tenant), batch.applied_on)
    office = await get_office(session, batch.office_id)
    week = office_week(office, tenant_settings(ctx.settings))
    special = batch.special_approved_by is not None
    if week is None and not special:
        raise InvalidTransition(
            f"not accepted: region {office.city or office.region_code} has no return week (第十一条); "
            "it needs special approval (特批)"
        )
    month = rules.batch_month(arrived, week, specially_approved=special)
    if month != arrived.replace(day=1):
        first, last = rules.week_days(month, week)
        raise Conflict(
            f"not accepted this month: week {week} ends on day {week * rules.DAYS_PER_WEEK}; the batch waits "
            f"for next month's week ({first.isoformat()} to {last.isoformat()}) unless specially approved "
            "(第六-七条)",
            [("arrived_on", f"after the region's week: waits for {month.isoformat()[:7]}")],
        )
    if not special and await session.scalar(
        select(ReturnBatch.id).where(ReturnBatch.office_id == office.id, ReturnBatch.month_slot == month)
    ):
        raise Conflict(
            f"not accepted: this office already returned its batch for {month.isoformat()[:7]}; "
            "one return per office per month unless specially approved (第六-七条)",
            [("arrived_on", "second return this month")],
        )
    batch.return_week, batch.batch_month, batch.month_slot = week, month, None if special else month
    batch.arrived_on, batch.received_by, batch.status = arrived, user_id, "received"
    batch.count_due_by = rules.due_by(arrived, rules.COUNT_WITHIN_DAYS)
    batch.handle_by = rules.due_by(arrived, rules.HANDLE_WITHIN_DAYS)
    await session.flush()
    return batch


def match_lines(batch_lines: list[ReturnLine], line_ids: list[UUID], *, every: bool) -> list[ReturnLine]:
    """The batch's lines named by ``line_ids`` (422 for an unknown or repeated one, or a missing
    one when ``every`` line must be given)."""
    by_id = {line.id: line for line in batch_lines}
    seen: set[UUID] = set()
    for i, line_id in enumerate(line_ids):
        if line_id not in by_id:
            raise Invalid(f"lines[{i}].line_id", "not a line of this batch")
        if line_id in seen:
            raise Invalid(f"lines[{i}].line_id", "given twice")
        seen.add(line_id)
    missing = [line.position for line in batch_lines if line.id not in seen]
    if every and missing:
        raise Invalid("lines", f"every line must be counted; missing positions {missing}")
    return [by_id[line_id] for line_id in line_ids]


async def count(session: AsyncSession, ctx: TenantContext, batch_id: UUID, data: FactoryCount,
                user_id: UUID) -> ReturnBatch:
    """Factory logistics counts and checks every line (第八条); its count wins."""
    batch = await get_batch(session, batch_id)
    require_status(batch, "received", action="count")
    counted_on = check_date("counted_on", data.counted_on, tenant_today(ctx.tenant), batch.arrived_on)
    lines = (await lines_of(session, [batch.id]))[batch.id]
    for line, given in zip(match_lines(lines, [c.line_id for c in data.lines], every=True), data.lines, strict=True):
        line.factory_quantity, line.condition = given.quantity, given.condition
    batch.counted_on, batch.counted_by, batch.status = counted_on, user_id, "counted"
    await session.flush()
    return batch


async def decide(session: AsyncSession, ctx: TenantContext, batch_id: UUID, data: Decisions,
                 user_id: UUID) -> ReturnBatch:
    """Customer service exchanges (换货) or credits (冲帐) each line on the factory's count and
    gives the reason and quantity of what it refuses (第九条). The batch is handled when every
    line is decided (within 3 days of arrival, 第十条)."""
    batch = await get_batch(session, batch_id)
    if batch.status == "received":
        raise InvalidTransition("cannot decide before factory logistics has counted the batch (第八条)")
    require_status(batch, "counted", action="decide")
    decided_on = check_date("decided_on", data.decided_on, tenant_today(ctx.tenant), batch.counted_on)
    lines = (await lines_of(session, [batch.id]))[batch.id]
    chosen = match_lines(lines, [d.line_id for d in data.lines], every=False)
    for i, (line, given) in enumerate(zip(chosen, data.lines, strict=True)):
        if line.decision is not None:
            raise Conflict(f"line {line.position} is already decided", [(f"lines[{i}].line_id", "already decided")])
        counted = line.factory_quantity or 0
        refused = counted if given.decision == "refuse" else (given.refused_quantity or 0)
        if given.refused_quantity is not None and given.refused_quantity != refused:
            raise Invalid(f"lines[{i}].refused_quantity", "a refused line refuses the whole counted quantity")
        if refused > counted:
            raise Invalid(f"lines[{i}].refused_quantity", f"more than the factory counted ({counted})")
        if refused and not (given.refusal_reason or "").strip():
            raise Invalid(f"lines[{i}].refusal_reason", "a refusal needs its reason (第九条)")
        line.decision, line.refused_quantity = given.decision, refused
        line.refusal_reason = given.refusal_reason if refused else None
        line.decided_on, line.decided_by = decided_on, user_id
    if all(line.decision is not None for line in lines):
        batch.status, batch.handled_on = "handled", decided_on
    await session.flush()
    return batch


async def batch_page(
    session: AsyncSession, today: date, *, status: str | None = None, office_id: UUID | None = None,
    overdue: bool | None = None, limit: int | None, cursor: str | None,
) -> tuple[list[tuple[ReturnBatch, list[ReturnLine]]], str | None]:
    """One page of the return batches (``GET /returns``; the console's board shows the first page
    of each status, :func:`newest_by_status`), newest first, each with its lines: of ``status``, of ``office_id``, late (or not) on ``today``
    when given; and the cursor of the next page."""
    stmt = select(ReturnBatch)
    if status:
        stmt = stmt.where(ReturnBatch.status == status)
    if office_id:
        stmt = stmt.where(ReturnBatch.office_id == office_id)
    if overdue is not None:
        stmt = stmt.where(overdue_filter(today, overdue))
    rows, next_cursor = await paginate(session, stmt, ReturnBatch.id, limit=limit, cursor=cursor)
    lines = await lines_of(session, [b.id for b in rows])
    return [(b, lines[b.id]) for b in rows], next_cursor


async def newest_by_status(
    session: AsyncSession, per_status: int
) -> dict[str, list[tuple[ReturnBatch, list[ReturnLine]]]]:
    """The console's board: the first page of :func:`batch_page` of every status (the newest
    ``per_status`` batches of each, with their lines), in two statements (a row number per status,
    then the lines)."""
    ranked = (select(ReturnBatch.id, func.row_number().over(partition_by=ReturnBatch.status,
                                                           order_by=ReturnBatch.id.desc()).label("rank"))
              .subquery())
    stmt = (select(ReturnBatch).join(ranked, ranked.c.id == ReturnBatch.id).where(ranked.c.rank <= per_status)
            .order_by(ReturnBatch.id.desc()))
    rows = list((await session.scalars(stmt)).all())
    lines = await lines_of(session, [b.id for b in rows])
    columns: dict[str, list[tuple[ReturnBatch, list[ReturnLine]]]] = {status: [] for status in STATUSES}
    for batch in rows:
        columns[batch.status].append((batch, lines[batch.id]))
    return columns


def overdue_filter(today: date, overdue: bool):
    """SQL for batches that are (or are not) late against the 3-day handling window, as
    :func:`rules.is_late` on ``handle_by``; a batch not yet arrived is never late."""
    late = func.coalesce(ReturnBatch.handled_on, today) > ReturnBatch.handle_by
    if overdue:
        return and_(ReturnBatch.handle_by.is_not(None), late)
    return or_(ReturnBatch.handle_by.is_(None), not_(late))
