"""The GPS department's work orders (DOMAIN §9, source 003 篇5): filled by customer service,
approved by the GPS department manager, assigned to a technician (or, in an emergency with no
technician free, to an outside contractor), completed; terminal and SIM swaps written on repair
forms make each vehicle's swap history."""

from __future__ import annotations

from uuid import UUID

import msgspec
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.sdk import (
    Conflict,
    DecisionRequest,
    Invalid,
    InvalidTransition,
    PartIn,
    TenantContext,
    User,
    asset_named,
    check_staff,
    customer_named,
    decide_warranty_claim,
    get_or_404,
    normalize_plate,
    paginate,
    plate_problem,
    tenant_today,
    utcnow,
)
from plugins.gps_install.identifiers import normalize_iccid, normalize_terminal_number
from plugins.gps_install.models import Swap, WorkOrder
from plugins.gps_install.schemas import (
    Approval,
    Assignment,
    Completion,
    InstallOrderCreate,
    RepairOrderCreate,
    SwapCreate,
)
from plugins.gps_install.settings import Settings
from plugins.gps_install.swaps import swap_problems

#: The work order's states as data: action → (states it is allowed from, state it leads to).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({"submitted"}), "approved"),
    "refuse": (frozenset({"submitted"}), "refused"),
    "assign": (frozenset({"approved", "assigned"}), "assigned"),
    "complete": (frozenset({"assigned"}), "done"),
}

#: Where the work is under way: the assigned technician is busy; swaps can be written down.
IN_PROGRESS = "assigned"


def move(order: WorkOrder, action: str) -> None:
    """Apply ``action`` to the order's state, or 409 when it is not allowed from there."""
    allowed, target = TRANSITIONS[action]
    if order.status not in allowed:
        raise InvalidTransition(f"cannot {action} a work order that is {order.status}", [("status", order.status)])
    order.status = target


async def get_order(session: AsyncSession, order_id: UUID) -> WorkOrder:
    return await get_or_404(session, WorkOrder, order_id, "work order")


def _plate(value: str, field: str) -> str:
    if (problem := plate_problem(value)) is not None:
        raise Invalid(field, problem)
    return normalize_plate(value)


async def create_install_order(session: AsyncSession, data: InstallOrderCreate, actor_id: UUID) -> WorkOrder:
    """DOMAIN §9: the install work order from the install request, vehicle list and drivers."""
    await customer_named(session, data.customer_id)
    plates = [_plate(v.plate, f"vehicles[{i}].plate") for i, v in enumerate(data.vehicles)]
    if len(set(plates)) != len(plates):
        raise Invalid("vehicles", "a plate appears twice in the vehicle list")
    vehicles = [{**msgspec.to_builtins(v), "plate": p} for v, p in zip(data.vehicles, plates, strict=True)]
    drivers = []
    for i, driver in enumerate(data.drivers):
        row = msgspec.to_builtins(driver)
        if driver.plate is not None:
            row["plate"] = _plate(driver.plate, f"drivers[{i}].plate")
            if row["plate"] not in plates:
                raise Invalid(f"drivers[{i}].plate", "is not in the vehicle list")
        drivers.append(row)
    order = WorkOrder(kind="install", customer_id=data.customer_id, install_request_no=data.install_request_no,
                      vehicles=vehicles, drivers=drivers, address=data.address, contact_name=data.contact_name,
                      contact_phone=data.contact_phone, notes=data.notes, created_by=actor_id, status="submitted")
    session.add(order)
    await session.flush()
    return order


async def create_repair_order(session: AsyncSession, data: RepairOrderCreate, actor_id: UUID) -> WorkOrder:
    """DOMAIN §9: the repair service form; the terminal, when given, is the customer's GPS terminal."""
    await customer_named(session, data.customer_id)
    if data.asset_id is not None:
        asset = await asset_named(session, data.asset_id)
        if not asset.type.startswith("gps_install.") or asset.customer_id != data.customer_id:
            raise Invalid("asset_id", "must be a GPS terminal of this customer")
    order = WorkOrder(kind="repair", customer_id=data.customer_id, asset_id=data.asset_id, fault=data.fault,
                      address=data.address, contact_name=data.contact_name, contact_phone=data.contact_phone,
                      model=data.model, purchase_date=data.purchase_date, notes=data.notes, created_by=actor_id,
                      status="submitted", vehicles=[], drivers=[])
    session.add(order)
    await session.flush()
    return order


async def decide_approval(session: AsyncSession, order_id: UUID, data: Approval, actor_id: UUID) -> WorkOrder:
    """DOMAIN §9: the GPS department manager approves (or refuses) the order."""
    order = await get_order(session, order_id)
    move(order, "approve" if data.approved else "refuse")
    order.approved_by, order.approved_at, order.decision_note = actor_id, utcnow(), data.note
    await session.flush()
    return order


