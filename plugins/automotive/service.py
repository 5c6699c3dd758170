"""The car repair shop's customer file and maintenance schedule (DOMAIN §8, source 004 (二)):
recording a visit files it (late after 2 days), moves the vehicle's next maintenance (time or
mileage, whichever first) and schedules the reminder revisit before it through the revisit engine."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.sdk import (
    Asset,
    Conflict,
    Invalid,
    NotFound,
    RevisitFacts,
    RevisitOrigin,
    TenantContext,
    get_asset,
    get_customer,
    schedule_revisit,
    tenant_today,
)
from plugins.automotive import maintenance
from plugins.automotive.models import VehicleMaintenance, Visit
from plugins.automotive.rules import FIRST_SERVICE_DATE, VEHICLE
from plugins.automotive.schemas import NextDue, VisitCreate
from plugins.automotive.service_rules import MAINTENANCE_DUE, revisit_rules
from plugins.automotive.settings import Settings

REMINDER_RULE = "automotive.maintenance_reminder"


def settings_of(ctx: TenantContext) -> Settings:
    return ctx.settings["automotive"]


async def get_vehicle(session: AsyncSession, asset_id: UUID) -> Asset:
    """The tenant's vehicle (404 for any other asset, or another tenant's)."""
    asset = await get_asset(session, asset_id)
    if asset.type != VEHICLE:
        raise NotFound("no such vehicle")
    return asset


def file_is_late(visit_date: date, filed_on: date, settings: Settings) -> bool:
    """DOMAIN §8 / §0: the customer file is due within 2 days of the visit (day 0): late when
    more than ``customer_file_days`` days have elapsed."""
    return (filed_on - visit_date).days > settings.customer_file_days


def next_for(attributes: dict, today: date, settings: Settings) -> maintenance.NextMaintenance:
    """The next maintenance from the vehicle's file (its cycle, or the tenant's default cycle)."""
    return maintenance.for_vehicle(attributes, today, settings.default_cycle_months, settings.default_cycle_km,
                                   settings.reminder_days_before)


async def record_visit(session: AsyncSession, ctx: TenantContext, asset_id: UUID, data: VisitCreate, actor_id: UUID):
    """File a visit (DOMAIN §8), move the vehicle's next maintenance and schedule its reminder."""
    settings = settings_of(ctx)
    asset = await get_vehicle(session, asset_id)
    today = tenant_today(ctx.tenant)
    if data.visit_date > today:
        raise Invalid("visit_date", f"is after today ({today})")
    state = await session.scalar(select(VehicleMaintenance).where(VehicleMaintenance.asset_id == asset.id))
    if state is not None and data.visit_date < state.last_service_date:
        raise Invalid("visit_date", f"is before the last recorded service ({state.last_service_date})")
    if data.first_service:
        await check_first_service_once(session, asset)
    last_km = state.last_service_km if state is not None else (asset.attributes or {}).get("last_service_km")
    if isinstance(last_km, int) and data.mileage_km < last_km:
        raise Invalid("mileage_km", f"is below the mileage at the last service ({last_km} km)")
    attributes = {**(asset.attributes or {}), "last_service_date": data.visit_date.isoformat(),
                  "last_service_km": data.mileage_km, "mileage_km": data.mileage_km}
    try:
        due = next_for(attributes, data.visit_date, settings)
    except ValueError as exc:
        raise Invalid("maintenance_cycle", str(exc)) from exc
    if state is None:
        state = VehicleMaintenance(asset_id=asset.id, customer_id=asset.customer_id)
        session.add(state)
    state.last_service_date, state.last_service_km = data.visit_date, data.mileage_km
    state.next_due_date, state.next_due_km, state.due_reason = due.due_date, due.due_km, due.reason
    state.rule_id, state.reminder_date = due.rule_id, due.reminder_date
    visit = Visit(asset_id=asset.id, customer_id=asset.customer_id, visit_date=data.visit_date, filed_on=today,
                  file_late=file_is_late(data.visit_date, today, settings), mileage_km=data.mileage_km,
                  items=list(data.items), first_service=data.first_service, notes=data.notes,
                  next_due_date=due.due_date, recorded_by=actor_id)
    session.add(visit)
    if data.first_service:  # the warranty decision reads it: 首保 is granted once per car
        asset.attributes = {**(asset.attributes or {}), FIRST_SERVICE_DATE: data.visit_date.isoformat()}
    await session.flush()
    revisit = await schedule_reminder(session, ctx, asset, due.due_date)
    state.reminder_revisit_id = revisit.id
    await session.flush()
    return visit, next_due_read(asset, state, today)


