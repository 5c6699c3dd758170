"""HTTP: the revisit worklist, outcomes, settings and monthly rates."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import msgspec
from litestar import Request, Response, get, post, put
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import DESK, MANAGERS, STAFF, requires_role
from core.auth.resource import ApiResource
from core.i18n import pick
from core.pagination import Page
from core.reads import read_of
from core.revisits import service, topics
from core.revisits.models import Revisit, RevisitReason
from core.revisits.policy import load_policy, save_policy
from core.revisits.rules import rules_by_id
from core.revisits.schemas import (
    Channel,
    OutcomeIn,
    ReasonRead,
    RevisitCreate,
    RevisitRead,
    RevisitSettingsIO,
    RevisitStats,
)
from core.revisits.stats import month_stats
from core.revisits.types import RevisitRule
from core.revisits.worklist import worklist
from core.timezones import tenant_zone
from tenants.context import TenantContext


def revisit_read(revisit: Revisit, reasons: list[RevisitReason], ctx: TenantContext, locale: str,
                 rules: dict[str, RevisitRule], avoid_topics: list[str] | None = None) -> RevisitRead:
    """A revisit as the API shows it: times in the tenant's zone, every merged reason, the topics
    it may cover and (read one by one) those an earlier call covered already."""
    zone = tenant_zone(ctx.tenant)
    return read_of(
        RevisitRead, revisit,
        scheduled_at=revisit.scheduled_at.astimezone(zone),
        reason="；".join(pick(r.text, locale) for r in reasons),
        reasons=[
            ReasonRead(rule_id=r.rule_id, text=pick(r.text, locale), texts=r.text, event_date=r.event_date,
                       notice_step=r.notice_step)
            for r in reasons
        ],
        rule_ids=list(dict.fromkeys(r.rule_id for r in reasons)),
        topics=revisit.topics or [],
        topic_choices={k: pick(v, locale) for k, v in topics.vocabulary(reasons, rules).items()},
        avoid_topics=avoid_topics or [],
        completed_at=revisit.completed_at.astimezone(zone) if revisit.completed_at else None,
        created_at=revisit.created_at.astimezone(zone),
    )


async def _read_one(db: AsyncSession, ctx: TenantContext, revisit: Revisit, locale: str) -> RevisitRead:
    reasons = (await service.reasons_of(db, [revisit.id]))[revisit.id]
    rules = rules_by_id(ctx)
    avoid = await topics.covered_before(db, revisit, reasons, rules)
    return revisit_read(revisit, reasons, ctx, locale, rules, avoid)


class RevisitController(ApiResource, path="/api/v1/revisits", tag="revisits"):
    @get("/")
    async def list_revisits(
        self,
        request: Request,
        db: AsyncSession,
        ctx: TenantContext,
        due_before: date | None = Parameter(default=None, description="window opens on or before this date"),
        status: str | None = Parameter(default=None, description="open, done or unreachable"),
        customer_id: UUID | None = Parameter(default=None),
        channel: Channel | None = Parameter(default=None, description="e.g. letter: the letter register"),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[RevisitRead]:
        """The revisit worklist (回访清单), earliest deadline (``due_by``) first; ``channel=letter``
        is the letter register (DOMAIN 8.6)."""
        rows, next_cursor = await worklist(
            db, due_before=due_before, status=status, customer_id=customer_id, limit=limit, cursor=cursor,
            channel=channel,
        )
        reasons = await service.reasons_of(db, [r.id for r in rows])
        locale = request.user.locale
        rules = rules_by_id(ctx)
        return Page(items=[revisit_read(r, reasons[r.id], ctx, locale, rules) for r in rows], next_cursor=next_cursor)

    @post("/", guards=[requires_role(*DESK)])
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext, data: RevisitCreate) -> Response:
        """Book a revisit by hand; it merges with an open one of the customer within the
        de-duplication days."""
        return await idempotency.create_once(
            db, request,
            lambda: service.book(db, ctx, **msgspec.structs.asdict(data)),
            lambda revisit: _read_one(db, ctx, revisit, request.user.locale),
        )

    @get("/{revisit_id:uuid}")
    async def read(self, request: Request, db: AsyncSession, ctx: TenantContext, revisit_id: UUID) -> RevisitRead:
        """One revisit with every reason merged into it."""
        revisit = await service.get_revisit(db, revisit_id)
        return await _read_one(db, ctx, revisit, request.user.locale)

    @post("/{revisit_id:uuid}/outcome", status_code=200, guards=[requires_role(*STAFF)])
    async def outcome(
        self, request: Request, db: AsyncSession, ctx: TenantContext, revisit_id: UUID, data: OutcomeIn
    ) -> RevisitRead:
        """Record the call's outcome; ``unsatisfied`` or a new need opens a linked follow-up
        ticket, ``unreachable`` books the call again."""
        outcome = service.OutcomeInput(
            outcome=data.outcome,
            notes=data.notes,
            survey=msgspec.to_builtins(data.survey) if data.survey else None,
            new_need=data.new_need,
            callback_at=data.callback_at,
            topics=tuple(data.topics),
        )
        revisit = await service.record_outcome(db, ctx, revisit_id, outcome, request.user.user_id)
        return await _read_one(db, ctx, revisit, request.user.locale)

    @get("/settings")
    async def read_settings(self, db: AsyncSession) -> RevisitSettingsIO:
        """Quiet hours, de-duplication days and unreachable attempts of the tenant."""
        policy = await load_policy(db)
        return RevisitSettingsIO(**policy.__dict__)

    @put("/settings", guards=[requires_role(*MANAGERS)])
    async def write_settings(self, db: AsyncSession, ctx: TenantContext, data: RevisitSettingsIO) -> RevisitSettingsIO:
        """Change the tenant's revisit settings; open calls in new quiet hours move out of them."""
        policy = await save_policy(db, tenant_zone(ctx.tenant), msgspec.structs.asdict(data))
        await service.reschedule_open(db, ctx, policy)
        return RevisitSettingsIO(**policy.__dict__)

    @get("/stats")
    async def stats(
        self, db: AsyncSession, ctx: TenantContext, month: str = Parameter(description="YYYY-MM")
    ) -> RevisitStats:
        """Completion, on-time and satisfaction rates of the revisits due in ``month``."""
        return read_of(RevisitStats, await month_stats(db, month, tenant_zone(ctx.tenant)))
