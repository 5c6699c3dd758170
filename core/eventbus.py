"""Publishing domain events: core subscribers first (in the command's transaction, errors
propagate), then the enabled plugins' reaction hooks, each in its own SAVEPOINT: a plugin that
raises is rolled back alone, logged, counted and recorded for the tenant's admin, and the core's
write stands."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.events import DomainEvent, EventContext
from core.plugin_faults.service import record as record_faults
from tenants.context import TenantContext

Subscriber = Callable[[Any, TenantContext, DomainEvent], Awaitable[None]]
_subscribers: dict[str, list[Subscriber]] = defaultdict(list)

#: Which reaction hook hears which events, by the event name's first part.
REACTION_HOOKS = {
    "ticket": "shouhou_ticket_event",
    "complaint": "shouhou_complaint_event",
    "revisit": "shouhou_revisit_event",
    "asset": "shouhou_asset_event",
    "installation": "shouhou_asset_event",
}


def subscribe(event_name: str) -> Callable[[Subscriber], Subscriber]:
    """Register a core subscriber ``async def handler(session, ctx, event)`` for an event name
    (``"*"`` for all)."""

    def register(handler: Subscriber) -> Subscriber:
        if handler not in _subscribers[event_name]:
            _subscribers[event_name].append(handler)
        return handler

    return register


async def publish(session: AsyncSession, ctx: TenantContext, event: DomainEvent) -> None:
    """Tell core subscribers and the tenant's enabled plugins that ``event`` happened.
    ``ctx`` is the :class:`tenants.context.TenantContext` of the tenant."""
    for handler in (*_subscribers.get(event.name, ()), *_subscribers.get("*", ())):
        await handler(session, ctx, event)
    hook = REACTION_HOOKS.get(event.name.split(".", 1)[0])
    if hook:
        faults = await ctx.hooks.react(
            hook,
            session=session,
            event=event,
            ctx=EventContext(session=session, plugin_settings=ctx.settings, locale=ctx.tenant.locale),
        )
        if faults:
            await record_faults(session, faults, event)
