"""Wire types of agents, their transactions and payments, and the monthly rebate statement."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

import msgspec

from core.months import MONTH_PATTERN

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Note = Annotated[str, msgspec.Meta(max_length=1000)]
#: A positive amount of fen (0 is refused: nothing happened).
Fen = Annotated[int, msgspec.Meta(gt=0, le=10**13)]
Month = Annotated[str, msgspec.Meta(pattern=MONTH_PATTERN, description="YYYY-MM")]


class AgentCreate(msgspec.Struct):
    """A new agent (代理商) and its rebate in percent: 0 to 100, at most two decimals (``"3.5"``
    or ``3.5``)."""

    name: Name
    rebate_percent: Decimal
    contact: Name | None = None
    active: bool = True


class AgentUpdate(msgspec.Struct):
    """A change to an agent: only the fields given change. A new percent applies to transactions
    recorded from then on."""

    rebate_percent: Decimal | msgspec.UnsetType = msgspec.UNSET
    active: bool | msgspec.UnsetType = msgspec.UNSET


class AgentRead(msgspec.Struct):
    id: UUID
    name: str
    contact: str | None
    rebate_percent: Decimal
    active: bool
    created_at: datetime
    updated_at: datetime


class TransactionCreate(msgspec.Struct):
    """Business the agent brought (交易金额); ``occurred_on`` defaults to today in the tenant's zone."""

    amount_fen: Fen
    occurred_on: date | None = None
    note: Note | None = None


class TransactionRead(msgspec.Struct):
    id: UUID
    agent_id: UUID
    occurred_on: date
    amount_fen: int
    rebate_percent: Decimal
    note: str | None
    recorded_by: UUID | None
    created_at: datetime


class PaymentCreate(msgspec.Struct):
    """A rebate paid to the agent (实际返傭); ``paid_on`` defaults to today in the tenant's zone."""

    amount_fen: Fen
    paid_on: date | None = None
    note: Note | None = None


class PaymentRead(msgspec.Struct):
    id: UUID
    agent_id: UUID
    paid_on: date
    amount_fen: int
    note: str | None
    recorded_by: UUID | None
    created_at: datetime


class StatementLine(msgspec.Struct):
    """One agent's figures: the month's transactions, rebate and payments, and, up to the month's
    end, the rebate earned, the rebate paid and what is still to pay (待返 = earned − paid)."""

    agent_id: UUID
    agent_name: str
    rebate_percent: Decimal
    transactions_fen: int
    rebate_fen: int
    paid_fen: int
    earned_to_date_fen: int
    paid_to_date_fen: int
    pending_fen: int


class StatementTotals(msgspec.Struct):
    transactions_fen: int
    rebate_fen: int
    paid_fen: int
    pending_fen: int


class StatementRead(msgspec.Struct):
    """A month's rebate statement: live (computed now) until issued, frozen once issued."""

    month: str
    due_on: date
    issued: bool
    issued_at: datetime | None
    issued_by: UUID | None
    on_time: bool | None
    currency: str
    lines: list[StatementLine]
    totals: StatementTotals


class StatementIssue(msgspec.Struct):
    """Issue (freeze) the statement of a month that is over."""

    month: Month


class StatementSummary(msgspec.Struct):
    month: str
    due_on: date
    issued_at: datetime
    issued_by: UUID | None
    on_time: bool
    agents: int
    totals: StatementTotals