async def check_first_service_once(session: AsyncSession, asset: Asset) -> None:
    """首保 (004 合作方案): a new car has one first free service, and the maker pays its fee once;
    a second one for the same car is 409 on ``first_service`` naming the date of the first."""
    done = await session.scalar(select(Visit.visit_date).where(Visit.asset_id == asset.id, Visit.first_service))
    if done is not None:
        raise Conflict(f"the first free service (首保) of this car was filed on {done}; a car has one",
                       [("first_service", f"already filed on {done}")])


async def schedule_reminder(session: AsyncSession, ctx: TenantContext, asset: Asset, due_date: date):
    """DOMAIN §8: the maintenance reminder, a revisit due in the days before the next due date
    (the tenant's ``reminder_days_before``); the same vehicle and due date schedules it once."""
    rule = next(r for r in revisit_rules(settings_of(ctx)) if r.id == REMINDER_RULE)
    customer = await get_customer(session, asset.customer_id)
    facts = RevisitFacts(trigger=MAINTENANCE_DUE, event_date=due_date, customer=customer, asset=asset)
    return await schedule_revisit(session, ctx, RevisitOrigin(rule, f"{REMINDER_RULE}:{asset.id}:{due_date}", facts))


def next_due_read(asset: Asset, state: VehicleMaintenance, today: date) -> NextDue:
    return NextDue(
        asset_id=asset.id, customer_id=asset.customer_id, plate=(asset.attributes or {}).get("plate"),
        last_service_date=state.last_service_date, last_service_km=state.last_service_km,
        due_date=state.next_due_date, due_km=state.next_due_km, reason=state.due_reason, rule_id=state.rule_id,
        reminder_date=state.reminder_date, days_left=(state.next_due_date - today).days,
        overdue=state.next_due_date < today, source="service_record", reminder_revisit_id=state.reminder_revisit_id,
    )


def computed_read(asset: Asset, due: maintenance.NextMaintenance, today: date) -> NextDue:
    attributes = asset.attributes or {}
    return NextDue(
        asset_id=asset.id, customer_id=asset.customer_id, plate=attributes.get("plate"),
        last_service_date=date.fromisoformat(str(attributes["last_service_date"])),
        last_service_km=attributes.get("last_service_km"), due_date=due.due_date, due_km=due.due_km,
        reason=due.reason, rule_id=due.rule_id, reminder_date=due.reminder_date,
        days_left=(due.due_date - today).days, overdue=due.due_date < today, source="vehicle_file",
    )


def vehicle_due(asset: Asset, state: VehicleMaintenance | None, today: date, settings: Settings) -> NextDue | None:
    """A vehicle's next maintenance: from its recorded services, else computed from its file
    (cycle, last service, mileage: whichever first); ``None`` when the file says too little."""
    if state is not None:
        return next_due_read(asset, state, today)
    try:
        return computed_read(asset, next_for(asset.attributes or {}, today, settings), today)
    except ValueError:
        return None


async def next_due_of(session: AsyncSession, ctx: TenantContext, asset_id: UUID) -> NextDue:
    """One vehicle's next maintenance (404 when nothing is known to compute it from)."""
    asset = await get_vehicle(session, asset_id)
    state = await session.scalar(select(VehicleMaintenance).where(VehicleMaintenance.asset_id == asset.id))
    due = vehicle_due(asset, state, tenant_today(ctx.tenant), settings_of(ctx))
    if due is None:
        raise NotFound("no service recorded and no last service in the vehicle's file")
    return due


async def due_list(session: AsyncSession, ctx: TenantContext, within_days: int) -> tuple[date, date, list[NextDue]]:
    """DOMAIN §8: vehicles whose next maintenance falls on or before today + ``within_days``
    (overdue included), soonest first."""
    today = tenant_today(ctx.tenant)
    until = today + timedelta(days=within_days)
    states = {s.asset_id: s for s in await session.scalars(select(VehicleMaintenance))}
    vehicles = await session.scalars(select(Asset).where(Asset.type == VEHICLE))
    dues = (vehicle_due(asset, states.get(asset.id), today, settings_of(ctx)) for asset in vehicles)
    items = sorted((d for d in dues if d is not None and d.due_date <= until),
                   key=lambda d: (d.due_date, str(d.asset_id)))
    return today, until, items


def visits_query(asset_id: UUID | None, late: bool | None):
    stmt = select(Visit)
    if asset_id is not None:
        stmt = stmt.where(Visit.asset_id == asset_id)
    if late is not None:
        stmt = stmt.where(Visit.file_late.is_(late))
    return stmt
