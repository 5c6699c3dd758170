"""The ticket worklist and the history, one page at a time.

The worklist is a queue: urgent requests first (紧急维修需求优先处理), then by priority, newest
first within a priority; its cursor carries the priority and the last id. It can also be read
newest or oldest first, or by appointment, the earliest first (a technician's day). The history
reads oldest first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, and_, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.customers import queries as customers_q
from core.customers.models import Customer
from core.customers.queries import MIN_PHONE_DIGITS
from core.db.loaded import column_values
from core.db.search import MIN_INDEXED_TERM, grams_contain, member_of
from core.errors import Invalid, NotFound
from core.pagination import check_limit, decode_cursor, encode_cursor, paginate
from core.related import all_of, latest_of, rows_by_id, rows_of
from core.tickets.models import Ticket, TicketEvent
from core.tickets.workflow import DONE, STATES
from core.timezones import day_span, tenant_today

SLA_STATES = ("on_track", "paused", "breached", "met")
#: The statuses not done, as a list an index on ``(…, status)`` reads as ranges (``NOT IN DONE``
#: makes it read the done tickets too, most of a tenant's).
UNFINISHED = tuple(s for s in STATES if s not in DONE)


async def check_ticket(session: AsyncSession, ticket_id: UUID | None, field: str = "ticket_id") -> None:
    """422 on ``field`` unless ``ticket_id`` (if given) is a ticket of the session's tenant."""
    if ticket_id is not None and await session.scalar(select(Ticket.id).where(Ticket.id == ticket_id)) is None:
        raise Invalid(field, "no such ticket")


def sla_state(ticket: Ticket, now: datetime) -> str:
    """``paused``, ``breached`` (marked by the sweep, or a due time passed on an open ticket),
    ``met`` (done within the due times) or ``on_track``."""
    return sla_state_of(column_values(ticket), now)


def sla_state_of(t: Mapping[str, Any], now: datetime) -> str:
    """:func:`sla_state` of a ticket's column values (:func:`core.db.loaded.column_values`)."""
    if t["paused_at"] is not None:
        return "paused"
    overdue = t["status"] not in DONE and (
        (t["responded_at"] is None and t["respond_by"] is not None and t["respond_by"] < now)
        or (t["resolve_by"] is not None and t["resolve_by"] < now)
    )
    if t["respond_breached_at"] or t["resolve_breached_at"] or overdue:
        return "breached"
    return "met" if t["status"] in DONE else "on_track"


def _breached(now: datetime) -> ColumnElement[bool]:
    """Marked by the sweep, or overdue and unfinished: three arms PostgreSQL reads as one
    ``BitmapOr`` of index ranges (the partial indexes of the marks, ``(tenant_id, status)``)."""
    overdue = and_(
        Ticket.status.in_(UNFINISHED),
        or_(and_(Ticket.responded_at.is_(None), Ticket.respond_by < now), Ticket.resolve_by < now),
    )
    return or_(Ticket.respond_breached_at.is_not(None), Ticket.resolve_breached_at.is_not(None), overdue)


def sla_state_clause(state: str, now: datetime) -> ColumnElement[bool]:
    """The SQL twin of :func:`sla_state`."""
    running = Ticket.paused_at.is_(None)
    clauses = {
        "paused": not_(running),
        "breached": and_(running, _breached(now)),
        "met": and_(running, not_(_breached(now)), Ticket.status.in_(DONE)),
        "on_track": and_(running, not_(_breached(now)), Ticket.status.not_in(DONE)),
    }
    if state not in clauses:
        raise Invalid("sla_state", f"one of: {', '.join(SLA_STATES)}")
    return clauses[state]


#: Tickets on a technician's day even without an appointment that day: they are at work on them.
AT_WORK = ("on_site",)


@dataclass(frozen=True)
class Day:
    """A day of visits in the tenant's zone: the tickets whose appointment starts in ``[start,
    end)``, and, when the day is the tenant's today, those at work now (:data:`AT_WORK`) whatever
    their appointment."""

    start: datetime
    end: datetime
    today: bool

    @classmethod
    def of(cls, tenant, day: date, now: datetime) -> Day:
        """``day`` where the tenant is (DOMAIN §0)."""
        start, end = day_span(tenant, day)
        return cls(start, end, day == tenant_today(tenant, now))

    def clause(self) -> ColumnElement[bool]:
        booked = and_(Ticket.appointment_start >= self.start, Ticket.appointment_start < self.end)
        return or_(booked, Ticket.status.in_(AT_WORK)) if self.today else booked


