"""A bug in the plugin that decides or prices a claim (issue 18, item 5: "a plugin bug in a
warranty decision is a 500 logged against the plugin, never a 422 that blames the client"): the
answer is a 500 in the error shape, no decision is recorded, and the failure is logged with the
plugin's name, counted against it and kept for the tenant's admin. A plugin's ``ClaimProblem`` stays a 422 on its field."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY
from structlog.testing import capture_logs

from core.hookspecs import hookimpl
from core.warranty.problems import ClaimProblem
from core.warranty.types import Decision, Reason
from tests.core.warranty.conftest import Kettles
from tests.core.warranty.test_decisions import DECISIONS, recorded

BODY = {"product": {"type": "kettles.kettle", "purchase_date": "2026-01-10"}, "claim_date": "2026-07-10",
        "claimant": "consumer", "facts": {"dropped": True}, "parts": [{"sku": "L1", "name": "lid", "unit_price_fen": 500, "qty": 1}]}


def failures(plugin: str, hook: str) -> float:
    return REGISTRY.get_sample_value(
        "shouhou_plugin_reaction_failures_total", {"plugin": plugin, "hook": hook}
    ) or 0.0


class TypoKettles(Kettles):
    """Decides with a bug: reads a fact that is not there with ``[]`` (a ``KeyError``)."""

    @hookimpl
    def shouhou_warranty_decision(self, claim, settings):
        """Buggy."""
        if claim.asset_type != "kettles.kettle":
            return None
        return Decision("exchange", True, ("kettles.x",), (Reason("kettles.x", claim.facts["no_such_fact"]),))


class BadArithmeticKettles(Kettles):
    """Decides fine, then prices a paid repair with a ``TypeError``."""

    @hookimpl
    def shouhou_service_charge(self, claim):
        """Buggy."""
        return sum(p.name for p in claim.parts)


class ProblemKettles(Kettles):
    """Refuses claims properly: a ``ClaimProblem`` naming the fact."""

    @hookimpl
    def shouhou_warranty_decision(self, claim, settings):
        """Needs the serial number."""
        if claim.asset_type != "kettles.kettle":
            return None
        raise ClaimProblem("serial", {"zh_Hans": "缺少序列号", "en": "the serial number is required"})


@pytest.mark.parametrize(
    ("plugin", "hook"),
    [(TypoKettles, "shouhou_warranty_decision"), (BadArithmeticKettles, "shouhou_service_charge")],
    ids=["KeyError-in-decision", "TypeError-in-charge"],
)
async def test_a_plugin_bug_is_a_500_logged_and_counted_against_the_plugin(
    register_plugin, make_tenant, shouhou_sessions, plugin, hook
):
    assert register_plugin(plugin(), "kettles")
    tenant = await make_tenant(plugins=("kettles",))
    before = failures("kettles", hook)
    with capture_logs() as logs:
        response = await tenant.post(DECISIONS, json=BODY)
    assert response.status_code == 500, response.text
    assert response.json() == {"status_code": 500, "detail": "internal error", "errors": []}
    assert failures("kettles", hook) == before + 1
    logged = [e for e in logs if e.get("event") == "plugin hook failed"]
    assert [(e["plugin"], e["hook"], e["log_level"]) for e in logged] == [("kettles", hook, "error")]
    assert await recorded(shouhou_sessions, tenant) == 0
    # the decision was rolled back, the fault kept for the tenant's admin
    [fault] = (await tenant.get("/api/v1/plugin-faults")).json()["items"]
    assert (fault["plugin"], fault["hook"], fault["event"]) == ("kettles", hook, None)
    assert fault["error"] == ("KeyError" if "decision" in hook else "TypeError") and fault["message"]


async def test_a_claim_problem_is_still_a_422_on_its_field(register_plugin, make_tenant):
    assert register_plugin(ProblemKettles(), "kettles")
    tenant = await make_tenant(plugins=("kettles",))
    before = failures("kettles", "shouhou_warranty_decision")
    response = await tenant.post(DECISIONS, json=BODY)
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [{"field": "facts.serial", "message": "the serial number is required"}]
    assert failures("kettles", "shouhou_warranty_decision") == before
