"""Online chat (在线, DOMAIN §1 SLA defaults, 003 篇4): a chat ticket's transcript, each agent
reply measured against the SLA policy: greet a new visitor within ``chat_greet_seconds`` (15 s at
an online shop), answer each question within ``chat_answer_seconds`` (20 s).

* The first agent reply to the ticket's first customer message is the *greeting*; every later agent
  reply that answers a pending customer message is an *answer*.
* The wait counts from the earliest unanswered customer message (consecutive customer messages are
  one question); of consecutive agent messages only the first after a customer message is measured.
* ``on_time`` is judged once, when the reply is recorded, with the policy then in force (``None``
  when the policy sets no target), so reports read the stored verdict.
* The transcript only grows: a message may not be dated before its last message, so imported
  transcripts come in order and nothing recorded is measured again.
* The ticket's first agent message is its response (``responded_at``), kept in the ticket history.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple
from uuid import UUID

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.chat.models import ChatMessage
from core.chat.schemas import MessageIn
from core.db.base import utcnow
from core.errors import Conflict, Invalid
from core.pagination import check_limit, decode_cursor, encode_cursor
from core.related import rows_of
from core.sla.policy import effective_policy
from core.sla.types import SlaDefaults
from core.tickets.history import record, snapshot
from core.tickets.models import Ticket
from core.tickets.service import actor_id_of, get_ticket
from core.timezones import tenant_zone
from tenants.context import TenantContext

CHAT_CHANNEL = "online_chat"
#: Tickets that take no more messages.
FINISHED = ("closed", "cancelled")
GREETING, ANSWER = "greeting", "answer"


class Pending(NamedTuple):
    """The customer question an agent message would answer: since when it waits, and whether
    answering it is the greeting or an answer."""

    since: datetime
    measure: str


class Verdict(NamedTuple):
    """A measured reply: greeting or answer, the whole seconds waited, on time (``None``: no target)."""

    measure: str
    wait_seconds: int
    on_time: bool | None


def pending_question(transcript: Sequence[tuple[str, datetime]]) -> Pending | None:
    """What an agent message added to ``transcript`` (``(sender, sent_at)`` in order) answers:
    ``None`` when no customer message waits (nothing yet, or an agent spoke last)."""
    first = start = None
    for index, (sender, _at) in enumerate(transcript):
        if sender == "customer":
            first = index if first is None else first
            start = index if start is None else start
        else:
            start = None
    if start is None:
        return None
    return Pending(transcript[start][1], GREETING if start == first else ANSWER)


def judge(pending: Pending, sent_at: datetime, policy: SlaDefaults) -> Verdict:
    """The wait in whole seconds (a started second counts) against the greeting or answer target."""
    wait = max(math.ceil((sent_at - pending.since).total_seconds()), 0)
    target = policy.chat_greet_seconds if pending.measure == GREETING else policy.chat_answer_seconds
    return Verdict(pending.measure, wait, None if target is None else wait <= target)


async def chat_ticket(session: AsyncSession, ticket_id: UUID, *, for_update: bool = False) -> Ticket:
    """The ticket, which must have come in by online chat (409 on ``channel`` otherwise)."""
    ticket = await get_ticket(session, ticket_id, for_update=for_update)
    if ticket.channel != CHAT_CHANNEL:
        raise Conflict(f"only online-chat tickets have a chat transcript; this one came in by {ticket.channel}",
                       [("channel", f"must be {CHAT_CHANNEL}")])
    return ticket


def _sent_at(data: MessageIn, ctx: TenantContext, now: datetime) -> datetime:
    if data.sent_at is None:
        return now
    sent_at = data.sent_at if data.sent_at.tzinfo else data.sent_at.replace(tzinfo=tenant_zone(ctx.tenant))
    if sent_at > now:
        raise Invalid("sent_at", "cannot be in the future")
    return sent_at


async def _senders(session: AsyncSession, ticket_id: UUID) -> list[tuple[str, datetime]]:
    stmt = (select(ChatMessage.sender, ChatMessage.sent_at).where(ChatMessage.ticket_id == ticket_id)
            .order_by(ChatMessage.sent_at, ChatMessage.id))
    return [(row.sender, row.sent_at) for row in (await session.execute(stmt)).all()]


async def post_message(session: AsyncSession, ctx: TenantContext, ticket_id: UUID, data: MessageIn,
                       actor) -> ChatMessage:
    """Add a message to a chat ticket's transcript; an agent's reply is measured and the first one
    is the ticket's response. An agent message names the caller (the route admits staff only)."""
    ticket = await chat_ticket(session, ticket_id, for_update=True)
    if ticket.status in FINISHED:
        raise Conflict(f"a {ticket.status} ticket takes no more messages", [("status", ticket.status)])
    if not data.body.strip():
        raise Invalid("body", "must not be blank")
    now = utcnow()
    sent_at = _sent_at(data, ctx, now)
    transcript = await _senders(session, ticket.id)
    if transcript and sent_at < transcript[-1][1]:
        raise Invalid("sent_at", f"cannot be before the transcript's last message ({transcript[-1][1].isoformat()})")
    actor_id = actor_id_of(actor)
    message = ChatMessage(ticket_id=ticket.id, sender=data.sender, body=data.body, sent_at=sent_at,
                          author_id=actor_id if data.sender == "agent" else None)
    if data.sender == "agent" and (pending := pending_question(transcript)) is not None:
        verdict = judge(pending, sent_at, await effective_policy(session, ctx))
        message.measure, message.wait_seconds, message.on_time = verdict
    session.add(message)
    await session.flush()
    if data.sender == "agent" and ticket.responded_at is None:
        await _respond(session, ticket, message, actor_id, now)
    return message


