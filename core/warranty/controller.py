"""HTTP: warranty decisions and the enabled plugins' warranty tables."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import STAFF, requires_role
from core.auth.resource import ApiResource
from core.i18n import negotiate, pick
from core.pagination import Page
from core.warranty import service
from core.warranty.models import WarrantyDecision
from core.warranty.schemas import ChargeRead, DecisionRead, DecisionRequest, ReasonRead, WarrantyTableRead
from tenants.context import TenantContext


def decision_read(record: WarrantyDecision, locale: str) -> DecisionRead:
    """A recorded decision with its reasons in ``locale`` (and in both languages)."""
    charge = ChargeRead(record.charge_fen, record.currency) if record.charge_fen is not None else None
    return DecisionRead(
        id=record.id,
        decision=record.decision,
        covered=record.covered,
        charge=charge,
        rule_ids=list(record.rule_ids),
        reasons=[pick(r["text"], locale) for r in record.reasons],
        reasons_i18n=[ReasonRead(rule_id=r["rule_id"], text=r["text"]) for r in record.reasons],
        asset_id=record.asset_id,
        asset_type=record.asset_type,
        plugin=record.plugin,
        plugin_version=record.plugin_version,
        charged_by=record.charged_by,
        claim=record.claim,
        plugin_settings=record.plugin_settings,
        decided_by=record.decided_by,
        created_at=record.created_at,
    )


def caller_locale(request: Request) -> str:
    return negotiate(request.headers.get("accept-language"), request.user.locale)


class WarrantyController(ApiResource, path="/api/v1/warranty", tag="warranty"):
    @post("/decisions", guards=[requires_role(*STAFF)], status_code=200)
    async def decide(self, request: Request, db: AsyncSession, ctx: TenantContext, data: DecisionRequest) -> DecisionRead:
        """Decide a warranty claim (保修判定) by the enabled plugins' rules; the decision is recorded."""
        record = await service.decide(db, ctx, data, request.user.user_id)
        return decision_read(record, caller_locale(request))

    @get("/decisions")
    async def list_decisions(
        self,
        request: Request,
        db: AsyncSession,
        asset_id: UUID | None = Parameter(default=None),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[DecisionRead]:
        """Recorded decisions, newest first, optionally about one asset."""
        locale = caller_locale(request)
        return Page.of(
            await service.decision_page(db, asset_id, limit=limit, cursor=cursor),
            lambda row: decision_read(row, locale),
        )

    @get("/decisions/{decision_id:uuid}")
    async def read(self, request: Request, db: AsyncSession, decision_id: UUID) -> DecisionRead:
        """One recorded decision with the claim, plugin, version and settings it was made with."""
        return decision_read(await service.get_decision(db, decision_id), caller_locale(request))

    @get("/tables")
    async def tables(self, ctx: TenantContext) -> list[WarrantyTableRead]:
        """The warranty tables of the tenant's enabled plugins."""
        return service.tables(ctx)
