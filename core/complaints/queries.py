"""Reading complaints, for the API's list and the console's board alike: counts per step by
``GROUP BY``, the newest cards of every column in one statement, and one list (or one column)
page by page (cursor), filtered by step, type, customer, staff member and a search.

The search looks at the complaining customer's file (name, phone, address, assets: the customers'
own search) and the complaint's description and demand (read, not indexed: a company has
hundreds of complaints where it has a hundred thousand tickets).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import ColumnElement, func, or_, select
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
class ComplaintFilter:
    """Which complaints a list shows: the API's list names any of these, the console's board a
    type and a search term (and a column its step)."""

    type: str | None = None
    q: str | None = None
    step: str | None = None
    customer_id: UUID | None = None
    against_user_id: UUID | None = None


def _where(f: ComplaintFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = [
        column == value
        for column, value in ((Complaint.type, f.type), (Complaint.step, f.step),
                              (Complaint.customer_id, f.customer_id), (Complaint.against_user_id, f.against_user_id))
        if value
    ]
    term = (f.q or "").strip()
    if term:
        if len(term) > MAX_TERM:
            raise Invalid("q", f"must be at most {MAX_TERM} characters")
        customers = select(Customer.id).where(customers_q.search_clause(term)).scalar_subquery()
        like = f"%{term}%"
        clauses.append(or_(member_of(Complaint.customer_id, customers), Complaint.description.ilike(like),
                           Complaint.demand.ilike(like)))
    return clauses


async def counts_by_step(session: AsyncSession, f: ComplaintFilter) -> dict[str, int]:
    """How many complaints ``f`` selects at each step: one ``GROUP BY``."""
    rows = await session.execute(select(Complaint.step, func.count()).where(*_where(f)).group_by(Complaint.step))
    return dict(rows.all())


async def newest_by_step(session: AsyncSession, f: ComplaintFilter, per_step: int) -> dict[str, list[Complaint]]:
    """The newest ``per_step`` complaints of every step, in one statement (a row number per step)."""
    ranked = (select(Complaint.id, func.row_number().over(partition_by=Complaint.step, order_by=Complaint.id.desc())
                     .label("rank")).where(*_where(f)).subquery())
    stmt = (select(Complaint).join(ranked, ranked.c.id == Complaint.id).where(ranked.c.rank <= per_step)
            .order_by(Complaint.id.desc()))
    columns: dict[str, list[Complaint]] = {}
    for complaint in (await session.scalars(stmt)).all():
        columns.setdefault(complaint.step, []).append(complaint)
    return columns


async def complaint_page(session: AsyncSession, f: ComplaintFilter, *, limit: int | None,
                         cursor: str | None) -> tuple[list[Complaint], str | None]:
    """One page of the complaints ``f`` selects, newest first, and the cursor of the next: the
    API's list, and a board column (``f.step``) in the console."""
    return await paginate(session, select(Complaint).where(*_where(f)), Complaint.id, limit=limit, cursor=cursor)
