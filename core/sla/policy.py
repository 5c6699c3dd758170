"""The SLA policy in force for a tenant: its own saved policy, else an enabled plugin's default,
else the core default (DOMAIN §1 SLA defaults, configurable per tenant and per plugin)."""

from __future__ import annotations

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import Invalid
from core.sla.models import SlaPolicyRow
from core.sla.schemas import SlaPolicyIn
from core.sla.types import DEFAULT_LADDER, EscalationRung, SlaDefaults
from tenants import cache
from tenants.context import TenantContext

TENANT_SOURCE = "tenant"


#: The resolution rule is one of these, taken whole from one proposal (never hours from one plugin
#: and working days from another).
RESOLUTION = ("resolve_hours", "resolve_working_days")
NEUTRAL = SlaDefaults(source="")


def compose(proposals: list[SlaDefaults]) -> SlaDefaults:
    """Several plugins' proposals as one policy: each target from the first proposal that sets it
    (differs from the default), so two enabled plugins keep what each adds (one plugin's chat
    targets next to another's on-site hours); the resolution rule from the first proposal that
    has one; ``source`` names them all (``lubricants+ecommerce``)."""
    if len(proposals) == 1:
        return proposals[0]
    values: dict = {}
    for name in NEUTRAL.__struct_fields__:
        if name in RESOLUTION or name == "source":
            continue
        default = getattr(NEUTRAL, name)
        values[name] = next((v for p in proposals if (v := getattr(p, name)) != default), default)
    resolver = next((p for p in proposals if any(getattr(p, f) is not None for f in RESOLUTION)), NEUTRAL)
    values |= {f: getattr(resolver, f) for f in RESOLUTION}
    return SlaDefaults(source="+".join(p.source for p in proposals), **values)


def plugin_default(ctx: TenantContext) -> SlaDefaults:
    """The enabled plugins' proposals composed; industry plugins replace the core's."""
    proposals = ctx.hooks.collect("shouhou_sla_defaults", settings=ctx.settings)
    industry = [p for p in proposals if p.source != "core"]
    return compose(industry or proposals)


async def effective_policy(session: AsyncSession, ctx: TenantContext) -> SlaDefaults:
    """The tenant's own policy, else its plugins' (cached per node at the tenant's configuration
    version, :mod:`tenants.cache`)."""

    async def load() -> SlaDefaults:
        row = await session.scalar(select(SlaPolicyRow))
        if row is None:
            return plugin_default(ctx)
        return msgspec.convert({**row.policy, "source": TENANT_SOURCE}, SlaDefaults)

    return await cache.cached(ctx.tenant, ("sla_policy", *cache.plugins_key(ctx.hooks.manager)), load)


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


def policy_from(data: SlaPolicyIn) -> SlaDefaults:
    """Check what the wire types cannot: a working day that ends after it starts, one resolution
    rule, distinct ladder levels."""
    if data.workday_end <= data.workday_start:
        raise Invalid("workday_end", "must be after workday_start")
    if data.resolve_hours is not None and data.resolve_working_days is not None:
        raise Invalid("resolve_working_days", "give resolve_hours or resolve_working_days, not both")
    ladder = DEFAULT_LADDER
    if data.escalation_ladder is not None:
        if len({r.level for r in data.escalation_ladder}) != len(data.escalation_ladder):
            raise Invalid("escalation_ladder", "levels must be distinct")
        ladder = tuple(EscalationRung(r.level, r.role, r.after_minutes) for r in data.escalation_ladder)
    body = {**msgspec.to_builtins(data), "escalation_ladder": msgspec.to_builtins(ladder)}
    return msgspec.convert({**body, "source": TENANT_SOURCE}, SlaDefaults)
