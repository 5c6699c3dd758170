"""The monthly service-quality report."""

from __future__ import annotations

from uuid import UUID

import msgspec

from core.revisits.schemas import RevisitRates


class Rate(msgspec.Struct):
    """``met`` of ``total``; ``rate`` is ``None`` when nothing counted."""

    met: int
    total: int
    rate: float | None


class RecordCount(msgspec.Struct):
    """Service records (DOMAIN 1.15/1.16, 001): ``due`` for the month's resolved tickets that had a
    visit or a take-back; how many were filed, filed on the day of the work, with the warranty
    card written up."""

    due: int
    filed: int
    filed_same_day: int
    card_written: int


class TicketSection(msgspec.Struct):
    created: int
    by_kind: dict[str, int]
    by_status: dict[str, int]
    by_channel: dict[str, int]
    respond_sla: Rate
    resolve_sla: Rate
    service_records: RecordCount


class ChatSection(msgspec.Struct):
    """Online chat (DOMAIN §1, 003 篇4): agent replies sent in the month that were judged against
    the greeting and answer times, and how many were on time."""

    greetings: Rate
    answers: Rate


class ComplaintSection(msgspec.Struct):
    created: int
    by_type: dict[str, int]
    by_step: dict[str, int]
    substantiated: int
    batch_quality: int


class StaffRow(msgspec.Struct):
    user_id: UUID
    name: str
    employee_no: str | None
    role: str
    tickets: int
    resolved: int
    resolve_sla: Rate
    revisits_reached: int
    revisits_satisfied: int
    complaints_against: int


class ServiceQualityReport(msgspec.Struct):
    """DOMAIN §7 monthly service-quality summary, for every tenant: tickets, SLA, online chat,
    complaints, revisits, and a row per technician and per agent."""

    month: str
    timezone: str
    tickets: TicketSection
    chat: ChatSection
    complaints: ComplaintSection
    revisits: RevisitRates
    technicians: list[StaffRow]
    agents: list[StaffRow]
