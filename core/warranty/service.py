"""Deciding and recording warranty claims, reading recorded decisions, publishing tables."""

from __future__ import annotations

from uuid import UUID

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.db.filters import where_given
from core.db.lookup import get_or_404
from core.eventbus import publish
from core.events import DomainEvent
from core.pagination import paginate
from core.warranty import engine
from core.warranty.claims import build_claim
from core.warranty.models import WarrantyDecision
from core.warranty.schemas import DecisionRequest, WarrantyTableRead
from tenants.context import TenantContext


async def decide(session: AsyncSession, ctx: TenantContext, data: DecisionRequest,
                 actor_id: UUID | None) -> WarrantyDecision:
    """Decide a claim and record it, with its inputs, who answered and the tenant's plugin
    settings, in the caller's transaction (nothing is recorded when the claim is refused)."""
    claim, asset = await build_claim(session, ctx, data)
    answer = engine.decide(ctx, claim, data)
    decision = answer.decision
    record = WarrantyDecision(
        asset_id=asset.id if asset is not None else None,
        asset_type=claim.asset_type,
        claim=msgspec.to_builtins(claim),
        decision=decision.decision,
        covered=decision.covered,
        charge_fen=decision.charge.amount_fen if decision.charge else None,
        currency=decision.charge.currency if decision.charge else None,
        rule_ids=list(decision.rule_ids),
        reasons=msgspec.to_builtins(decision.reasons),
        plugin=answer.plugin,
        plugin_version=answer.plugin_version,
        charged_by=answer.charged_by,
        plugin_settings={name: msgspec.to_builtins(value) for name, value in ctx.settings.items()},
        decided_by=actor_id,
    )
    session.add(record)
    await session.flush()
    await publish(session, ctx, DomainEvent(
        name="warranty.decided", tenant_id=ctx.tenant.id, subject_id=record.id, occurred_at=utcnow(),
        actor_id=actor_id,
        data={"asset_id": str(record.asset_id) if record.asset_id else None, "asset_type": record.asset_type,
              "decision": record.decision, "covered": record.covered, "charge_fen": record.charge_fen,
              "currency": record.currency, "rule_ids": list(record.rule_ids), "plugin": record.plugin},
    ))
    return record


async def get_decision(session: AsyncSession, decision_id: UUID) -> WarrantyDecision:
    return await get_or_404(session, WarrantyDecision, decision_id, "warranty decision")


async def decision_page(session: AsyncSession, asset_id: UUID | None, *, limit: int | None,
                        cursor: str | None) -> tuple[list[WarrantyDecision], str | None]:
    """One page of the recorded decisions, newest first, only those about ``asset_id`` when named."""
    stmt = where_given(select(WarrantyDecision), (WarrantyDecision.asset_id, asset_id))
    return await paginate(session, stmt, WarrantyDecision.id, limit=limit, cursor=cursor)


async def decisions_about(session: AsyncSession, asset_ids: list[UUID], limit: int) -> list[WarrantyDecision]:
    """The latest ``limit`` decisions recorded about any of ``asset_ids``, newest first."""
    if not asset_ids:
        return []
    stmt = (
        select(WarrantyDecision)
        .where(WarrantyDecision.asset_id.in_(asset_ids))
        .order_by(WarrantyDecision.id.desc())
        .limit(limit)
    )
    return list((await session.scalars(stmt)).all())


def tables(ctx: TenantContext) -> list[WarrantyTableRead]:
    """The warranty tables of the tenant's enabled plugins, with the plugin publishing each."""
    return [
        WarrantyTableRead(plugin=plugin, id=table.id, title=table.title, rows=list(table.rows))
        for plugin, items in ctx.hooks.collect_by_plugin("shouhou_warranty_tables", settings=ctx.settings).items()
        for table in items
    ]
