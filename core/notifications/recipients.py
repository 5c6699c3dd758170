"""Queueing a message to the people it is for: the staff on each of the tenant's staff channels,
the customer on its customer channel. The contexts that tell someone something (ticket and
revisit notices, the service operations' reminders) call these in their own transaction."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.models import User
from core.customers.models import Customer
from core.notifications.service import Recipient, adapters, load_settings, notify, notify_all
from tenants.context import TenantContext


async def notify_staff(session: AsyncSession, ctx: TenantContext, *, key: str, user_ids: list[UUID], dedupe: str,
                       variables: dict, ticket_id: UUID | None) -> None:
    """Queue ``key`` on each of the tenant's staff channels: one message per user on an e-mail
    channel (in the user's language), one per group on a group robot."""
    settings = await load_settings(session)
    known = adapters(ctx)
    users = []
    if user_ids:
        stmt = select(User).where(User.id.in_(set(user_ids)), User.is_active.is_(True)).order_by(User.id)
        users = list((await session.scalars(stmt)).all())
    for channel in settings.staff_channels:
        kind = known[channel].recipient if channel in known else None
        if kind == "email":
            recipients = [Recipient(user.email, f"{dedupe}:{channel}:{user.id}", user.locale) for user in users]
        elif kind == "group" and users:
            recipients = [Recipient("group", f"{dedupe}:{channel}")]
        else:
            continue
        await notify_all(session, ctx, key=key, channel=channel, recipients=recipients, variables=variables,
                         ticket_id=ticket_id)


async def notify_customer(session: AsyncSession, ctx: TenantContext, *, key: str, customer_id: UUID | None, dedupe: str,
                          variables: dict, phone: str | None = None, ticket_id: UUID | None = None,
                          due: datetime | None = None) -> None:
    """Queue ``key`` to the customer on the tenant's customer channel, at ``due`` or after the
    quiet hours: to ``phone`` (a ticket's contact phone) when given, else the customer's."""
    settings = await load_settings(session)
    if not phone and customer_id is not None:
        phone = await session.scalar(select(Customer.phone).where(Customer.id == customer_id))
    await notify(session, ctx, key=key, recipient=phone or None, channel=settings.customer_channel,
                 dedupe_key=dedupe, variables=variables, ticket_id=ticket_id, due=due)
