"""Wire types of revisits."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

Channel = Literal["phone", "sms", "letter", "visit", "email"]
Outcome = Literal["satisfied", "neutral", "unsatisfied", "unreachable", "sent"]
Score = Annotated[int, msgspec.Meta(ge=1, le=5, description="1 (poor) to 5 (excellent)")]
Text = Annotated[str, msgspec.Meta(max_length=4000)]


class Survey(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """The satisfaction survey card (顾客意见调查卡, DOMAIN §3): scores 1–5 and a suggestion."""

    attitude: Score | None = None
    technical_ability: Score | None = None
    punctuality: Score | None = None
    service_items: Score | None = None
    suggestion: Text | None = None


class OutcomeIn(msgspec.Struct, forbid_unknown_fields=True):
    """A call's result. ``callback_at``: the time a busy customer asked to be called again."""

    outcome: Outcome
    notes: Text | None = None
    survey: Survey | None = None
    new_need: Text | None = None
    callback_at: datetime | None = None
    topics: Annotated[list[Annotated[str, msgspec.Meta(min_length=1, max_length=100)]], msgspec.Meta(max_length=20)] = []


class RevisitCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A revisit booked by hand; ``due_from``/``due_by`` are the window's first and last day."""

    customer_id: UUID
    due_from: date
    due_by: date
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    channel: Channel = "phone"
    script_id: str | None = None
    ticket_id: UUID | None = None
    asset_id: UUID | None = None


class ReasonRead(msgspec.Struct):
    rule_id: str
    text: str
    texts: dict[str, str]
    event_date: date
    notice_step: int | None


class RevisitRead(msgspec.Struct):
    id: UUID
    customer_id: UUID
    ticket_id: UUID | None
    asset_id: UUID | None
    complaint_id: UUID | None
    due_from: date
    due_by: date
    scheduled_at: datetime
    channel: str
    script_id: str | None
    reason: str
    reasons: list[ReasonRead]
    rule_ids: list[str]
    status: str
    attempts: int
    outcome: str | None
    notes: str | None
    survey: dict | None
    new_need: str | None
    follow_up_ticket_id: UUID | None
    topics: list[str]
    topic_choices: dict[str, str]
    avoid_topics: list[str]
    completed_at: datetime | None
    completed_by: UUID | None
    created_at: datetime


class RevisitSettingsIO(msgspec.Struct, forbid_unknown_fields=True):
    """A tenant's revisit settings. ``quiet_hours``: local ``[start, end)`` pairs; an end before
    the start wraps over midnight."""

    quiet_hours: list[list[str]]
    dedupe_days: Annotated[int, msgspec.Meta(ge=0, le=90)] = 3
    max_attempts: Annotated[int, msgspec.Meta(ge=1, le=20)] = 3
    retry_after_hours: Annotated[int, msgspec.Meta(ge=1, le=168)] = 4


class RevisitRates(msgspec.Struct):
    """The counts and rates of a month's revisits (see :mod:`core.revisits.stats`): the monthly
    report's revisit section, and :class:`RevisitStats` with its month."""

    due: int
    completed: int
    on_time: int
    satisfied: int
    completion_rate: float | None
    on_time_rate: float | None
    satisfaction_rate: float | None


class RevisitStats(RevisitRates):
    """Rates of the revisits due in ``month`` (see :mod:`core.revisits.stats`)."""

    month: str
