"""Computing the monthly service-quality report with a few grouped queries.

The month is a calendar month in the tenant's time zone. Tickets and complaints count when they
were *created* in the month; revisits when they were *due* in it (see :mod:`core.revisits.stats`);
chat replies when they were *sent* in it, by the verdict stored with each (see :mod:`core.chat.stats`).

SLA compliance of the month's tickets: a ticket *met* its response target when it was responded
to no later than ``respond_by``; it *missed* it when it was responded to later, or is still
unanswered past ``respond_by``. Tickets still inside their window are not counted. The same
holds for resolution with ``resolved_at`` and ``resolve_by``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, time
from uuid import UUID

import msgspec
from dateutil.relativedelta import relativedelta
from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.models import User
from core.chat.service import ANSWER, GREETING
from core.chat.stats import Count, chat_counts
from core.complaints.models import Complaint
from core.db.base import utcnow
from core.months import parse_month
from core.reads import read_of
from core.reports.schemas import (
    ChatSection,
    ComplaintSection,
    Rate,
    RecordCount,
    ServiceQualityReport,
    StaffRow,
    TicketSection,
)
from core.revisits.models import Revisit
from core.revisits.rules import REACHED
from core.revisits.schemas import RevisitRates
from core.revisits.stats import month_stats
from core.tickets.models import Ticket
from core.tickets.records import filed_same_day, had_field_work
from core.timezones import tenant_zone


def month_bounds(month: str, zone) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's first instant, as aware datetimes."""
    first = parse_month(month)
    start = datetime.combine(first, time(), zone)
    return start, datetime.combine(first + relativedelta(months=1), time(), zone)


async def created_in(session: AsyncSession, model, start: datetime, end: datetime, *columns) -> Sequence[Row]:
    """The ``columns`` of the ``model``'s rows created from ``start`` up to ``end`` (excluded)."""
    return (await session.execute(select(*columns).where(model.created_at >= start, model.created_at < end))).all()


def sla_rate(rows, done_at: str, due_by: str, now: datetime) -> Rate:
    """Count met and missed targets; open tickets still inside their window are left out."""
    met = total = 0
    for row in rows:
        due, done = getattr(row, due_by), getattr(row, done_at)
        if due is None or (done is None and due >= now):
            continue
        total += 1
        met += done is not None and done <= due
    return rate_of(met, total)


def rate_of(met: int, total: int) -> Rate:
    """``met`` of ``total``, the rate rounded to four places (``None`` when nothing counted)."""
    return Rate(met=met, total=total, rate=round(met / total, 4) if total else None)


def chat_section(counts: dict[str, Count]) -> ChatSection:
    """003 篇4: greetings within the greeting time, answers within the answer time."""
    return ChatSection(greetings=rate_of(*counts[GREETING]), answers=rate_of(*counts[ANSWER]))


async def service_quality(session: AsyncSession, tenant, month: str) -> ServiceQualityReport:
    zone = tenant_zone(tenant)
    start, end = month_bounds(month, zone)
    now = utcnow()
    tickets = await created_in(
        session, Ticket, start, end,
        Ticket.id, Ticket.kind, Ticket.status, Ticket.channel, Ticket.owner_id, Ticket.technician_id,
        Ticket.respond_by, Ticket.responded_at, Ticket.resolve_by, Ticket.resolved_at,
        Ticket.arrived_at, Ticket.taken_back_at, Ticket.record_filed_at, Ticket.record_card_written,
    )
    complaints = await created_in(
        session, Complaint, start, end,
        Complaint.type, Complaint.step, Complaint.valid, Complaint.batch_quality, Complaint.against_user_id,
    )
    first = parse_month(month)
    revisits = (
        await session.execute(
            select(Revisit.outcome, Ticket.technician_id)
            .join(Ticket, Ticket.id == Revisit.ticket_id)
            .where(Revisit.due_by >= first, Revisit.due_by < first + relativedelta(months=1))
        )
    ).all()
    stats = await month_stats(session, month, zone)
    chat = chat_section(await chat_counts(session, start, end))
    users = {u.id: u for u in (await session.scalars(select(User))).all()}
    return ServiceQualityReport(
        month=stats.month,
        timezone=str(zone),
        tickets=TicketSection(
            created=len(tickets),
            by_kind=dict(Counter(t.kind for t in tickets)),
            by_status=dict(Counter(t.status for t in tickets)),
            by_channel=dict(Counter(t.channel for t in tickets)),
            respond_sla=sla_rate(tickets, "responded_at", "respond_by", now),
            resolve_sla=sla_rate(tickets, "resolved_at", "resolve_by", now),
            service_records=record_count(tickets, zone),
        ),
        chat=chat,
        complaints=ComplaintSection(
            created=len(complaints),
            by_type=dict(Counter(c.type for c in complaints)),
            by_step=dict(Counter(c.step for c in complaints)),
            substantiated=sum(1 for c in complaints if c.valid),
            batch_quality=sum(1 for c in complaints if c.batch_quality),
        ),
        revisits=read_of(RevisitRates, stats),
        technicians=_staff_rows(users, tickets, "technician_id", revisits, complaints, now),
        agents=_staff_rows(users, tickets, "owner_id", (), complaints, now),
    )


