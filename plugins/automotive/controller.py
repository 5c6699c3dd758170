"""HTTP: the car repair shop's visits (customer file) and maintenance-due list, mounted at
``/api/v1/p/automotive``."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core.sdk import STAFF, Page, TenantContext, create_once, read_page, requires_role
from plugins.automotive import service
from plugins.automotive.models import Visit
from plugins.automotive.schemas import DueList, NextDue, VisitCreate, VisitRead, VisitRecorded


def visit_read(visit: Visit) -> VisitRead:
    return msgspec.convert(visit, VisitRead, from_attributes=True)


class MaintenanceController(Controller):
    path = "/"
    tags = ["automotive"]

    @post("/vehicles/{asset_id:uuid}/visits", guards=[requires_role(*STAFF)])
    async def record_visit(
        self, request: Request, db: AsyncSession, ctx: TenantContext, asset_id: UUID, data: VisitCreate
    ) -> Response:
        """File a car's visit (maintenance items, mileage): the next maintenance moves and its
        reminder is scheduled; a file written more than 2 days after the visit is flagged late."""
        return await create_once(
            db, request, lambda: service.record_visit(db, ctx, asset_id, data, request.user.user_id),
            lambda recorded: VisitRecorded(visit=visit_read(recorded[0]), next_maintenance=recorded[1]),
        )

    @get("/vehicles/{asset_id:uuid}/maintenance")
    async def vehicle_maintenance(self, db: AsyncSession, ctx: TenantContext, asset_id: UUID) -> NextDue:
        """One vehicle's next maintenance (by time or mileage, whichever first)."""
        return await service.next_due_of(db, ctx, asset_id)

    @get("/maintenance/due")
    async def due(
        self,
        db: AsyncSession,
        ctx: TenantContext,
        within_days: int = Parameter(default=7, ge=0, le=3650),
    ) -> DueList:
        """Vehicles due for maintenance within ``within_days`` (overdue included), soonest first."""
        today, until, items = await service.due_list(db, ctx, within_days)
        return DueList(as_of=today, until=until, items=items)

    @get("/visits")
    async def visits(
        self,
        db: AsyncSession,
        asset_id: UUID | None = Parameter(default=None),
        late: bool | None = Parameter(default=None, description="only files written late (or on time)"),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[VisitRead]:
        """The customer file's visits, newest first; ``late=true`` lists files written late."""
        stmt = service.visits_query(asset_id, late)
        return await read_page(db, stmt, Visit.id, visit_read, limit=limit, cursor=cursor)


ROUTES = [MaintenanceController]
