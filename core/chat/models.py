"""The messages of an online-chat ticket, each agent reply with the wait it is measured by."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow


class ChatMessage(TenantScoped, Base):
    """One message of a ticket's chat transcript, from the customer or an agent.

    An agent reply to a pending customer message is measured (003 篇4): ``measure`` is
    ``greeting`` (the first reply to the ticket's first customer message) or ``answer``,
    ``wait_seconds`` counts from the earliest unanswered customer message, ``on_time`` compares it
    with the policy in force when the reply was recorded (``None`` when the policy sets no target).
    Customer messages and agent messages that answer nothing pending carry no measure.
    """

    __tablename__ = "chat_messages"
    __table_args__ = (
        tenant_fk("ticket_id", "tickets", ondelete="CASCADE"),
        tenant_fk("author_id", "users"),
        Index(None, "tenant_id", "ticket_id", "sent_at"),
        Index(None, "tenant_id", "sent_at"),
    )

    ticket_id: Mapped[UUID]
    #: ``customer`` or ``agent``.
    sender: Mapped[str] = mapped_column(String(10))
    #: The agent who wrote it; ``None`` for the customer.
    author_id: Mapped[UUID | None]
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: ``greeting`` or ``answer`` for a measured agent reply.
    measure: Mapped[str | None] = mapped_column(String(10))
    wait_seconds: Mapped[int | None]
    on_time: Mapped[bool | None]
