"""HTTP: the tool custody register and the monthly service-quality summary, mounted at
``/api/v1/p/lubricants``."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core.sdk import MANAGERS, STAFF, Page, TenantContext, create_once, read_page, requires_role
from plugins.lubricants import custody, quality
from plugins.lubricants.models import Tool
from plugins.lubricants.schemas import (
    HandoverCreate,
    HandoverRead,
    QualitySummary,
    ToolCreate,
    ToolEventRead,
    ToolRead,
    ToolReport,
)


def tool_read(tool: Tool, events=()) -> ToolRead:
    read = msgspec.convert(tool, ToolRead, from_attributes=True)
    read.events = [msgspec.convert(e, ToolEventRead, from_attributes=True) for e in events]
    return read


async def tool_file(db: AsyncSession, tool: Tool) -> ToolRead:
    """A tool with its custody history."""
    return tool_read(tool, await custody.events_of(db, tool.id))


class CustodyController(Controller):
    path = "/"
    tags = ["lubricants"]

    @post("/tools", guards=[requires_role(*MANAGERS)])
    async def register(self, request: Request, db: AsyncSession, data: ToolCreate) -> Response:
        """Register a test or repair tool to a technician (custody)."""
        return await create_once(
            db, request, lambda: custody.register(db, data, request.user.user_id), lambda tool: tool_file(db, tool),
        )

    @get("/tools")
    async def list_tools(
        self,
        db: AsyncSession,
        holder_id: UUID | None = Parameter(default=None),
        status: str | None = Parameter(default=None),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[ToolRead]:
        """Registered tools, newest first, by holder and status."""
        stmt = custody.tools_query(holder_id, status)
        return await read_page(db, stmt, Tool.id, tool_read, limit=limit, cursor=cursor)

    @get("/tools/{tool_id:uuid}")
    async def read(self, db: AsyncSession, tool_id: UUID) -> ToolRead:
        """One tool with its custody history."""
        return await tool_file(db, await custody.get_tool(db, tool_id))

    @post("/tools/{tool_id:uuid}/reports", guards=[requires_role(*STAFF)], status_code=200)
    async def report(self, request: Request, db: AsyncSession, tool_id: UUID, data: ToolReport) -> ToolRead:
        """Report a tool lost, damaged or worn out, with what happened."""
        return await tool_file(db, await custody.report(db, tool_id, data, request.user))

    @post("/handovers", guards=[requires_role(*MANAGERS)], status_code=200)
    async def hand_over(self, request: Request, db: AsyncSession, data: HandoverCreate) -> HandoverRead:
        """A technician leaving the post hands every tool they keep to another technician."""
        tools = await custody.hand_over(db, data, request.user.user_id)
        return HandoverRead(from_user_id=data.from_user_id, to_user_id=data.to_user_id,
                            tools=[tool_read(t) for t in tools])

    @get("/quality/monthly", guards=[requires_role(*MANAGERS)])
    async def monthly_quality(
        self, db: AsyncSession, ctx: TenantContext, month: str = Parameter(description="YYYY-MM")
    ) -> QualitySummary:
        """The month's service-quality summary per technician: on-site services and revisit satisfaction."""
        return await quality.summary(db, ctx, month)


ROUTES = [CustodyController]
