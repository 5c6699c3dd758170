"""Agents (代理商) who earn a rebate on the business they bring, their transactions, the rebates
paid to them, and the monthly statements issued from them (DOMAIN §11, 003 交易返傭服務)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import BigInteger, CheckConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow


def agent_ledger_args(day: str) -> tuple:
    """The keys of an agent's ledger (its transactions, its payments): the agent and who recorded
    the row, a positive amount, and lookups by agent and ``day`` and by ``day`` alone."""
    return (
        tenant_fk("agent_id", "rebate_agents"),
        tenant_fk("recorded_by", "users"),
        CheckConstraint("amount_fen > 0", name="amount_positive"),
        Index(None, "tenant_id", "agent_id", day),
        Index(None, "tenant_id", day),
    )


class RebateAgent(TenantScoped, Base):
    """An agent and the rebate it earns, in percent of its transactions (a decimal string with at
    most two decimals, ``"3.50"``, so no float ever touches money)."""

    __tablename__ = "rebate_agents"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    name: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(200))
    rebate_percent: Mapped[str] = mapped_column(String(6))
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RebateTransaction(TenantScoped, Base):
    """Business an agent brought on a day (交易金额). ``rebate_percent`` is the agent's percent when
    the transaction was recorded: changing the percent later does not rewrite what was earned."""

    __tablename__ = "rebate_transactions"
    __table_args__ = agent_ledger_args("occurred_on")

    agent_id: Mapped[UUID]
    occurred_on: Mapped[date]
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    rebate_percent: Mapped[str] = mapped_column(String(6))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[UUID | None]


class RebatePayment(TenantScoped, Base):
    """A rebate actually paid to an agent (实际返傭金额)."""

    __tablename__ = "rebate_payments"
    __table_args__ = agent_ledger_args("paid_on")

    agent_id: Mapped[UUID]
    paid_on: Mapped[date]
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[UUID | None]


class RebateStatement(TenantScoped, Base):
    """The month's rebate statement (返傭报表) as issued: its lines are frozen, one per agent.
    ``due_on`` is the 6th of the following month; ``on_time`` says whether it was issued by then."""

    __tablename__ = "rebate_statements"
    __table_args__ = (
        UniqueConstraint("tenant_id", "month"),
        tenant_fk("issued_by", "users"),
    )

    month: Mapped[str] = mapped_column(String(7))
    due_on: Mapped[date]
    issued_at: Mapped[datetime]
    issued_by: Mapped[UUID | None]
    on_time: Mapped[bool]
    lines: Mapped[list] = mapped_column(default=list)
