"""Authorised repair points (特约维修部, DOMAIN 6.14, source 001 §3 第二-三条).

* 第二条: an office or regional manager proposes a point (《特约维修部的申请表》); the
  customer-service department approves or rejects it (客户服务部备案审批);
* 第三条 A: the point is paid a monthly repair allowance (维修费), proposed by the office,
  decided by customer service, paid together with the customer's rebate (与客户的返利一同发放);
* 第三条 B: the point holds a first-batch parts stock (首批配件) against a deposit (押金) of the
  tenant's ``deposit_percent`` of the stock's value (half up to the fen); afterwards the office
  keeps it supplied by old-for-new swaps (以旧换新), which leave the stock on hand unchanged;
* 第三条 E: the point with its stock, deposit payments and swaps is its management file.

Statuses: ``applied`` → ``approved`` (deposit not yet paid in full) → ``active`` (deposit paid in
full; a deposit of 0 makes the point active on approval) → ``closed``; or ``applied`` →
``rejected``. Only an active point swaps parts and earns the allowance."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.sdk import (
    Conflict,
    Invalid,
    InvalidTransition,
    NotFound,
    TenantContext,
    check_ticket,
    get_or_404,
    next_month,
    one_of,
    paginate,
    paginate_by,
    parse_month,
    percent_of,
    tenant_today,
    utcnow,
)
from plugins.lighting.models import RepairPoint, RepairPointDeposit, RepairPointStock, RepairPointSwap
from plugins.lighting.repair_point_schemas import (
    DepositPayment,
    RepairPointApplication,
    RepairPointApproval,
    RepairPointClosing,
    RepairPointRejection,
    SwapIn,
)
from plugins.lighting.return_batches import check_date, get_office, read_region
from plugins.lighting.settings import tenant_settings

STATUSES = ("applied", "approved", "active", "rejected", "closed")
#: The statuses in which a point holds its stock and earns its allowance.
EARNING = ("active", "closed")
CENT = Decimal("0.01")


def percent_snapshot(percent: float) -> str:
    """The tenant's ``deposit_percent`` as kept on the point: two decimals, half up (``"30.00"``)."""
    return str(Decimal(str(percent)).quantize(CENT, rounding=ROUND_HALF_UP))


def deposit_due(stock_value_fen: int, percent: str) -> int:
    """第三条 B: the deposit is ``percent`` % of the first-batch stock's value, half up to the fen
    (30 % of 333 fen = 100, 30 % of 335 = 101)."""
    return percent_of(stock_value_fen, percent)


async def get_point(session: AsyncSession, point_id: UUID) -> RepairPoint:
    """The tenant's repair point (404 when there is none, or it is another tenant's)."""
    return await get_or_404(session, RepairPoint, point_id, "repair point")


async def stock_of(session: AsyncSession, point_id: UUID) -> list[RepairPointStock]:
    """The point's stock lines, by sku."""
    stmt = select(RepairPointStock).where(RepairPointStock.repair_point_id == point_id).order_by(RepairPointStock.sku)
    return list((await session.scalars(stmt)).all())


async def deposits_of(session: AsyncSession, point_id: UUID) -> list[RepairPointDeposit]:
    """The point's deposit payments, oldest first."""
    stmt = (select(RepairPointDeposit).where(RepairPointDeposit.repair_point_id == point_id)
            .order_by(RepairPointDeposit.paid_on, RepairPointDeposit.id))
    return list((await session.scalars(stmt)).all())


async def swaps_of(session: AsyncSession, point_id: UUID) -> list[RepairPointSwap]:
    """The point's old-for-new swaps, newest first."""
    stmt = (select(RepairPointSwap).where(RepairPointSwap.repair_point_id == point_id)
            .order_by(RepairPointSwap.swapped_on.desc(), RepairPointSwap.id.desc()))
    return list((await session.scalars(stmt)).all())


def swapped_per_sku(swaps: list[RepairPointSwap]) -> dict[str, int]:
    """How many parts of each sku were swapped so far."""
    totals: dict[str, int] = defaultdict(int)
    for swap in swaps:
        totals[swap.sku] += swap.quantity
    return totals


# -- the application and its decision ---------------------------------------------------------


