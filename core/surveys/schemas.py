"""Wire types of satisfaction questionnaires."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

#: 003 篇3 10.1.2: sent by phone, letter, on site, fax or e-mail.
Channel = Literal["phone", "letter", "on_site", "fax", "email"]
Score = Annotated[int, msgspec.Meta(ge=1, le=5)]
#: The areas the questionnaire covers, in its order.
AREAS = ("installation", "operation", "implementation", "after_sales", "training")


class ResponseCreate(msgspec.Struct, forbid_unknown_fields=True):
    """One answered questionnaire: scores 1–5 for the areas answered (at least one)."""

    customer_id: UUID
    channel: Channel
    answered_on: date
    installation: Score | None = None
    operation: Score | None = None
    implementation: Score | None = None
    after_sales: Score | None = None
    training: Score | None = None
    comments: Annotated[str, msgspec.Meta(max_length=4000)] | None = None


class ResponseRead(msgspec.Struct):
    id: UUID
    customer_id: UUID
    channel: str
    answered_on: date
    installation: int | None
    operation: int | None
    implementation: int | None
    after_sales: int | None
    training: int | None
    comments: str | None
    recorded_by: UUID
    created_at: datetime


class AreaResult(msgspec.Struct):
    """An area's answers in the period: how many, their mean score, the share satisfied (4 or 5)."""

    area: str
    answers: int
    mean: float | None
    satisfied_rate: float | None


class Results(msgspec.Struct):
    """The questionnaires answered from ``start`` to ``end`` (inclusive): per area, and how many came
    through each channel."""

    start: date
    end: date
    responses: int
    areas: list[AreaResult]
    channels: dict[str, int]