def record_count(tickets, zone) -> RecordCount:
    """001: every resolved visit or take-back owes a record, handed in the day of the work."""
    due = [t for t in tickets if t.resolved_at is not None and had_field_work(t)]
    filed = [t for t in due if t.record_filed_at is not None]
    return RecordCount(
        due=len(due), filed=len(filed), filed_same_day=sum(1 for t in filed if filed_same_day(t, zone)),
        card_written=sum(1 for t in filed if t.record_card_written),
    )


def _staff_rows(users: dict[UUID, User], tickets, key: str, revisits, complaints, now) -> list[StaffRow]:
    """One row per person the month's tickets name in ``key`` (technician or owner)."""
    rows = []
    against = Counter(c.against_user_id for c in complaints if c.valid)
    for user_id in sorted({getattr(t, key) for t in tickets if getattr(t, key)}, key=str):
        theirs = [t for t in tickets if getattr(t, key) == user_id]
        calls = [r for r in revisits if r.technician_id == user_id and r.outcome in REACHED]
        user = users.get(user_id)
        rows.append(
            StaffRow(
                user_id=user_id,
                name=user.name if user else "",
                employee_no=user.employee_no if user else None,
                role=user.role if user else "",
                tickets=len(theirs),
                resolved=sum(1 for t in theirs if t.resolved_at is not None),
                resolve_sla=sla_rate(theirs, "resolved_at", "resolve_by", now),
                revisits_reached=len(calls),
                revisits_satisfied=sum(1 for r in calls if r.outcome == "satisfied"),
                complaints_against=against[user_id],
            )
        )
    return rows


def rate_text(rate: Rate) -> str:
    """``met/total (rate%)`` for the CSV."""
    return f"{rate.met}/{rate.total}" + (f" ({rate.rate:.2%})" if rate.rate is not None else "")


def to_csv_rows(report: ServiceQualityReport) -> list[list[str]]:
    """The report as rows of (section, item, value) and the staff tables, for the CSV export."""
    rows: list[list[str]] = [["section", "item", "value"]]
    t, c, r = report.tickets, report.complaints, report.revisits
    rows.append(["tickets", "created", str(t.created)])
    for name, counts in (("kind", t.by_kind), ("status", t.by_status), ("channel", t.by_channel)):
        rows += [["tickets", f"{name}:{k}", str(v)] for k, v in sorted(counts.items())]
    rows += [["tickets", name, rate_text(rate)] for name, rate in (("respond_sla", t.respond_sla), ("resolve_sla", t.resolve_sla))]
    rows += [["tickets", f"service_records:{k}", str(v)] for k, v in msgspec.structs.asdict(t.service_records).items()]
    rows += [["chat", "greetings", rate_text(report.chat.greetings)], ["chat", "answers", rate_text(report.chat.answers)]]
    rows.append(["complaints", "created", str(c.created)])
    rows += [["complaints", f"type:{k}", str(v)] for k, v in sorted(c.by_type.items())]
    rows += [["complaints", f"step:{k}", str(v)] for k, v in sorted(c.by_step.items())]
    rows += [["complaints", "substantiated", str(c.substantiated)], ["complaints", "batch_quality", str(c.batch_quality)]]
    rows += [["revisits", name, "" if value is None else str(value)] for name, value in msgspec.structs.asdict(r).items()]
    rows.append([])
    rows.append(["staff", "role", "name", "employee_no", "tickets", "resolved", "resolve_sla_met", "resolve_sla_total",
                 "revisits_reached", "revisits_satisfied", "complaints_against"])
    for table, people in (("technician", report.technicians), ("agent", report.agents)):
        rows += [
            [table, p.role, p.name, p.employee_no or "", str(p.tickets), str(p.resolved), str(p.resolve_sla.met),
             str(p.resolve_sla.total), str(p.revisits_reached), str(p.revisits_satisfied), str(p.complaints_against)]
            for p in people
        ]
    return rows


def default_month(tenant) -> str:
    """This month in the tenant's zone."""
    return f"{utcnow().astimezone(tenant_zone(tenant)):%Y-%m}"
