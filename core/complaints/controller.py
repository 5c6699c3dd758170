"""HTTP: complaints, their steps, the routing table and the penalty ladder."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, post, put
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import MANAGERS, STAFF, requires_role
from core.auth.resource import ApiResource
from core.complaints import configuration, queries, service, workflow
from core.complaints.models import Complaint, ComplaintPenalty, ComplaintStep
from core.complaints.queries import ComplaintFilter
from core.complaints.routing import declared_rules
from core.complaints.schemas import (
    ComplaintCreate,
    ComplaintRead,
    ComplaintType,
    PenaltyLadderChoice,
    PenaltyLadderRead,
    PenaltyLadderSetting,
    PenaltyRead,
    PenaltyStepRead,
    RoutingRead,
    RoutingRuleRead,
    RoutingTableIn,
    RoutingTableRead,
    StepIn,
    StepRead,
)
from core.complaints.types import PenaltyLadder, RoutingRule
from core.errors import one_of
from core.i18n import pick
from core.pagination import Page
from tenants.context import TenantContext


def penalty_read(penalty: ComplaintPenalty | None, locale: str) -> PenaltyRead | None:
    if penalty is None:
        return None
    return PenaltyRead(
        user_id=penalty.user_id, ladder_id=penalty.ladder_id, level=penalty.level, count=penalty.count,
        label=pick(penalty.label, locale), fine_fen=penalty.fine_fen, currency="CNY" if penalty.fine_fen else None,
        status=penalty.status, confirmed_by=penalty.confirmed_by, confirmed_at=penalty.confirmed_at,
    )


def complaint_read(
    complaint: Complaint,
    locale: str,
    penalty: ComplaintPenalty | None = None,
    steps: list[ComplaintStep] | None = None,
) -> ComplaintRead:
    return ComplaintRead(
        id=complaint.id, type=complaint.type, category=complaint.category, customer_id=complaint.customer_id,
        ticket_id=complaint.ticket_id, against_user_id=complaint.against_user_id,
        description=complaint.description, demand=complaint.demand, step=complaint.step,
        next_steps=workflow.next_steps(complaint.step), valid=complaint.valid, routed_to=complaint.routed_to,
        routing=RoutingRead(
            department=complaint.routed_to, rule_id=complaint.routing_rule_id,
            label=pick(complaint.routing_label, locale), source=complaint.routing_source,
        ),
        responsible_department=complaint.responsible_department,
        responsible_user_id=complaint.responsible_user_id, batch_quality=complaint.batch_quality,
        reported_on=complaint.reported_on, visit_due_by=complaint.visit_due_by,
        recorded_by=complaint.recorded_by, created_at=complaint.created_at, updated_at=complaint.updated_at,
        closed_at=complaint.closed_at, penalty=penalty_read(penalty, locale),
        steps=None if steps is None else [
            StepRead(id=s.id, step=s.step, actor_id=s.actor_id, at=s.created_at, data=s.data) for s in steps
        ],
    )


async def full_read(db: AsyncSession, complaint: Complaint, locale: str) -> ComplaintRead:
    """A complaint with its penalty and its step history."""
    penalty = (await service.penalties_of(db, [complaint.id])).get(complaint.id)
    return complaint_read(complaint, locale, penalty, await service.steps_of(db, complaint.id))


def rule_read(rule: RoutingRule) -> RoutingRuleRead:
    return RoutingRuleRead(id=rule.id, match=dict(rule.match), department=rule.department, label=dict(rule.label))


def ladder_read(ladder: PenaltyLadder) -> PenaltyLadderRead:
    return PenaltyLadderRead(
        id=ladder.id, title=dict(ladder.title),
        steps=[PenaltyStepRead(level=s.level, label=dict(s.label), fine_fen=s.fine_fen) for s in ladder.steps],
    )


class ComplaintController(ApiResource, path="/api/v1/complaints", tag="complaints"):
    @post("/", guards=[requires_role(*STAFF)])
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext, data: ComplaintCreate) -> Response:
        """Record a complaint (投诉, step 1 记录) and route it to the responsible department."""
        return await idempotency.create_once(
            db, request,
            lambda: service.create_complaint(db, ctx, data, request.user.user_id),
            lambda complaint: full_read(db, complaint, request.user.locale),
        )

    @get("/")
    async def list_complaints(
        self,
        request: Request,
        db: AsyncSession,
        step: str | None = Parameter(default=None, description="the state reached, e.g. recorded, closed"),
        type: ComplaintType | None = Parameter(default=None),
        customer_id: UUID | None = Parameter(default=None),
        against_user_id: UUID | None = Parameter(default=None),
        q: str | None = Parameter(default=None, description="the customer (name, phone, address, an asset) "
                                  "or words of the description or demand"),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[ComplaintRead]:
        """Complaints, newest first, filtered by state reached, type, customer or staff member and
        searched as the console's board is (the same query: ``core.complaints.queries``)."""
        if step is not None:
            one_of(step, workflow.STATES, "step")
        wanted = ComplaintFilter(type=type, q=q, step=step, customer_id=customer_id, against_user_id=against_user_id)
        rows, next_cursor = await queries.complaint_page(db, wanted, limit=limit, cursor=cursor)
        found = await service.penalties_of(db, [c.id for c in rows])
        items = [complaint_read(c, request.user.locale, found.get(c.id)) for c in rows]
        return Page(items=items, next_cursor=next_cursor)

    @get("/{complaint_id:uuid}")
    async def read(self, request: Request, db: AsyncSession, complaint_id: UUID) -> ComplaintRead:
        """One complaint with its step history (who, which step, when)."""
        complaint = await service.get_complaint(db, complaint_id)
        return await full_read(db, complaint, request.user.locale)

    @post("/{complaint_id:uuid}/steps", status_code=200, guards=[requires_role(*STAFF)])
    async def step(
        self, request: Request, db: AsyncSession, ctx: TenantContext, complaint_id: UUID, data: StepIn
    ) -> ComplaintRead:
        """Take the next of the eight steps (``classify``, ``assign``, ``investigate``, ``propose``,
        ``approve``, ``notify``, ``penalise``, ``improve``, ``close``). Out of order: 409."""
        complaint = await service.take_step(db, ctx, request.user, complaint_id, data)
        return await full_read(db, complaint, request.user.locale)

    @post("/{complaint_id:uuid}/penalty/confirm", status_code=200, guards=[requires_role(*MANAGERS)])
    async def confirm_penalty(
        self, request: Request, db: AsyncSession, ctx: TenantContext, complaint_id: UUID
    ) -> ComplaintRead:
        """Confirm a proposed penalty (the ladder's last rung): a manager decides, not the product."""
        complaint = await service.confirm_penalty(db, ctx, request.user, complaint_id)
        return await full_read(db, complaint, request.user.locale)

    @get("/routing")
    async def routing_table(self, db: AsyncSession, ctx: TenantContext) -> RoutingTableRead:
        """The tenant's routing table (its own, or the defaults of core and enabled plugins)."""
        return await self._routing(db, ctx)

    @put("/routing", guards=[requires_role(*MANAGERS)])
    async def save_routing_table(self, db: AsyncSession, ctx: TenantContext, data: RoutingTableIn) -> RoutingTableRead:
        """Replace the tenant's routing table; ``{"rules": null}`` goes back to the defaults."""
        await configuration.save_routing(db, data.rules)
        return await self._routing(db, ctx)

    async def _routing(self, db: AsyncSession, ctx: TenantContext) -> RoutingTableRead:
        own = configuration.tenant_rules(await configuration.settings_row(db))
        defaults = [rule_read(r) for r in declared_rules(ctx.hooks)]
        if own is None:
            return RoutingTableRead(source="defaults", rules=defaults, defaults=defaults)
        return RoutingTableRead(source="tenant", rules=[rule_read(r) for r in own], defaults=defaults)

    @get("/penalty-ladder")
    async def penalty_ladder(self, db: AsyncSession, ctx: TenantContext) -> PenaltyLadderSetting:
        """The tenant's penalty ladder and the presets it may choose from."""
        ladder = configuration.current_ladder(ctx.hooks, await configuration.settings_row(db))
        return self._ladder_setting(ctx, ladder)

    @put("/penalty-ladder", guards=[requires_role(*MANAGERS)])
    async def choose_penalty_ladder(
        self, db: AsyncSession, ctx: TenantContext, data: PenaltyLadderChoice
    ) -> PenaltyLadderSetting:
        """Choose one of the presets (``{"ladder_id": "core.lubricants"}``)."""
        ladder = await configuration.choose_ladder(db, ctx.hooks, data.ladder_id)
        return self._ladder_setting(ctx, ladder)

    @staticmethod
    def _ladder_setting(ctx: TenantContext, ladder: PenaltyLadder) -> PenaltyLadderSetting:
        presets = [ladder_read(p) for p in configuration.ladders(ctx.hooks).values()]
        return PenaltyLadderSetting(ladder_id=ladder.id, ladder=ladder_read(ladder), presets=presets)
