"""DOMAIN §2 step 3 (确定责任): routing by type and category — contract dispute → senior
management, transport → logistics, quality → quality department, service → service manager —
a configurable table per tenant, plugin declarations and the plugin decision hook."""

import pytest

from core.complaints.types import RoutingRule
from core.hookspecs import hookimpl
from core.plugins import PluginInfo
from tests.core.complaints.walk import create, step, walk_to


async def routed(handle, **fields):
    complaint = await create(handle, **fields)
    return complaint["routed_to"], complaint["routing"]["rule_id"]


@pytest.mark.parametrize(
    ("fields", "department", "rule_id"),
    [
        ({"type": "quality"}, "quality_department", "core.route.quality"),
        ({"type": "service"}, "service_manager", "core.route.service"),
        ({"type": "suggestion"}, "customer_service", "core.route.suggestion"),
        ({"type": "quality", "category": "contract_dispute"}, "senior_management", "core.route.contract_dispute"),
        ({"type": "service", "category": "contract_dispute"}, "senior_management", "core.route.contract_dispute"),
        ({"type": "quality", "category": "transport"}, "logistics", "core.route.transport"),
        ({"type": "quality", "category": "colour"}, "quality_department", "core.route.quality"),
    ],
)
async def test_domain_2_default_routing_by_type_and_category(tenant_a, fields, department, rule_id):
    """DOMAIN §2 step 3: the category (contract dispute, transport) wins over the type."""
    assert await routed(tenant_a, **fields) == (department, rule_id)


async def test_domain_2_routing_decision_carries_rule_id_and_reason(tenant_a):
    complaint = await create(tenant_a, type="quality", category="transport")
    assert complaint["routing"] == {
        "department": "logistics", "rule_id": "core.route.transport",
        "label": "运输问题：物流（运输）部门处理", "source": "default",
    }
    assert complaint["steps"][0]["data"] == {"routed_to": "logistics", "routing_rule_id": "core.route.transport"}


async def test_domain_2_routing_table_defaults_listed(tenant_a):
    table = (await tenant_a.get("/api/v1/complaints/routing")).json()
    assert table["source"] == "defaults"
    assert [r["id"] for r in table["rules"]] == [
        "core.route.contract_dispute", "core.route.transport",
        "core.route.quality", "core.route.service", "core.route.suggestion",
    ]
    assert table["rules"] == table["defaults"]


async def test_domain_2_enabled_plugins_declare_routing_before_core(tenant_a):
    """Plugin declarations join the defaults, before the core's among equally specific rules."""
    await tenant_a.enable("ecommerce", "lighting")
    assert await routed(tenant_a, type="service") == ("store_manager", "ecommerce.route.service")
    assert await routed(tenant_a, type="quality", category="transport") == ("logistics", "lighting.route.transport")
    assert await routed(tenant_a, type="quality", category="batch_quality") == (
        "customer_service", "lighting.route.batch_quality")
    assert await routed(tenant_a, type="service", category="contract_dispute") == (
        "senior_management", "core.route.contract_dispute"), "a category rule is more specific than a type rule"
    ids = [r["id"] for r in (await tenant_a.get("/api/v1/complaints/routing")).json()["rules"]]
    assert ids.index("ecommerce.route.service") < ids.index("core.route.service")


async def test_domain_2_disabled_plugin_routes_nothing(tenant_a, tenant_b):
    await tenant_a.enable("ecommerce")
    assert await routed(tenant_b, type="service") == ("service_manager", "core.route.service")


async def test_domain_2_tenant_routing_table_overrides_defaults(tenant_a, tenant_b):
    """DOMAIN §2: the routing table is configurable per tenant; the tenant's order is kept and a
    complaint no rule matches goes to customer service."""
    rules = [
        {"id": "acme.vip", "match": {"type": "service", "category": "vip"}, "department": "general_manager",
         "label": {"zh_Hans": "VIP 客户：总经理", "en": "VIP: general manager"}},
        {"id": "acme.service", "match": {"type": "service"}, "department": "hr"},
    ]
    saved = await tenant_a.put("/api/v1/complaints/routing", json={"rules": rules})
    assert saved.status_code == 200
    assert saved.json()["source"] == "tenant" and [r["id"] for r in saved.json()["rules"]] == ["acme.vip", "acme.service"]
    assert await routed(tenant_a, type="service", category="vip") == ("general_manager", "acme.vip")
    vip = await create(tenant_a, type="service", category="vip")
    assert vip["routing"]["source"] == "tenant" and vip["routing"]["label"] == "VIP 客户：总经理"
    assert await routed(tenant_a, type="service") == ("hr", "acme.service")
    assert await routed(tenant_a, type="quality") == ("customer_service", "core.route.unmatched")
    assert await routed(tenant_b, type="service") == ("service_manager", "core.route.service"), "per tenant"
    reset = await tenant_a.put("/api/v1/complaints/routing", json={"rules": None})
    assert reset.json()["source"] == "defaults"
    assert await routed(tenant_a, type="service") == ("service_manager", "core.route.service")


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        ([{"id": "x", "match": {"colour": "red"}, "department": "d"}], "rules[0].match.colour"),
        ([{"id": "x", "match": {"type": "praise"}, "department": "d"}], "rules[0].match.type"),
        ([{"id": "x", "match": {}, "department": "d"}, {"id": "x", "match": {}, "department": "e"}], "rules[1].id"),
        ([{"id": "x", "match": {}, "department": ""}], "rules[0].department"),
        ([{"id": "x", "match": {}}], "rules[0]"),
        ([{"id": "x", "match": {"type": 3}, "department": "d"}], "rules[0].match"),
        ("all to hr", "rules"),
    ],
)
async def test_domain_2_invalid_routing_table_is_refused(tenant_a, rules, field):
    response = await tenant_a.put("/api/v1/complaints/routing", json={"rules": rules})
    assert response.status_code in (400, 422), response.text
    assert response.json()["errors"][0]["field"].startswith(field)
    assert (await tenant_a.get("/api/v1/complaints/routing")).json()["source"] == "defaults", "nothing saved"


