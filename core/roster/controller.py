"""HTTP: the holiday duty roster (值班表, 003 篇3 八) and leave requests (请假, 003 篇1 请假制度)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from litestar import Request, Response, delete, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import MANAGERS, STAFF, requires_role
from core.auth.resource import ApiResource
from core.pagination import Page
from core.roster import service
from core.roster.schemas import DutyCreate, LeaveCreate, LeaveDecision, LeaveRead, RosterRead, RosterSummary
from tenants.context import TenantContext


class DutyRosterController(ApiResource, path="/api/v1/duty-roster", tag="duty roster"):
    @get("/")
    async def read_roster(
        self,
        db: AsyncSession,
        ctx: TenantContext,
        first: date | None = Parameter(default=None, description="the first day; today (the tenant's) when left out"),
        last: date | None = Parameter(default=None, description="the last day; 120 days after the first when left out"),
    ) -> RosterRead:
        """The statutory holiday days of the range (the tenant's business calendar) with who is on
        duty on each shift; a day with nobody is a gap."""
        return await service.roster(db, ctx, first, last)

    @get("/summary")
    async def read_summary(self, db: AsyncSession, ctx: TenantContext) -> RosterSummary:
        """People on approved leave today, leave awaiting a decision, coming holiday days with nobody
        on duty."""
        return await service.summary(db, ctx)

    @post("/", guards=[requires_role(*MANAGERS)])
    async def add(self, request: Request, db: AsyncSession, ctx: TenantContext, data: DutyCreate) -> Response:
        """Put a member of staff on duty on a holiday's day or night shift (managers)."""
        return await idempotency.create_once(
            db, request, lambda: service.add_duty(db, ctx, request.user, data), service.duty_read,
        )

    @delete("/{duty_id:uuid}", guards=[requires_role(*MANAGERS)])
    async def remove(self, db: AsyncSession, duty_id: UUID) -> None:
        """Take a person off a holiday's shift (managers)."""
        await service.remove_duty(db, duty_id)


class LeaveRequestController(ApiResource, path="/api/v1/leave-requests", tag="leave requests",
                             guards=[requires_role(*STAFF)]):
    @post("/")
    async def ask(self, request: Request, db: AsyncSession, ctx: TenantContext, data: LeaveCreate) -> Response:
        """Ask one's own leave: a day ahead (a special case an hour before the shift), night-shift
        leave before 12:00 that day, over a holiday only two days ahead; the deciding position is
        told through the outbox."""
        return await idempotency.create_once(
            db, request, lambda: service.ask(db, ctx, request.user, data), service.leave_read,
        )

    @get("/")
    async def list_leave(
        self,
        request: Request,
        db: AsyncSession,
        view: str = Parameter(default="mine", description="mine, to_approve or all (managers)"),
        status: str | None = Parameter(default=None, description="requested, approved, refused or withdrawn"),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[LeaveRead]:
        """One's own leave, the leave waiting for one's decision, or (managers) all, newest first."""
        return Page.of(
            await service.leave_page(db, request.user, view=view, status=status, limit=limit, cursor=cursor),
            service.leave_read,
        )

    @get("/{leave_id:uuid}")
    async def read(self, request: Request, db: AsyncSession, leave_id: UUID) -> LeaveRead:
        """One leave request (its asker, its deciding position and the managers)."""
        return service.leave_read(await service.get_leave(db, request.user, leave_id))

    @post("/{leave_id:uuid}/approve", status_code=200)
    async def approve(self, request: Request, db: AsyncSession, ctx: TenantContext, leave_id: UUID,
                      data: LeaveDecision | None = None) -> LeaveRead:
        """Approved by a holder of the position it was addressed to (403 for anyone else)."""
        reason = data.reason if data else None
        return service.leave_read(await service.decide(db, ctx, request.user, leave_id, True, reason))

    @post("/{leave_id:uuid}/refuse", status_code=200)
    async def refuse(self, request: Request, db: AsyncSession, ctx: TenantContext, leave_id: UUID,
                     data: LeaveDecision) -> LeaveRead:
        """Refused, with the reason, by a holder of the position it was addressed to."""
        return service.leave_read(await service.decide(db, ctx, request.user, leave_id, False, data.reason))

    @post("/{leave_id:uuid}/withdraw", status_code=200)
    async def withdraw(self, request: Request, db: AsyncSession, ctx: TenantContext, leave_id: UUID) -> LeaveRead:
        """Taken back by the person who asked (while waiting, or approved before its first day)."""
        return service.leave_read(await service.withdraw(db, ctx, request.user, leave_id))
