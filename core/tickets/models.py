"""Service tickets (服务单), their append-only history, charge lines and the per-tenant number counter."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.append_only import APPEND_ONLY
from core.db.base import Base, TenantScoped, tenant_fk


class Ticket(TenantScoped, Base):
    """One customer request. ``owner_id`` is the first-contact owner (首问负责人) until a logged
    hand-over; ``status`` moves only through :mod:`core.tickets.workflow`. The SLA columns are
    kept by :mod:`core.sla`: due times, the paused clock, breach marks and the escalation level."""

    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        UniqueConstraint("tenant_id", "external_id"),
        tenant_fk("customer_id", "customers"),
        tenant_fk("asset_id", "assets"),
        tenant_fk("owner_id", "users"),
        tenant_fk("created_by", "users"),
        tenant_fk("technician_id", "users"),
        tenant_fk("parent_ticket_id", "tickets"),
        # The queue's order (priority, newest first) read straight off the index: the id
        # descends in the index as it does in the ORDER BY, so no sort of the tenant's rows.
        Index("ix_tickets_queue_by_status", "tenant_id", "status", "priority_rank", text("id DESC")),
        Index("ix_tickets_queue", "tenant_id", "priority_rank", text("id DESC")),
        Index(None, "tenant_id", "customer_id"),
        # the counts per status; a person's open tickets (home) by owner or technician
        Index(None, "tenant_id", "status"),
        Index(None, "tenant_id", "owner_id", "status"),
        Index(None, "tenant_id", "technician_id", "status"),
        Index(None, "tenant_id", "resolve_by"),
        # by appointment, the earliest first (a day of visits: ``?on_day=…&sort=appointment``)
        Index(None, "tenant_id", "appointment_start", "id"),
        # the SLA breached filter: the tickets the sweep marked late (few of a tenant's)
        *(Index(f"ix_tickets_tenant_id_{mark}", "tenant_id", postgresql_where=text(f"{mark} IS NOT NULL"),
                sqlite_where=text(f"{mark} IS NOT NULL")) for mark in ("respond_breached_at", "resolve_breached_at")),
    )

    number: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="new")
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    priority_rank: Mapped[int] = mapped_column(default=2)
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    customer_id: Mapped[UUID]
    asset_id: Mapped[UUID | None]
    owner_id: Mapped[UUID]
    created_by: Mapped[UUID]
    technician_id: Mapped[UUID | None]
    parent_ticket_id: Mapped[UUID | None]

    # intake (登记)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(String(500))
    province: Mapped[str | None] = mapped_column(String(6))
    product_model: Mapped[str | None] = mapped_column(String(200))
    purchase_date: Mapped[date | None]
    serial: Mapped[str | None] = mapped_column(String(200))

    # a plugin's or the tenant's intake form
    form_id: Mapped[str | None] = mapped_column(String(200))
    form_version: Mapped[int | None]
    form_data: Mapped[dict | None]

    # workflow facts
    escalated_at: Mapped[datetime | None]
    appointment_start: Mapped[datetime | None]
    appointment_end: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    arrived_at: Mapped[datetime | None]
    departed_at: Mapped[datetime | None]
    taken_back_at: Mapped[datetime | None]
    handover_note: Mapped[str | None] = mapped_column(Text)
    promised_date: Mapped[date | None]
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None]
    signed_by: Mapped[str | None] = mapped_column(String(200))
    signature_image: Mapped[str | None] = mapped_column(Text)
    accepted_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(Text)

    # SLA (core.sla)
    respond_by: Mapped[datetime | None]
    resolve_by: Mapped[datetime | None]
    escalate_by: Mapped[datetime | None]
    responded_at: Mapped[datetime | None]
    respond_breached_at: Mapped[datetime | None]
    resolve_breached_at: Mapped[datetime | None]
    escalate_breached_at: Mapped[datetime | None]
    escalation_level: Mapped[int] = mapped_column(default=0)
    #: ``simple`` or ``complex`` (002): which resolution hours apply.
    complexity: Mapped[str | None] = mapped_column(String(10))
    #: When the sweep found a repair open past the remedy days (exchange or refund due, 001).
    remedy_due_at: Mapped[datetime | None]
    #: What the customer got: ``repaired``, ``exchange`` or ``refund``.
    remedy: Mapped[str | None] = mapped_column(String(20))
    #: When the sweep announced that the resolution is due soon (004 第十六条).
    due_soon_at: Mapped[datetime | None]
    #: The years the due times were counted through that no business calendar covers (their
    #: working days were taken as Monday–Friday); ``None`` when every year was known.
    sla_calendar_uncovered: Mapped[list | None]
    #: The technician's plan and cost estimate, and the customer's consent to them (002: 征得客户同意).
    quote_plan: Mapped[str | None] = mapped_column(Text)
    quote_fen: Mapped[int | None]
    quoted_at: Mapped[datetime | None]
    consented_by: Mapped[str | None] = mapped_column(String(200))
    consented_at: Mapped[datetime | None]
    #: The technician called the customer before leaving (000, 002).
    called_ahead_at: Mapped[datetime | None]
    #: A company customer stamped the service record at acceptance (盖章).
    stamped: Mapped[bool] = mapped_column(default=False)
    #: The service record (001): its content, whether the warranty card (保修卡) got the service
    #: date and content, and when it was filed (the same day as the service).
    record_content: Mapped[str | None] = mapped_column(Text)
    record_card_written: Mapped[bool | None]
    record_filed_at: Mapped[datetime | None]
    record_filed_by: Mapped[UUID | None]
    paused_at: Mapped[datetime | None]
    pause_reason: Mapped[str | None] = mapped_column(String(30))
    paused_seconds: Mapped[int] = mapped_column(default=0)
    #: The id the ticket has in the system it was imported from (unique in the tenant).
    external_id: Mapped[str | None] = mapped_column(String(100))

    updated_at: Mapped[datetime | None]


class TicketEvent(TenantScoped, Base):
    """One entry of a ticket's history: who did what when, with the fields before and after.
    Append-only: the application never updates or deletes a row, and the database refuses it."""

    __tablename__ = "ticket_events"
    __table_args__ = (
        tenant_fk("ticket_id", "tickets", ondelete="CASCADE"),
        Index(None, "tenant_id", "ticket_id", "id"),
        APPEND_ONLY,
    )

    ticket_id: Mapped[UUID]
    actor_id: Mapped[UUID | None]
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    before: Mapped[dict] = mapped_column(default=dict)
    after: Mapped[dict] = mapped_column(default=dict)
    data: Mapped[dict] = mapped_column(default=dict)


class TicketCharge(TenantScoped, Base):
    """A charge line: parts or labour, free (in warranty) or paid, in fen. A paid line gets its
    invoice number only once the work is resolved (先完成服务，后收费)."""

    __tablename__ = "ticket_charges"
    __table_args__ = (
        tenant_fk("ticket_id", "tickets", ondelete="CASCADE"),
        tenant_fk("created_by", "users"),
        Index(None, "tenant_id", "ticket_id"),
    )

    ticket_id: Mapped[UUID]
    kind: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(String(500))
    free: Mapped[bool]
    amount_fen: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    invoice_no: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[UUID]


class TicketCounter(TenantScoped, Base):
    """The last ticket number handed out to a tenant in a year (``SH-2026-000123``). Incremented
    with one ``UPDATE … RETURNING``; concurrent creates of the tenant take it in turn
    (:mod:`core.tickets.numbering`)."""

    __tablename__ = "ticket_counters"
    __table_args__ = (UniqueConstraint("tenant_id", "year"),)

    year: Mapped[int]
    last: Mapped[int] = mapped_column(default=0)


class TicketForm(TenantScoped, Base):
    """A form filled for a ticket after intake (the intake form stays on the ticket), with the
    version it was filled with: e.g. the service feedback form signed on site (DOMAIN §7)."""

    __tablename__ = "ticket_forms"
    __table_args__ = (
        tenant_fk("ticket_id", "tickets", ondelete="CASCADE"),
        tenant_fk("filled_by", "users"),
        Index(None, "tenant_id", "ticket_id", "form_id"),
    )

    ticket_id: Mapped[UUID]
    form_id: Mapped[str] = mapped_column(String(200))
    form_version: Mapped[int]
    data: Mapped[dict]
    filled_by: Mapped[UUID | None]
