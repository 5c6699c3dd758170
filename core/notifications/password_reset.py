"""The password-reset e-mail: queued in the tenant's notification outbox (kind
``auth.password_reset``, zh_Hans first, English second) and sent at once; the worker retries it
if the mail server was away.

The accounts (``core.auth``) know nothing of the outbox: the app hands :func:`send_reset_link` to
them as ``app.state.send_reset_link``, which the API's and the console's reset requests run after
their answer."""

from __future__ import annotations

import hashlib

from core.auth.service import ResetLink
from core.db.tenancy import bind_tenant
from core.notifications.service import deliver_now, notify
from core.settings import Settings
from tenants.context import load_context


def reset_url(settings: Settings, token: str) -> str:
    """The link in the e-mail, on the configured public address (never a request's Host)."""
    return f"{settings.public_url.rstrip('/')}/reset-password?token={token}"


async def send_reset_link(session_maker, plugins, settings: Settings, link: ResetLink | None) -> None:
    """Queue and send the link when there is one (run after the answer is sent, so the answer's
    timing says nothing about whether the account exists). The link's token is in the body only
    until the message is delivered or given up."""
    if link is None:
        return
    async with session_maker() as session:
        bind_tenant(session, link.tenant_id)
        async with session.begin():
            ctx = await load_context(session, plugins, link.tenant_id)
            row = await notify(
                session, ctx, key="auth.password_reset", recipient=link.email, channel="email",
                dedupe_key=f"auth.password_reset:{hashlib.sha256(link.token.encode()).hexdigest()}",
                variables={"email": link.email, "minutes": settings.reset_ttl_seconds // 60,
                           "url": reset_url(settings, link.token)},
            )
    if row is not None:
        await deliver_now(session_maker, plugins, link.tenant_id, row.id)