def check_stock(data: RepairPointApplication) -> int:
    """The first-batch stock's value in fen; a sku given twice is 422."""
    seen: set[str] = set()
    for i, line in enumerate(data.stock):
        if line.sku in seen:
            raise Invalid(f"stock[{i}].sku", "given twice")
        seen.add(line.sku)
    return sum(line.unit_price_fen * line.quantity for line in data.stock)


async def apply(session: AsyncSession, ctx: TenantContext, data: RepairPointApplication, user_id: UUID) -> RepairPoint:
    """第二条: the office proposes the point with its first-batch stock and allowance. The
    deposit is fixed now, at the tenant's ``deposit_percent`` of the stock's value."""
    try:
        await get_office(session, data.office_id)
    except NotFound as exc:
        raise Invalid("office_id", "no such office") from exc
    region, city = read_region(data.region, data.city)
    applied_on = check_date("applied_on", data.applied_on, tenant_today(ctx.tenant))
    value = check_stock(data)
    percent = percent_snapshot(tenant_settings(ctx.settings).deposit_percent)
    point = RepairPoint(
        office_id=data.office_id, name=data.name, region_code=region, city=city, address=data.address,
        contact=data.contact, phone=data.phone, coverage=data.coverage, notes=data.notes, status="applied",
        applied_on=applied_on, proposed_by=user_id, allowance_proposed_fen=data.allowance_proposed_fen,
        deposit_percent=percent, stock_value_fen=value, deposit_fen=deposit_due(value, percent),
        deposit_paid_fen=0,
    )
    session.add(point)
    await session.flush()
    for line in data.stock:
        session.add(RepairPointStock(
            repair_point_id=point.id, sku=line.sku, part_name=line.part_name, unit_price_fen=line.unit_price_fen,
            initial_quantity=line.quantity, on_hand=line.quantity,
        ))
    await session.flush()
    return point


def require_status(point: RepairPoint, *allowed: str, action: str) -> None:
    """409 unless the point is in one of the ``allowed`` statuses."""
    if point.status not in allowed:
        raise InvalidTransition(f"cannot {action} a repair point that is {point.status}")


async def approve(session: AsyncSession, ctx: TenantContext, point_id: UUID, data: RepairPointApproval,
                  user_id: UUID) -> RepairPoint:
    """客户服务部备案审批: customer service approves and decides the monthly allowance (第三条 A).
    The point is active at once when it owes no deposit."""
    point = await get_point(session, point_id)
    require_status(point, "applied", action="approve")
    point.approved_on = check_date("approved_on", data.approved_on, tenant_today(ctx.tenant), point.applied_on)
    point.approved_by, point.approved_at = user_id, utcnow()
    point.allowance_fen, point.approval_note, point.status = data.allowance_fen, data.note, "approved"
    if point.deposit_fen == 0:
        point.status, point.activated_on = "active", point.approved_on
    await session.flush()
    return point


async def reject(session: AsyncSession, point_id: UUID, data: RepairPointRejection, user_id: UUID) -> RepairPoint:
    """Customer service rejects the application, with its reason."""
    point = await get_point(session, point_id)
    require_status(point, "applied", action="reject")
    point.rejected_by, point.rejected_at, point.rejection_reason = user_id, utcnow(), data.reason
    point.status = "rejected"
    await session.flush()
    return point


async def pay_deposit(
    session: AsyncSession, ctx: TenantContext, point_id: UUID, data: DepositPayment, user_id: UUID
) -> RepairPoint:
    """第三条 B: a payment towards the deposit. The payment that completes it makes the point
    active on its ``paid_on``; more than is still owed is 409."""
    point = await get_point(session, point_id)
    if point.status == "active":
        raise InvalidTransition("the deposit is already paid in full")
    require_status(point, "approved", action="take a deposit for")
    paid_on = check_date("paid_on", data.paid_on, tenant_today(ctx.tenant), point.approved_on)
    owed = point.deposit_fen - point.deposit_paid_fen
    if data.amount_fen > owed:
        raise Conflict(f"more than the deposit still owed ({owed} fen)", [("amount_fen", f"more than {owed}")])
    payment = RepairPointDeposit(
        repair_point_id=point.id, amount_fen=data.amount_fen, paid_on=paid_on, note=data.note, recorded_by=user_id,
    )
    session.add(payment)
    point.deposit_paid_fen += data.amount_fen
    if point.deposit_paid_fen == point.deposit_fen:
        point.status, point.activated_on = "active", paid_on
    await session.flush()
    return point


