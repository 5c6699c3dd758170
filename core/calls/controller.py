"""HTTP: inbound call records from a telephony system, and answers within three rings."""

from __future__ import annotations

from datetime import date

from litestar import Request, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import MANAGERS, requires_role
from core.auth.resource import ApiResource
from core.calls import service
from core.calls.schemas import CallsIn, CallsReceived, CallStats
from tenants.context import TenantContext


class CallRecordController(ApiResource, path="/api/v1/call-records", tag="call records",
                           guards=[requires_role(*MANAGERS)]):
    @post("/", status_code=200)
    async def receive(self, db: AsyncSession, data: CallsIn) -> CallsReceived:
        """Receive up to 1,000 inbound calls from the telephony system, each kept once.

        An integration key with a manager's scope, or a manager, sends them; a call already received
        (same ``external_id``) is skipped."""
        return await service.receive(db, data)

    @get("/stats")
    async def stats(self, request: Request, db: AsyncSession, ctx: TenantContext, start: date, end: date) -> CallStats:
        """Answers within three rings (003 篇6) over the days ``start`` to ``end``, in all and per
        agent; the call log is a secret record (DOMAIN §5): 403 for a role that may not read them."""
        return await service.stats(db, ctx, request.user, start, end)