async def _respond(session: AsyncSession, ticket: Ticket, message: ChatMessage, actor_id, now: datetime) -> None:
    """The first agent message reaches the customer: it is the ticket's response."""
    before = snapshot(ticket)
    ticket.responded_at, ticket.updated_at = message.sent_at, now
    await record(session, ticket, actor_id, "chat_reply", before, from_status=ticket.status,
                 data={"message_id": message.id, "wait_seconds": message.wait_seconds, "on_time": message.on_time})


async def messages_of_tickets(session: AsyncSession, ticket_ids: list[UUID]) -> list[ChatMessage]:
    """The chat messages of several tickets the caller has read, oldest first, in one query."""
    return await rows_of(session, ChatMessage.ticket_id, ticket_ids, ChatMessage.sent_at, ChatMessage.id)


async def transcript(session: AsyncSession, ticket_id: UUID) -> list[ChatMessage]:
    """The whole transcript of a ticket, oldest first (for the ticket page)."""
    stmt = select(ChatMessage).where(ChatMessage.ticket_id == ticket_id).order_by(ChatMessage.sent_at, ChatMessage.id)
    return list((await session.scalars(stmt)).all())


async def transcript_page(
    session: AsyncSession, ticket_id: UUID, *, limit: int | None, cursor: str | None
) -> tuple[list[ChatMessage], str | None]:
    """One page of a chat ticket's transcript, oldest first (404 for an unknown ticket, 409 when it
    is not a chat); the cursor is the last message of a page."""
    await chat_ticket(session, ticket_id)
    size = check_limit(limit)
    stmt = select(ChatMessage).where(ChatMessage.ticket_id == ticket_id)
    if cursor:
        after = decode_cursor(cursor)
        after_at = await session.scalar(
            select(ChatMessage.sent_at).where(ChatMessage.ticket_id == ticket_id, ChatMessage.id == after)
        )
        if after_at is None:
            raise Invalid("cursor", "not a cursor returned by this list")
        stmt = stmt.where(or_(ChatMessage.sent_at > after_at, and_(ChatMessage.sent_at == after_at, ChatMessage.id > after)))
    ordered = stmt.order_by(ChatMessage.sent_at, ChatMessage.id).limit(size + 1)
    rows = list((await session.scalars(ordered)).all())
    next_cursor = encode_cursor(rows[size - 1].id) if len(rows) > size else None
    return rows[:size], next_cursor
