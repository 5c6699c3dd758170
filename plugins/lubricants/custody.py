"""The tool custody register (DOMAIN §7, source 000 第四条(四)): tools registered to a technician,
handed over when the technician leaves the post, loss or damage reported (and compensated, normal
wear excepted)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.sdk import Conflict, Forbidden, Invalid, check_staff, check_user, get_or_404
from plugins.lubricants.models import Tool, ToolEvent
from plugins.lubricants.schemas import HandoverCreate, ToolCreate, ToolReport

#: What a report does to the tool: kind → the status it leaves the tool in.
REPORTS: dict[str, str] = {"loss": "lost", "damage": "damaged", "normal_wear": "worn_out"}
IN_CUSTODY = "in_custody"


async def get_tool(session: AsyncSession, tool_id: UUID) -> Tool:
    return await get_or_404(session, Tool, tool_id, "tool")


async def events_of(session: AsyncSession, tool_id: UUID) -> list[ToolEvent]:
    """A tool's custody history, oldest first."""
    return list(await session.scalars(select(ToolEvent).where(ToolEvent.tool_id == tool_id).order_by(ToolEvent.id)))


async def register(session: AsyncSession, data: ToolCreate, actor_id: UUID) -> Tool:
    """Register a tool to a technician of the tenant (422 otherwise); a serial is unique (409)."""
    await check_staff(session, data.holder_id, "holder_id", ("technician",))
    if data.serial and await session.scalar(select(Tool.id).where(Tool.serial == data.serial)):
        raise Conflict("a tool with this serial is already registered", [("serial", data.serial)])
    tool = Tool(name=data.name, serial=data.serial, valuable=data.valuable, status=IN_CUSTODY,
                holder_id=data.holder_id, registered_by=actor_id)
    session.add(tool)
    await session.flush()
    session.add(ToolEvent(tool_id=tool.id, event="register", to_user_id=data.holder_id, recorded_by=actor_id))
    await session.flush()
    return tool


async def hand_over(session: AsyncSession, data: HandoverCreate, actor_id: UUID) -> list[Tool]:
    """A technician leaving the post hands every tool in their keeping to another technician;
    each tool's history records from whom, to whom and why. Nothing to hand over: 409."""
    if data.from_user_id == data.to_user_id:
        raise Invalid("to_user_id", "must differ from from_user_id")
    await check_staff(session, data.to_user_id, "to_user_id", ("technician",))
    await check_user(session, data.from_user_id, "from_user_id")
    tools = list(await session.scalars(
        select(Tool).where(Tool.holder_id == data.from_user_id, Tool.status == IN_CUSTODY).order_by(Tool.id)))
    if not tools:
        raise Conflict("this person keeps no tools to hand over", [("from_user_id", "no tools in custody")])
    for tool in tools:
        tool.holder_id = data.to_user_id
        session.add(ToolEvent(tool_id=tool.id, event="handover", from_user_id=data.from_user_id,
                              to_user_id=data.to_user_id, report=data.reason, recorded_by=actor_id))
    await session.flush()
    return tools


async def report(session: AsyncSession, tool_id: UUID, data: ToolReport, actor) -> Tool:
    """Report a tool lost, damaged or worn out. A technician reports only the tools they keep
    (403); a tool already out of service: 409; normal wear is not compensated (422)."""
    tool = await get_tool(session, tool_id)
    if actor.role == "technician" and tool.holder_id != actor.user_id:
        raise Forbidden("a technician reports only the tools in their own keeping")
    if tool.status != IN_CUSTODY:
        raise Conflict(f"this tool is already {tool.status}", [("status", tool.status)])
    if data.kind == "normal_wear" and data.compensation_fen:
        raise Invalid("compensation_fen", "normal wear is not compensated")
    tool.status = REPORTS[data.kind]
    session.add(ToolEvent(tool_id=tool.id, event=data.kind, from_user_id=tool.holder_id, report=data.report,
                          compensation_fen=data.compensation_fen, recorded_by=actor.user_id))
    await session.flush()
    return tool


def tools_query(holder_id: UUID | None, status: str | None):
    stmt = select(Tool)
    if holder_id is not None:
        stmt = stmt.where(Tool.holder_id == holder_id)
    if status is not None:
        stmt = stmt.where(Tool.status == status)
    return stmt
