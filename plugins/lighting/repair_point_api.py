"""HTTP: authorised repair points (特约维修部, DOMAIN 6.14) under ``/api/v1/p/lighting/repair-points``
(404 for tenants that have not enabled the lighting plugin)."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core.sdk import DESK, MANAGERS, STAFF, Page, TenantContext, create_once, requires_role
from plugins.lighting import repair_points
from plugins.lighting.models import RepairPoint, RepairPointSwap
from plugins.lighting.repair_point_schemas import (
    AllowanceLine,
    AllowanceList,
    DepositPayment,
    DepositRead,
    RepairPointApplication,
    RepairPointApproval,
    RepairPointClosing,
    RepairPointFile,
    RepairPointRead,
    RepairPointRejection,
    StockRead,
    SwapIn,
    SwapRead,
)

#: Said with every allowance list (第三条 A: 维修费与客户的返利一同发放).
PAID_WITH_REBATE = "paid together with the customer's rebate (与客户的返利一同发放)"


def point_read(point: RepairPoint) -> RepairPointRead:
    """A repair point as the API answers it, with the deposit still owed."""
    fields = {name: getattr(point, name) for name in RepairPointRead.__struct_fields__
              if name != "deposit_outstanding_fen"}
    return RepairPointRead(**fields, deposit_outstanding_fen=point.deposit_fen - point.deposit_paid_fen)


def swap_read(swap: RepairPointSwap, names: dict[str, str]) -> SwapRead:
    """One swap, with the name of its part."""
    return SwapRead(
        id=swap.id, repair_point_id=swap.repair_point_id, sku=swap.sku, part_name=names.get(swap.sku, ""),
        quantity=swap.quantity, swapped_on=swap.swapped_on, note=swap.note, ticket_id=swap.ticket_id,
        recorded_by=swap.recorded_by, created_at=swap.created_at,
    )


async def swap_answer(db: AsyncSession, swap: RepairPointSwap) -> SwapRead:
    """A swap just recorded, with the name of its part in the point's stock."""
    return swap_read(swap, await repair_points.part_names(db, swap.repair_point_id))


async def point_file(db: AsyncSession, point: RepairPoint) -> RepairPointFile:
    """The point's management file: the point, its stock (with the swaps so far per sku), its
    deposit payments and its swaps."""
    stock = await repair_points.stock_of(db, point.id)
    swaps = await repair_points.swaps_of(db, point.id)
    swapped = repair_points.swapped_per_sku(swaps)
    names = {line.sku: line.part_name for line in stock}
    return RepairPointFile(
        **msgspec.structs.asdict(point_read(point)),
        stock=[StockRead(
            sku=line.sku, part_name=line.part_name, unit_price_fen=line.unit_price_fen,
            initial_quantity=line.initial_quantity, on_hand=line.on_hand, swapped_quantity=swapped.get(line.sku, 0),
        ) for line in stock],
        deposits=[DepositRead(id=d.id, amount_fen=d.amount_fen, paid_on=d.paid_on, note=d.note,
                              recorded_by=d.recorded_by) for d in await repair_points.deposits_of(db, point.id)],
        swaps=[swap_read(swap, names) for swap in swaps],
    )


class RepairPointController(Controller):
    path = "/repair-points"
    tags = ["lighting"]

    @post("/", guards=[requires_role(*DESK)])
    async def apply(
        self, request: Request, db: AsyncSession, ctx: TenantContext, data: RepairPointApplication
    ) -> Response:
        """Propose a repair point (特约维修部的申请表) with its first-batch stock and allowance."""
        return await create_once(
            db, request, lambda: repair_points.apply(db, ctx, data, request.user.user_id),
            lambda point: point_file(db, point),
        )

    @get("/")
    async def list_points(
        self, db: AsyncSession,
        status: str | None = Parameter(default=None, description="applied, approved, active, rejected or closed"),
        office_id: UUID | None = Parameter(default=None),
        sort: str = Parameter(default="newest", description="newest (first), or name"),
        limit: int | None = Parameter(default=None), cursor: str | None = Parameter(default=None),
    ) -> Page[RepairPointRead]:
        """Repair points, newest first or by name, with their status, deposit and allowance."""
        found = await repair_points.point_page(db, status=status, office_id=office_id, sort=sort, limit=limit,
                                               cursor=cursor)
        return Page.of(found, point_read)

    @get("/allowances")
    async def allowances(self, db: AsyncSession, month: str = Parameter(description="YYYY-MM")) -> AllowanceList:
        """The month's repair allowances (维修费): each point active in it, paid with the rebate."""
        first, points = await repair_points.allowances(db, month)
        lines = [AllowanceLine(
            repair_point_id=p.id, name=p.name, office_id=p.office_id, allowance_fen=p.allowance_fen or 0,
            activated_on=p.activated_on, closed_on=p.closed_on,
        ) for p in points]
        return AllowanceList(
            month=f"{first:%Y-%m}", currency="CNY", paid_with="rebate", note=PAID_WITH_REBATE, lines=lines,
            total_fen=sum(line.allowance_fen for line in lines),
        )

    @get("/{point_id:uuid}")
    async def read(self, db: AsyncSession, point_id: UUID) -> RepairPointFile:
        """One repair point's file: the point, its stock with swaps per part, deposits and swaps."""
        return await point_file(db, await repair_points.get_point(db, point_id))

    @post("/{point_id:uuid}/approve", guards=[requires_role(*MANAGERS)], status_code=200)
    async def approve(
        self, request: Request, db: AsyncSession, ctx: TenantContext, point_id: UUID, data: RepairPointApproval
    ) -> RepairPointFile:
        """Customer service approves the point (客户服务部备案审批) and decides its monthly allowance."""
        point = await repair_points.approve(db, ctx, point_id, data, request.user.user_id)
        return await point_file(db, point)

    @post("/{point_id:uuid}/reject", guards=[requires_role(*MANAGERS)], status_code=200)
    async def reject(
        self, request: Request, db: AsyncSession, point_id: UUID, data: RepairPointRejection
    ) -> RepairPointFile:
        """Customer service rejects the application, with its reason."""
        point = await repair_points.reject(db, point_id, data, request.user.user_id)
        return await point_file(db, point)

    @post("/{point_id:uuid}/deposits", guards=[requires_role(*DESK)])
    async def pay_deposit(
        self, request: Request, db: AsyncSession, ctx: TenantContext, point_id: UUID, data: DepositPayment
    ) -> Response:
        """Record a deposit payment (押金); the one completing the deposit makes the point active."""
        return await create_once(
            db, request, lambda: repair_points.pay_deposit(db, ctx, point_id, data, request.user.user_id),
            lambda point: point_file(db, point),
        )

    @post("/{point_id:uuid}/swaps", guards=[requires_role(*STAFF)])
    async def swap(
        self, request: Request, db: AsyncSession, ctx: TenantContext, point_id: UUID, data: SwapIn
    ) -> Response:
        """Record an old-for-new swap (以旧换新) of a part of the point's stock; on hand is unchanged."""
        return await create_once(
            db, request, lambda: repair_points.swap(db, ctx, point_id, data, request.user.user_id),
            lambda row: swap_answer(db, row),
        )

    @post("/{point_id:uuid}/close", guards=[requires_role(*MANAGERS)], status_code=200)
    async def close(
        self, request: Request, db: AsyncSession, ctx: TenantContext, point_id: UUID, data: RepairPointClosing
    ) -> RepairPointFile:
        """Close an approved or active point; it swaps no more and earns no allowance afterwards."""
        point = await repair_points.close(db, ctx, point_id, data, request.user.user_id)
        return await point_file(db, point)
