"""Reading complaints for the board: counts per step by ``GROUP BY``, the newest cards of every
column in one statement, and one column page by page (cursor), filtered by type and a search.

The search looks at the complaining customer's file (name, phone, address, assets: the customers'
own search) and the complaint's description and demand (read, not indexed: a company has
hundreds of complaints where it has a hundred thousand tickets).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.complaints.models import Complaint
from core.customers import queries as customers_q
from core.customers.models import Customer
from core.db.search import member_of
from core.errors import Invalid
from core.pagination import paginate

#: The longest search term.
MAX_TERM = 100


@dataclass(frozen=True)
class BoardFilter:
    """What the board shows: one type or all, and a search term."""

    type: str | None = None
    q: str | None = None


def _where(f: BoardFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if f.type:
        clauses.append(Complaint.type == f.type)
    term = (f.q or "").strip()
    if term:
        if len(term) > MAX_TERM:
            raise Invalid("q", f"must be at most {MAX_TERM} characters")
        customers = select(Customer.id).where(customers_q.search_clause(term)).scalar_subquery()
        like = f"%{term}%"
        clauses.append(or_(member_of(Complaint.customer_id, customers), Complaint.description.ilike(like),
                           Complaint.demand.ilike(like)))
    return clauses


async def counts_by_step(session: AsyncSession, f: BoardFilter) -> dict[str, int]:
    """How many complaints ``f`` selects at each step: one ``GROUP BY``."""
    rows = await session.execute(select(Complaint.step, func.count()).where(*_where(f)).group_by(Complaint.step))
    return dict(rows.all())


async def newest_by_step(session: AsyncSession, f: BoardFilter, per_step: int) -> dict[str, list[Complaint]]:
    """The newest ``per_step`` complaints of every step, in one statement (a row number per step)."""
    ranked = (select(Complaint.id, func.row_number().over(partition_by=Complaint.step, order_by=Complaint.id.desc())
                     .label("rank")).where(*_where(f)).subquery())
    stmt = (select(Complaint).join(ranked, ranked.c.id == Complaint.id).where(ranked.c.rank <= per_step)
            .order_by(Complaint.id.desc()))
    columns: dict[str, list[Complaint]] = {}
    for complaint in (await session.scalars(stmt)).all():
        columns.setdefault(complaint.step, []).append(complaint)
    return columns


def column_statement(f: BoardFilter, step: str) -> Select:
    """The complaints of one step that ``f`` selects (page it with :func:`column_page`)."""
    return select(Complaint).where(Complaint.step == step, *_where(f))


async def column_page(session: AsyncSession, f: BoardFilter, step: str, *, limit: int,
                      cursor: str | None) -> tuple[list[Complaint], str | None]:
    """One page of a step's complaints, newest first, and the cursor of the next."""
    return await paginate(session, column_statement(f, step), Complaint.id, limit=limit, cursor=cursor)
