"""Helpers for revisit tests: events and a rules plugin (the tenant-bound session with its context is
tests/core/conftest.py's)."""

from __future__ import annotations

import sys
import types
from datetime import UTC, datetime
from uuid import UUID

import pytest

from core.eventbus import publish
from core.events import DomainEvent
from core.hookspecs import hookimpl
from core.revisits.types import NoticeSequence, RevisitRule


@pytest.fixture
def emit(tenant_session):
    """``await emit(tenant, "ticket.closed", subject_id, data, at=datetime)`` publishes an event."""

    async def emit_event(tenant, name: str, subject_id, data: dict | None = None, at: datetime | None = None):
        async with tenant_session(tenant.id) as (session, ctx):
            await publish(
                session,
                ctx,
                DomainEvent(
                    name=name,
                    tenant_id=UUID(tenant.id),
                    subject_id=UUID(str(subject_id)),
                    occurred_at=at or datetime.now(UTC),
                    data=data or {},
                ),
            )

    return emit_event


def text(value: str) -> dict:
    return {"zh_Hans": value, "en": value}


#: Rules an industry plugin might declare (DOMAIN §3), used to exercise every trigger.
TEST_RULES = [
    RevisitRule(id="testrules.next_day", trigger="ticket.closed", due_from_days=1, due_by_days=1,
                conditions={"ticket_kinds": ["repair"]}, reason=text("next-day satisfaction call")),
    RevisitRule(id="testrules.installation", trigger="installation.done", due_from_days=0, due_by_days=30,
                reason=text("new installation: call within 1 month")),
    RevisitRule(id="testrules.car_first", trigger="asset.created", due_from_days=3, due_by_days=7,
                conditions={"asset_type_prefix": "automotive."}, reason=text("car: first follow-up")),
    RevisitRule(id="testrules.car_second", trigger="revisit.outcome", due_from_days=7, due_by_days=14,
                follows="testrules.car_first", reason=text("car: second follow-up")),
    RevisitRule(id="testrules.quarterly", trigger="cadence", due_from_days=0, due_by_days=0,
                cadence={"per": "quarter"}, conditions={"is_member": False}, reason=text("quarterly call")),
    RevisitRule(id="testrules.ready", trigger="ticket.closed", due_from_days=0, due_by_days=0,
                conditions={"ticket_kinds": ["return"]}, channel="sms", reason=text("repaired product ready"),
                sequence=NoticeSequence(every_days=3, notices=3, final_reason=text("mail the product back"))),
]


def make_rules_plugin() -> types.ModuleType:
    module = types.ModuleType("testrules_plugin")

    @hookimpl
    def shouhou_revisit_rules():
        return TEST_RULES

    module.shouhou_revisit_rules = shouhou_revisit_rules
    sys.modules.setdefault("testrules_plugin", module)
    return module


@pytest.fixture
def rules_plugin(register_plugin):
    """A plugin named ``testrules`` declaring :data:`TEST_RULES`; enable it per tenant."""
    assert register_plugin(make_rules_plugin(), "testrules")
    return "testrules"
