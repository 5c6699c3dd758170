"""HTTP: the GPS department's work orders and swap history, mounted at ``/api/v1/p/gps_install``."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.sdk import DESK, MANAGERS, STAFF, Page, TenantContext, create_once, read_page, requires_role
from plugins.gps_install import service
from plugins.gps_install.models import Swap, WorkOrder
from plugins.gps_install.schemas import (
    Approval,
    Assignment,
    Completion,
    InstallOrderCreate,
    RepairOrderCreate,
    SwapCreate,
    SwapRead,
    WorkOrderRead,
)


def order_read(order: WorkOrder) -> WorkOrderRead:
    return msgspec.convert(order, WorkOrderRead, from_attributes=True)


def swap_read(swap: Swap) -> SwapRead:
    return msgspec.convert(swap, SwapRead, from_attributes=True)


class WorkOrderController(Controller):
    path = "/"
    tags = ["gps_install"]

    @post("/install-orders", guards=[requires_role(*DESK)])
    async def create_install(self, request: Request, db: AsyncSession, data: InstallOrderCreate) -> Response:
        """Fill an install work order (安装任务派工单) from the install request, vehicle list and drivers."""
        return await create_once(
            db, request, lambda: service.create_install_order(db, data, request.user.user_id), order_read,
        )

    @post("/repair-orders", guards=[requires_role(*DESK)])
    async def create_repair(self, request: Request, db: AsyncSession, data: RepairOrderCreate) -> Response:
        """Fill a repair service form (维修服务单)."""
        return await create_once(
            db, request, lambda: service.create_repair_order(db, data, request.user.user_id), order_read,
        )

    @get("/work-orders")
    async def list_orders(
        self,
        db: AsyncSession,
        status: str | None = Parameter(default=None),
        kind: str | None = Parameter(default=None),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[WorkOrderRead]:
        """Work orders, newest first, by status and kind."""
        stmt = select(WorkOrder)
        if status:
            stmt = stmt.where(WorkOrder.status == status)
        if kind:
            stmt = stmt.where(WorkOrder.kind == kind)
        return await read_page(db, stmt, WorkOrder.id, order_read, limit=limit, cursor=cursor)

    @get("/work-orders/{order_id:uuid}")
    async def read(self, db: AsyncSession, order_id: UUID) -> WorkOrderRead:
        """One work order."""
        return order_read(await service.get_order(db, order_id))

    @post("/work-orders/{order_id:uuid}/approval", guards=[requires_role(*MANAGERS)], status_code=200)
    async def approve(self, request: Request, db: AsyncSession, order_id: UUID, data: Approval) -> WorkOrderRead:
        """The GPS department manager approves or refuses the order."""
        return order_read(await service.decide_approval(db, order_id, data, request.user.user_id))

    @post("/work-orders/{order_id:uuid}/assignment", guards=[requires_role(*MANAGERS)], status_code=200)
    async def assign(self, request: Request, db: AsyncSession, order_id: UUID, data: Assignment) -> WorkOrderRead:
        """Assign a technician, or an outside contractor in an emergency with no technician free."""
        return order_read(await service.assign(db, order_id, data, request.user.user_id))

    @post("/work-orders/{order_id:uuid}/completion", guards=[requires_role(*STAFF)], status_code=200)
    async def complete(
        self, request: Request, db: AsyncSession, ctx: TenantContext, order_id: UUID, data: Completion
    ) -> WorkOrderRead:
        """The work is done; a terminal's repair is priced by the warranty rules (parts only out of warranty)."""
        return order_read(await service.complete(db, ctx, order_id, data, request.user.user_id))

    @post("/work-orders/{order_id:uuid}/swaps", guards=[requires_role(*STAFF)])
    async def swap(
        self, request: Request, db: AsyncSession, ctx: TenantContext, order_id: UUID, data: SwapCreate
    ) -> Response:
        """Write a terminal or SIM swap on the repair form (old/new terminal number, old/new ICCID)."""
        return await create_once(
            db, request, lambda: service.record_swap(db, ctx, order_id, data, request.user.user_id), swap_read,
        )

    @get("/vehicles/{plate:str}/swaps")
    async def swaps(
        self,
        db: AsyncSession,
        plate: str,
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[SwapRead]:
        """The terminal and SIM swap history of one vehicle, newest first."""
        return Page.of(await service.swap_page(db, plate, limit=limit, cursor=cursor), swap_read)


ROUTES = [WorkOrderController]