async def test_domain_2_only_managers_change_the_routing_table(tenant_a):
    agent = await tenant_a.add_user("agent")
    assert (await agent.get("/api/v1/complaints/routing")).status_code == 200
    body = {"rules": [{"id": "x", "match": {}, "department": "d"}]}
    assert (await agent.put("/api/v1/complaints/routing", json=body)).status_code == 403
    manager = await tenant_a.add_user("manager")
    assert (await manager.put("/api/v1/complaints/routing", json=body)).status_code == 200


class ContractPlugin:
    """Routes complaints whose description mentions a contract (合同) to the legal department."""

    @hookimpl
    def shouhou_plugin_info(self):
        return PluginInfo("contracts", "1.0", {"en": "Contracts"}, {"en": "test"})

    @hookimpl
    def shouhou_route_complaint(self, complaint, settings):
        if "合同" in complaint["description"]:
            return RoutingRule(id="contracts.legal", match={}, department="legal", label={"en": "Legal"})
        return None


class BrokenRouter:
    @hookimpl
    def shouhou_plugin_info(self):
        return PluginInfo("brokenrouter", "1.0", {"en": "Broken"}, {"en": "test"})

    @hookimpl
    def shouhou_route_complaint(self, complaint, settings):
        raise RuntimeError("boom")


async def test_domain_2_plugin_decision_hook_proposes_a_route(tenant_a, tenant_b, register_plugin):
    """The ``shouhou_route_complaint`` decision of an enabled plugin wins over the defaults, only
    for tenants that enabled it, and the decision carries its rule id."""
    assert register_plugin(ContractPlugin(), "contracts")
    await tenant_a.enable("contracts")
    complaint = await create(tenant_a, type="service", description="违反合同约定的上门时间")
    assert complaint["routed_to"] == "legal"
    assert complaint["routing"] == {"department": "legal", "rule_id": "contracts.legal", "label": "Legal",
                                    "source": "plugin"}
    assert await routed(tenant_a, type="service", description="态度差") == ("service_manager", "core.route.service")
    assert await routed(tenant_b, type="service", description="违反合同") == ("service_manager", "core.route.service")


async def test_domain_2_tenant_table_wins_over_plugin_proposal(tenant_a, register_plugin):
    assert register_plugin(ContractPlugin(), "contracts")
    await tenant_a.enable("contracts")
    await tenant_a.put("/api/v1/complaints/routing",
                       json={"rules": [{"id": "own.service", "match": {"type": "service"}, "department": "boss"}]})
    assert await routed(tenant_a, type="service", description="合同") == ("boss", "own.service")
    assert await routed(tenant_a, type="quality", description="合同") == ("legal", "contracts.legal")


async def test_domain_2_failing_routing_plugin_falls_back_to_the_table(tenant_a, register_plugin):
    assert register_plugin(BrokenRouter(), "brokenrouter")
    await tenant_a.enable("brokenrouter")
    assert await routed(tenant_a, type="quality") == ("quality_department", "core.route.quality")


async def test_domain_2_classify_with_a_category_reroutes(tenant_a):
    """DOMAIN §2 step 2 judges the nature: a new category routes the complaint again."""
    complaint = await create(tenant_a, type="quality")
    classified = (await step(tenant_a, complaint["id"], "classify", category="transport")).json()
    assert classified["routed_to"] == "logistics" and classified["category"] == "transport"
    assert classified["steps"][-1]["data"]["routing_rule_id"] == "core.route.transport"
    assigned = await walk_to(tenant_a, complaint["id"], "assigned")
    assert assigned["responsible_department"] == "logistics"
