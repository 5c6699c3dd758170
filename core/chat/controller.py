"""HTTP: the chat transcript of an online-chat ticket."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import STAFF, requires_role
from core.auth.resource import ApiResource
from core.chat import service
from core.chat.models import ChatMessage
from core.chat.schemas import MessageIn, MessageRead
from core.pagination import Page
from core.timezones import tenant_zone
from tenants.context import TenantContext


def message_read(message: ChatMessage, tenant) -> MessageRead:
    """A message as the API shows it, its time in the tenant's zone."""
    return MessageRead(
        id=message.id, ticket_id=message.ticket_id, sender=message.sender, author_id=message.author_id,
        body=message.body, sent_at=message.sent_at.astimezone(tenant_zone(tenant)), measure=message.measure,
        wait_seconds=message.wait_seconds, on_time=message.on_time,
    )


class ChatController(ApiResource, path="/api/v1/tickets/{ticket_id:uuid}/messages", tag="chat"):
    @post("/", guards=[requires_role(*STAFF)])
    async def post_message(
        self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID, data: MessageIn
    ) -> Response:
        """Add a message to an online-chat ticket (staff; an agent message is written by the caller); an
        agent reply is measured against the greeting or answer time (003 篇4)."""
        return await idempotency.create_once(
            db, request,
            lambda: service.post_message(db, ctx, ticket_id, data, request.user),
            lambda message: message_read(message, ctx.tenant),
        )

    @get("/")
    async def transcript(
        self,
        db: AsyncSession,
        ctx: TenantContext,
        ticket_id: UUID,
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[MessageRead]:
        """The chat transcript, oldest first, each agent reply with its wait and whether it was on time."""
        return Page.of(
            await service.transcript_page(db, ticket_id, limit=limit, cursor=cursor),
            lambda message: message_read(message, ctx.tenant),
        )
