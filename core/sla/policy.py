"""The SLA policy in force for a tenant: its own saved policy, else an enabled plugin's default,
else the core default (DOMAIN §1 SLA defaults, configurable per tenant and per plugin)."""

from __future__ import annotations

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.sla.models import SlaPolicyRow
from core.sla.types import SlaDefaults

TENANT_SOURCE = "tenant"


def plugin_default(ctx) -> SlaDefaults:
    """The enabled plugins' proposal; industry plugins answer before the core."""
    proposals = ctx.hooks.collect("shouhou_sla_defaults", settings=ctx.settings)
    industry = [p for p in proposals if p.source != "core"]
    return (industry or proposals)[0]


async def effective_policy(session: AsyncSession, ctx) -> SlaDefaults:
    row = await session.scalar(select(SlaPolicyRow))
    if row is None:
        return plugin_default(ctx)
    return msgspec.convert({**row.policy, "source": TENANT_SOURCE}, SlaDefaults)


async def save_policy(session: AsyncSession, policy: SlaDefaults) -> SlaDefaults:
    """Store the tenant's own policy (replacing any earlier one)."""
    body = msgspec.to_builtins(policy)
    body.pop("source", None)
    row = await session.scalar(select(SlaPolicyRow))
    if row is None:
        session.add(SlaPolicyRow(policy=body))
    else:
        row.policy = body
    await session.flush()
    return msgspec.convert({**body, "source": TENANT_SOURCE}, SlaDefaults)
