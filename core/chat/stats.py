"""What the monthly report counts of online chat: the measured greetings and answers of a period,
and how many were on time, from the verdicts stored with each reply."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.chat.models import ChatMessage
from core.chat.service import ANSWER, GREETING


class Count(NamedTuple):
    """Replies on time (``met``) of those judged (``total``)."""

    met: int
    total: int


async def chat_counts(session: AsyncSession, start: datetime, end: datetime) -> dict[str, Count]:
    """``{"greeting": Count, "answer": Count}`` for the replies sent in ``[start, end)`` that were
    judged against a target (replies measured without one are left out)."""
    stmt = (
        select(ChatMessage.measure, ChatMessage.on_time, func.count())
        .where(ChatMessage.sent_at >= start, ChatMessage.sent_at < end, ChatMessage.on_time.is_not(None))
        .group_by(ChatMessage.measure, ChatMessage.on_time)
    )
    counts = {GREETING: Count(0, 0), ANSWER: Count(0, 0)}
    for measure, on_time, number in (await session.execute(stmt)).all():
        met, total = counts[measure]
        counts[measure] = Count(met + (number if on_time else 0), total + number)
    return counts