async def close(session: AsyncSession, ctx: TenantContext, point_id: UUID, data: RepairPointClosing,
                user_id: UUID) -> RepairPoint:
    """The point stops; it swaps no more and earns no allowance after the month it closed in."""
    point = await get_point(session, point_id)
    require_status(point, "approved", "active", action="close")
    since = point.activated_on or point.approved_on
    point.closed_on = check_date("closed_on", data.closed_on, tenant_today(ctx.tenant), since)
    point.closed_by, point.close_reason, point.status = user_id, data.reason, "closed"
    await session.flush()
    return point


# -- old for new ------------------------------------------------------------------------------


async def swap(session: AsyncSession, ctx: TenantContext, point_id: UUID, data: SwapIn,
               user_id: UUID) -> RepairPointSwap:
    """以旧换新: the office takes back faulty parts and gives as many new ones. Only an active
    point swaps (409), only a part of its stock (422 field ``sku``); its stock on hand stays."""
    point = await get_point(session, point_id)
    if point.status != "active":
        raise InvalidTransition(f"only an active repair point swaps parts (this one is {point.status})")
    stock = await session.scalar(select(RepairPointStock.id).where(
        RepairPointStock.repair_point_id == point.id, RepairPointStock.sku == data.sku))
    if stock is None:
        raise Invalid("sku", "not a part of this repair point's stock")
    await check_ticket(session, data.ticket_id)
    swapped_on = check_date("swapped_on", data.swapped_on, tenant_today(ctx.tenant), point.activated_on)
    row = RepairPointSwap(
        repair_point_id=point.id, sku=data.sku, quantity=data.quantity, swapped_on=swapped_on, note=data.note,
        ticket_id=data.ticket_id, recorded_by=user_id,
    )
    session.add(row)
    await session.flush()
    return row


async def part_names(session: AsyncSession, point_id: UUID) -> dict[str, str]:
    """The point's part names by sku."""
    rows = await session.execute(select(RepairPointStock.sku, RepairPointStock.part_name)
                                 .where(RepairPointStock.repair_point_id == point_id))
    return {row.sku: row.part_name for row in rows}


# -- the repair allowance ---------------------------------------------------------------------


async def allowances(session: AsyncSession, month: str) -> tuple[date, list[RepairPoint]]:
    """第三条 A: the points earning their allowance in ``month`` (``YYYY-MM``, else 422): active
    on some day of it, i.e. activated by its last day and not closed before its first. There is
    no pro rata: a point activated or closed during the month gets the whole month's allowance."""
    first = parse_month(month)
    stmt = (
        select(RepairPoint)
        .where(
            RepairPoint.status.in_(EARNING), RepairPoint.activated_on < next_month(first),
            or_(RepairPoint.closed_on.is_(None), RepairPoint.closed_on >= first),
        )
        .order_by(RepairPoint.name, RepairPoint.id)
    )
    return first, list((await session.scalars(stmt)).all())


#: The orders of the repair point list: newest first, or by name (the console's directory).
SORTS = ("newest", "name")


async def point_page(
    session: AsyncSession, *, status: str | None = None, office_id: UUID | None = None, sort: str = "newest",
    limit: int | None, cursor: str | None,
) -> tuple[list[RepairPoint], str | None]:
    """One page of the repair points (``GET /repair-points`` and the console's list), newest
    first or by name: of ``status`` and of ``office_id`` when given; and the cursor of the next
    page."""
    one_of(sort, SORTS, "sort")
    stmt = select(RepairPoint).where(*list_filters(status, office_id))
    if sort == "name":
        return await paginate_by(session, stmt, RepairPoint.name, RepairPoint.id, limit=limit, cursor=cursor)
    return await paginate(session, stmt, RepairPoint.id, limit=limit, cursor=cursor)


def list_filters(status: str | None, office_id: UUID | None) -> list:
    """SQL conditions for the list's filters; an unknown status is 422."""
    conditions = []
    if status is not None:
        conditions.append(RepairPoint.status == one_of(status, STATUSES, "status"))
    if office_id:
        conditions.append(RepairPoint.office_id == office_id)
    return conditions
