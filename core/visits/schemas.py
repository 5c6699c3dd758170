"""Wire types of residential projects, seasonal inspection visits and New Year campaigns."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]
Prefix = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Year = Annotated[int, msgspec.Meta(ge=2000, le=2100)]


class ProjectCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A dwelling or project handed over to ``customer_id`` on ``handover_date`` (not ahead of
    today), under warranty for ``warranty_months``; ``asset_id`` is the dwelling as the customer's
    asset, when tickets are opened about it."""

    customer_id: UUID
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    address: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    handover_date: date
    warranty_months: Annotated[int, msgspec.Meta(ge=1, le=1200)]
    asset_id: UUID | None = None
    owner_id: UUID | None = None


class WarrantyYear(msgspec.Struct):
    """One warranty year of a project: its days and its revisits due and done."""

    year: int
    first_day: date
    last_day: date
    revisits: int
    done: int


class ProjectTerms(msgspec.Struct):
    """What a repair costs on ``on``: ``in_warranty`` (parts and labour free),
    ``material_cost_only`` (after the warranty: parts at cost, labour free) or ``before_handover``."""

    on: date
    terms: str
    warranty_last_day: date
    parts_charged: bool
    labour_charged: bool


class ProjectRead(msgspec.Struct):
    id: UUID
    customer_id: UUID
    asset_id: UUID | None
    name: str
    address: str
    handover_date: date
    warranty_months: int
    warranty_last_day: date
    owner_id: UUID | None
    terms_today: str
    created_at: datetime
    years: list[WarrantyYear] | None = None


class SeasonCreate(msgspec.Struct, forbid_unknown_fields=True):
    """Generate the inspection visits of ``season`` of ``year`` (winter: from December of
    ``year``) for every customer owning an asset (of the type ``asset_type_prefix``)."""

    season: Literal["summer", "winter"]
    year: Year
    asset_type_prefix: Prefix | None = None


class SeasonProgress(msgspec.Struct):
    visits: int
    assigned: int
    done: int


class SeasonRead(msgspec.Struct):
    id: UUID
    season: str
    year: int
    first_day: date
    last_day: date
    asset_type_prefix: str | None
    created_by: UUID | None
    created_at: datetime
    progress: SeasonProgress
    added: int | None = None


class VisitAssign(msgspec.Struct, forbid_unknown_fields=True):
    technician_id: UUID


class VisitDone(msgspec.Struct, forbid_unknown_fields=True):
    """Done on ``done_on`` (today, the tenant's, when left out; not ahead of it, nor before the
    season), with what the inspection found and did."""

    findings: Text
    done_on: date | None = None


class VisitRead(msgspec.Struct):
    id: UUID
    campaign_id: UUID
    customer_id: UUID
    technician_id: UUID | None
    status: str
    findings: str | None
    done_on: date | None
    done_by: UUID | None


class NewYearCreate(msgspec.Struct, forbid_unknown_fields=True):
    """The campaign of ``year`` (this year, the tenant's, when left out): only in its December."""

    year: Year | None = None


class NewYearProgress(msgspec.Struct):
    contacts: int
    new_customers: int
    gifts_sent: int
    needs_recorded: int


class NewYearRead(msgspec.Struct):
    id: UUID
    year: int
    created_by: UUID | None
    created_at: datetime
    progress: NewYearProgress


class ContactRecord(msgspec.Struct, forbid_unknown_fields=True):
    """The gift sent on ``gift_sent_on`` (not ahead of today) and the customer's needs for the
    next year, as they stated them."""

    gift_sent_on: date | None = None
    needs: Annotated[str, msgspec.Meta(min_length=1, max_length=4000)] | None = None


class ContactRead(msgspec.Struct):
    id: UUID
    campaign_id: UUID
    customer_id: UUID
    new_customer: bool
    gift_sent_on: date | None
    needs: str | None
    recorded_at: datetime | None
    recorded_by: UUID | None
