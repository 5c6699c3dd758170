"""Reading breaches for the API and the console alike: newest first, optionally one person's."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.filters import where_given
from core.fines.ladder import LADDER
from core.fines.models import StaffBreach
from core.fines.schemas import BreachRead
from core.pagination import paginate

LABELS = {step.level: dict(step.label) for step in LADDER.steps}


async def breach_page(session: AsyncSession, *, user_id: UUID | None = None, limit: int | None,
                      cursor: str | None) -> tuple[list[StaffBreach], str | None]:
    """One page of the tenant's breaches, newest first (one person's when ``user_id``)."""
    stmt = where_given(select(StaffBreach), (StaffBreach.user_id, user_id))
    return await paginate(session, stmt, StaffBreach.id, limit=limit, cursor=cursor)


def breach_read(breach: StaffBreach) -> BreachRead:
    """The wire form of a breach, its rung's label in every language."""
    return BreachRead(
        id=breach.id, user_id=breach.user_id, rule=breach.rule, occurred_on=breach.occurred_on,
        description=breach.description, in_charge_id=breach.in_charge_id, recorded_by=breach.recorded_by,
        count=breach.count, level=breach.level, label=LABELS[breach.level], fine_fen=breach.fine_fen,
        in_charge_fine_fen=breach.in_charge_fine_fen, status=breach.status, decided_by=breach.decided_by,
        decided_at=breach.decided_at, decision_note=breach.decision_note, created_at=breach.created_at,
    )