#: ``status=open``: every status that is not done.
OPEN = "open"
#: Longest search term (a phone number, a ticket number, words of a subject).
MAX_TERM = 100


@dataclass(frozen=True)
class QueueFilter:
    """What a queue shows, the same for the API (``GET /api/v1/tickets``) and the console's queue:
    each field narrows it, ``None`` leaves it open."""

    status: str | None = None
    kind: str | None = None
    owner_id: UUID | None = None
    customer_id: UUID | None = None
    technician_id: UUID | None = None
    sla_state: str | None = None
    #: Due (resolve by) at or before this time and not done yet.
    due_before: datetime | None = None
    #: Ticket number, subject, description, contact phone, or the customer (name, phone in any
    #: format, address, an asset's serial, plate or ICCID).
    q: str | None = None
    #: Visits of that day (:class:`Day`).
    on_day: Day | None = None


def search_clause(term: str) -> ColumnElement[bool]:
    """The tickets matching ``term`` (see :attr:`QueueFilter.q`): its customer's file, the
    ticket's number, subject and description, its contact phone; a term of one or two characters
    is looked for in the subject only (see :mod:`core.db.search`)."""
    like = f"%{term}%"
    digits = re.sub(r"\D", "", term)
    customers = select(Customer.id).where(customers_q.search_clause(term)).scalar_subquery()
    own = ([Ticket.number.ilike(like), Ticket.subject.ilike(like), Ticket.description.ilike(like)]
           if len(term) >= MIN_INDEXED_TERM else [grams_contain(Ticket.subject, term)])
    return or_(
        member_of(Ticket.customer_id, customers),
        *own,
        *([Ticket.contact_phone.contains(digits)] if len(digits) >= MIN_PHONE_DIGITS else []),
    )


def queue_statement(f: QueueFilter, now: datetime) -> Select:
    """The tickets ``f`` selects (unordered: :func:`queue_page` orders and pages them). A bad
    value is a 422 naming its field."""
    stmt = select(Ticket)
    if f.status == OPEN:
        stmt = stmt.where(Ticket.status.not_in(DONE))
    elif f.status is not None:
        if f.status not in STATES:
            raise Invalid("status", f"one of: {OPEN}, {', '.join(STATES)}")
        stmt = stmt.where(Ticket.status == f.status)
    for column, value in ((Ticket.kind, f.kind), (Ticket.owner_id, f.owner_id),
                          (Ticket.customer_id, f.customer_id), (Ticket.technician_id, f.technician_id)):
        if value is not None:
            stmt = stmt.where(column == value)
    if f.sla_state is not None:
        stmt = stmt.where(sla_state_clause(f.sla_state, now))
    if f.due_before is not None:
        stmt = stmt.where(Ticket.status.not_in(DONE), Ticket.resolve_by <= f.due_before)
    if f.q is not None and f.q.strip():
        if len(f.q) > MAX_TERM:
            raise Invalid("q", f"must be at most {MAX_TERM} characters")
        stmt = stmt.where(search_clause(f.q.strip()))
    if f.on_day is not None:
        stmt = stmt.where(f.on_day.clause())
    return stmt


async def status_counts(session: AsyncSession, f: QueueFilter, now: datetime) -> dict[str, int]:
    """How many tickets ``f`` selects in each status (its own status left open): one ``GROUP BY``."""
    inner = queue_statement(replace(f, status=None), now).with_only_columns(Ticket.status).subquery()
    rows = await session.execute(select(inner.c.status, func.count()).group_by(inner.c.status))
    return dict(rows.all())


_NOT_A_CURSOR = "not a cursor returned by this list"


def _queue_cursor(cursor: str) -> tuple[int, UUID]:
    rank, _, last = cursor.partition(".")
    if not rank.isdigit() or not last:
        raise Invalid("cursor", _NOT_A_CURSOR)
    return int(rank), decode_cursor(last)