async def free_technicians(session: AsyncSession) -> list[User]:
    """Active technicians not assigned to a work order under way."""
    busy = select(WorkOrder.technician_id).where(WorkOrder.status == IN_PROGRESS, WorkOrder.technician_id.is_not(None))
    stmt = select(User).where(User.role == "technician", User.is_active.is_(True), User.id.not_in(busy))
    return list(await session.scalars(stmt.order_by(User.id)))


async def assign(session: AsyncSession, order_id: UUID, data: Assignment, actor_id: UUID) -> WorkOrder:
    """DOMAIN §9: a technician is assigned; an outside contractor only in an emergency when no
    technician is free (the reason is recorded)."""
    order = await get_order(session, order_id)
    if (data.technician_id is None) == (data.contractor is None):
        raise Invalid.fields("give a technician or, in an emergency, a contractor",
                             [("technician_id", "give exactly one of technician_id and contractor"),
                              ("contractor", "give exactly one of technician_id and contractor")])
    move(order, "assign")
    if data.technician_id is not None:
        await check_staff(session, data.technician_id, "technician_id", ("technician",))
        order.technician_id, order.contractor, order.emergency_reason = data.technician_id, None, None
    else:
        if not data.emergency_reason:
            raise Invalid("emergency_reason", "an outside contractor is sent only in an emergency: say why")
        free = await free_technicians(session)
        if free:
            raise Conflict("a technician is free: assign them instead of an outside contractor",
                           [("contractor", f"{len(free)} technician(s) free")])
        order.technician_id = None
        order.contractor = msgspec.to_builtins(data.contractor)
        order.emergency_reason = data.emergency_reason
    order.assigned_by, order.assigned_at = actor_id, utcnow()
    await session.flush()
    return order


async def complete(session: AsyncSession, ctx: TenantContext, order_id: UUID, data: Completion,
                   actor_id: UUID) -> WorkOrder:
    """The work is done. A repair of a registered terminal is decided by the warranty rules
    (recorded; in warranty free, out of warranty only the parts are charged)."""
    order = await get_order(session, order_id)
    move(order, "complete")
    if order.kind == "repair" and order.asset_id is not None:
        request = DecisionRequest(
            claim_date=data.claim_date or tenant_today(ctx.tenant), asset_id=order.asset_id,
            parts=[PartIn(p.sku, p.name, p.unit_price_fen, p.qty) for p in data.parts],
        )
        decision = await decide_warranty_claim(session, ctx, request, actor_id)
        order.warranty_decision_id = decision.id
        order.charge_fen = decision.charge_fen or 0
    order.completed_at = utcnow()
    await session.flush()
    return order


async def record_swap(session: AsyncSession, ctx: TenantContext, order_id: UUID, data: SwapCreate,
                      actor_id: UUID) -> Swap:
    """DOMAIN §9: the old and new terminal numbers and SIM ICCIDs on a repair form under way;
    every ICCID passes the Luhn check (422 naming the field)."""
    order = await get_order(session, order_id)
    if order.kind != "repair":
        raise Conflict("swaps are written on a repair service form", [("kind", order.kind)])
    if order.status != IN_PROGRESS:
        raise InvalidTransition(f"swaps are recorded while the repair is under way, not when {order.status}",
                                [("status", order.status)])
    settings: Settings = ctx.settings["gps_install"]
    problems = swap_problems(msgspec.to_builtins(data), settings)
    if not data.plate:
        problems.append(("plate", "is required: the swap history is kept per vehicle"))
    if problems:
        raise Invalid.fields("the swap record is not valid", list(dict.fromkeys(problems)))
    swap = Swap(
        work_order_id=order.id, plate=normalize_plate(data.plate), fault=data.fault,
        old_terminal_no=data.old_terminal_no and normalize_terminal_number(data.old_terminal_no),
        new_terminal_no=data.new_terminal_no and normalize_terminal_number(data.new_terminal_no),
        old_iccid=data.old_iccid and normalize_iccid(data.old_iccid),
        new_iccid=data.new_iccid and normalize_iccid(data.new_iccid),
        recorded_by=actor_id,
    )
    session.add(swap)
    await session.flush()
    return swap


def swaps_of(plate: str) -> Select:
    """The query of every swap of one vehicle (the plate as written, separators and case ignored)."""
    return select(Swap).where(Swap.plate == normalize_plate(plate))


async def swap_page(
    session: AsyncSession, plate: str | None, *, limit: int | None, cursor: str | None
) -> tuple[list[Swap], str | None]:
    """One page of the terminal and SIM swaps, newest first, of the vehicle ``plate``
    (``GET /vehicles/{plate}/swaps`` and the console's history of a vehicle), or of every
    vehicle when ``plate`` is ``None`` (the console's latest swaps); and the cursor of the next."""
    stmt = swaps_of(plate) if plate is not None else select(Swap)
    return await paginate(session, stmt, Swap.id, limit=limit, cursor=cursor)