def queue_ranges(stmt: Select, cursor: str | None) -> list[Select]:
    """The statements that read one page of ``stmt`` in queue order, each an index range on
    ``(tenant_id, priority_rank, id DESC)``. After a cursor: the rest of the cursor's priority,
    then the lower priorities — a single ``rank > r OR (rank = r AND id < last)`` predicate would
    make the database step over every row before the cursor, however deep it is."""
    if not cursor:
        return [stmt.order_by(Ticket.priority_rank, Ticket.id.desc())]
    rank, last = _queue_cursor(cursor)
    return [
        stmt.where(Ticket.priority_rank == rank, Ticket.id < last).order_by(Ticket.id.desc()),
        stmt.where(Ticket.priority_rank > rank).order_by(Ticket.priority_rank, Ticket.id.desc()),
    ]


def _queue_cursor_of(ticket: Ticket) -> str:
    return f"{ticket.priority_rank}.{encode_cursor(ticket.id)}"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _appointment_cursor_of(ticket: Ticket) -> str:
    """The appointment's start in microseconds since the epoch (``-`` for none) and the id."""
    start = ticket.appointment_start
    at = "-" if start is None else str((start - _EPOCH) // timedelta(microseconds=1))
    return f"{at}.{encode_cursor(ticket.id)}"


def appointment_ranges(stmt: Select, cursor: str | None) -> list[Select]:
    """The statements that read one page of ``stmt`` by appointment, the earliest first (equal
    starts by id), those without one last, each an index range on ``(tenant_id,
    appointment_start, id)``: after a cursor, the rest of its start, the later starts, then the
    unscheduled."""
    start = Ticket.appointment_start
    unscheduled = stmt.where(start.is_(None)).order_by(Ticket.id)
    if not cursor:
        return [stmt.where(start.is_not(None)).order_by(start, Ticket.id), unscheduled]
    at, _, last = cursor.partition(".")
    if not re.fullmatch(r"-|-?\d{1,18}", at) or not last:
        raise Invalid("cursor", _NOT_A_CURSOR)
    last_id = decode_cursor(last)
    if at == "-":
        return [unscheduled.where(Ticket.id > last_id)]
    try:
        when = _EPOCH + timedelta(microseconds=int(at))
    except OverflowError:
        raise Invalid("cursor", _NOT_A_CURSOR) from None
    return [stmt.where(start == when, Ticket.id > last_id).order_by(Ticket.id),
            stmt.where(start > when).order_by(start, Ticket.id), unscheduled]


#: The orders of the queue: urgent first (then newest), newest first, oldest first, the earliest
#: appointment first (those without one last).
SORTS = ("priority", "newest", "oldest", "appointment")


async def queue_page(
    session: AsyncSession, stmt: Select, *, limit: int | None, cursor: str | None, sort: str = "priority"
) -> tuple[list[Ticket], str | None]:
    """One page of ``stmt`` in ``sort`` order and the cursor of the next (``None`` on the last).
    Urgent first or by appointment reads a few index ranges in turn, each only while the page is
    not full (:func:`queue_ranges`, :func:`appointment_ranges`); newest or oldest first one range
    of the ``(tenant_id, id)`` key (ids grow with time)."""
    if sort not in SORTS:
        raise Invalid("sort", f"one of: {', '.join(SORTS)}")
    size = check_limit(limit)
    if sort in ("newest", "oldest"):
        return await paginate(session, stmt, Ticket.id, limit=size, cursor=cursor, oldest_first=sort == "oldest")
    ranges, cursor_of = ((queue_ranges(stmt, cursor), _queue_cursor_of) if sort == "priority"
                         else (appointment_ranges(stmt, cursor), _appointment_cursor_of))
    rows: list[Ticket] = []
    for ranged in ranges:
        rows += (await session.scalars(ranged.limit(size + 1 - len(rows)))).all()
        if len(rows) > size:
            break
    if len(rows) <= size:
        return rows, None
    return rows[:size], cursor_of(rows[size - 1])


async def history_page(
    session: AsyncSession, ticket_id: UUID, *, limit: int | None, cursor: str | None
) -> tuple[list[TicketEvent], str | None]:
    stmt = select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
    return await paginate(session, stmt, TicketEvent.id, limit=limit, cursor=cursor, oldest_first=True)


async def created_event(session: AsyncSession, ticket_id: UUID) -> TicketEvent | None:
    """The event of the ticket's taking in (登记): what it was filed with, its warranty decision's id."""
    stmt = select(TicketEvent).where(TicketEvent.ticket_id == ticket_id, TicketEvent.action == "created")
    return await session.scalar(stmt.order_by(TicketEvent.id).limit(1))


async def open_owned_by(session: AsyncSession, user_id: UUID) -> list[Ticket]:
    """The tickets ``user_id`` owns (首问负责人) that are not done yet, oldest first."""
    stmt = select(Ticket).where(Ticket.owner_id == user_id, Ticket.status.not_in(DONE)).order_by(Ticket.id)
    return list((await session.scalars(stmt)).all())


async def existing_ids(session: AsyncSession, ids: set[UUID]) -> set[UUID]:
    """Which of ``ids`` are tickets of the current tenant."""
    if not ids:
        return set()
    return set(await session.scalars(select(Ticket.id).where(Ticket.id.in_(ids))))


async def of_customer(session: AsyncSession, customer_id: UUID, limit: int) -> list[Ticket]:
    """A customer's latest ``limit`` tickets, newest first (the customer page's history)."""
    return await latest_of(session, Ticket.customer_id, customer_id, limit)


async def all_of_customer(session: AsyncSession, customer_id: UUID) -> list[Ticket]:
    """Every ticket of a customer, oldest first (a personal information report or erasure)."""
    return await all_of(session, Ticket.customer_id, customer_id)


async def events_of_tickets(session: AsyncSession, ticket_ids: list[UUID]) -> list[TicketEvent]:
    """The history of several tickets the caller has read, oldest first, in one query."""
    return await rows_of(session, TicketEvent.ticket_id, ticket_ids, TicketEvent.id)


def unfinished(tickets: list[Ticket]) -> list[Ticket]:
    """The tickets whose service is not finished (not resolved, accepted, closed or cancelled)."""
    return [t for t in tickets if t.status not in DONE]



async def tickets_by_id(session: AsyncSession, ids: Iterable[UUID | None]) -> dict[UUID, Ticket]:
    """The tickets named by records the caller already reads (a revisit's ticket, its follow-up),
    in one query."""
    return await rows_by_id(session, Ticket, ids)

# -- "my work today" (the console's home page) ---------------------------------------------------

async def my_open_tickets(session: AsyncSession, user_id: UUID, limit: int) -> list[Ticket]:
    """Open tickets the user owns or works on as the technician, the soonest due first (those
    without a due time last)."""
    stmt = (select(Ticket)
            .where(Ticket.status.in_(UNFINISHED), or_(Ticket.owner_id == user_id, Ticket.technician_id == user_id))
            .order_by(Ticket.resolve_by.is_(None), Ticket.resolve_by, Ticket.id).limit(limit))
    return list((await session.scalars(stmt)).all())


async def awaiting_confirmation(session: AsyncSession, user_id: UUID | None, limit: int) -> list[Ticket]:
    """Visits scheduled that the customer has not confirmed yet, the earliest first: the user's own
    (as owner or technician), or everyone's (``user_id`` ``None``)."""
    stmt = select(Ticket).where(Ticket.status == "scheduled")
    if user_id is not None:
        stmt = stmt.where(or_(Ticket.owner_id == user_id, Ticket.technician_id == user_id))
    stmt = stmt.order_by(Ticket.appointment_start.is_(None), Ticket.appointment_start, Ticket.id).limit(limit)
    return list((await session.scalars(stmt)).all())


async def escalated_to(session: AsyncSession, user_id: UUID, since: datetime, limit: int) -> list[tuple[Ticket, TicketEvent]]:
    """Open tickets escalated to the user since ``since``, the latest escalation first."""
    stmt = (select(Ticket, TicketEvent)
            .join(TicketEvent, and_(TicketEvent.ticket_id == Ticket.id, TicketEvent.tenant_id == Ticket.tenant_id))
            .where(TicketEvent.action == "escalate", TicketEvent.created_at >= since,
                   TicketEvent.data["to_user_id"].as_string() == str(user_id), Ticket.status.not_in(DONE))
            .order_by(TicketEvent.id.desc()).limit(limit))
    return [(ticket, event) for ticket, event in (await session.execute(stmt)).all()]


# -- the technician's day (the console's my-day page) --------------------------------------------

async def technician_ticket(session: AsyncSession, technician_id: UUID, ticket_id: UUID) -> Ticket:
    """A ticket assigned to the technician; any other is not found (404)."""
    ticket = await session.scalar(select(Ticket).where(Ticket.id == ticket_id))
    if ticket is None or ticket.technician_id != technician_id:
        raise NotFound("no such ticket on your day")
    return ticket
