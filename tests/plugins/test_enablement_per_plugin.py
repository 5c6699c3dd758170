"""Per-tenant plugin enablement for each built-in plugin (API "Plugins": a plugin that is not
enabled contributes nothing to the tenant; DESIGN: a tenant's enabled set gives a hook caller
that only reaches those plugins).

For each of the five plugins, a tenant that has every other plugin enabled gets none of its asset
types, asset creation, warranty tables, warranty decisions, forms, call scripts, revisit rules, API
routes (``/api/v1/p/<plugin>/…``), console pages (``/t/{slug}/p/<plugin>/…``) or navigation entries;
after enabling it, it gets them; after disabling it again, they are gone again. What a plugin
declares is read from the plugin itself, so the test follows the plugin as it grows.
"""

from __future__ import annotations

from datetime import date

import pytest
from litestar.handlers import HTTPRouteHandler

from core.sdk.testing import PASSWORD
from tests.web.helpers import csrf_of

PLUGINS = ("lighting", "lubricants", "automotive", "gps_install", "ecommerce")
TYPES = "/api/v1/assets/types"
TABLES = "/api/v1/warranty/tables"
DECISIONS = "/api/v1/warranty/decisions"
FORMS = "/api/v1/forms"
SCRIPTS = "/api/v1/scripts"
REVISITS = "/api/v1/revisits"
#: Events a revisit rule may name that the story of :func:`revisit_story` makes happen.
DRIVEN = ("ticket.created", "ticket.resolved", "ticket.closed", "installation.done")

#: Attributes an asset of the plugin needs to be created.
ATTRIBUTES = {"ecommerce": {"sku": "SKU-1"}}
#: A claim the plugin decides (consumer, quality fault, within the period).
DECIDED = {
    "lighting": ("lighting.ceiling_lamp", {}, "repair_free"),
    "ecommerce": ("ecommerce.item", {"reason": "quality"}, "return"),
}


def declared(plugins, name: str, hook: str) -> list:
    """What plugin ``name`` declares through ``hook`` (nothing if it does not implement it)."""
    by_plugin = plugins.for_tenant([name]).collect_by_plugin(hook, settings={})
    return by_plugin.get(name, [])


def claim(asset_type: str, facts: dict | None = None) -> dict:
    return {"product": {"type": asset_type, "purchase_date": "2024-03-01", "manufacture_date": "2024-01-01"},
            "claim_date": "2024-03-05", "claimant": "consumer", "facts": facts or {}}


async def assert_absent(tenant, name: str, types: list[str], asset: dict | None) -> None:
    """Nothing of plugin ``name`` reaches the tenant."""
    listed = {t["name"] for t in (await tenant.get(TYPES)).json()}
    assert listed.isdisjoint(types), f"{name} is not enabled: its asset types are not offered"
    customer = await tenant.customer()
    for asset_type in types:
        created = await tenant.post("/api/v1/assets", json={"customer_id": customer["id"], "type": asset_type,
                                                            "attributes": ATTRIBUTES.get(name, {})})
        assert created.status_code == 422, created.text
        assert created.json()["errors"][0]["field"] == "type"
    tables = (await tenant.get(TABLES)).json()
    assert [t for t in tables if t["plugin"] == name] == []
    for asset_type in types:
        decided = await tenant.post(DECISIONS, json=claim(asset_type, DECIDED.get(name, ("", {}))[1]))
        assert decided.status_code == 422, decided.text
        assert decided.json()["errors"][0]["field"] == "product.type"
        assert "no enabled plugin owns" in decided.json()["errors"][0]["message"]
    if asset is not None:
        by_asset = await tenant.post(DECISIONS, json={"asset_id": asset["id"], "claim_date": "2024-03-05"})
        assert by_asset.status_code == 422, by_asset.text
        assert by_asset.json()["errors"][0]["field"] == "asset_id"


async def assert_present(tenant, plugins, name: str, types: list[str]) -> dict:
    """Everything plugin ``name`` declares reaches the tenant; returns an asset of its first type."""
    listed = {t["name"] for t in (await tenant.get(TYPES)).json()}
    assert set(types) <= listed
    customer = await tenant.customer()
    assets = []
    for asset_type in types:
        created = await tenant.post("/api/v1/assets", json={"customer_id": customer["id"], "type": asset_type,
                                                            "attributes": ATTRIBUTES.get(name, {})})
        assert created.status_code == 201, created.text
        assets.append(created.json())
    tables = (await tenant.get(TABLES)).json()
    assert sorted(t["id"] for t in tables if t["plugin"] == name) == sorted(
        t.id for t in declared(plugins, name, "shouhou_warranty_tables")
    )
    decides = hasattr(plugins.pm.get_plugin(name), "shouhou_warranty_decision")
    if name in DECIDED:
        asset_type, facts, decision = DECIDED[name]
        answer = await tenant.post(DECISIONS, json=claim(asset_type, facts))
        assert answer.status_code == 200, answer.text
        assert (answer.json()["plugin"], answer.json()["decision"]) == (name, decision)
    for asset_type in types:
        answer = await tenant.post(DECISIONS, json=claim(asset_type))
        if answer.status_code == 200:
            assert answer.json()["plugin"] == name
            continue
        assert answer.status_code == 422, answer.text
        message = answer.json()["errors"][0]["message"]
        assert "no enabled plugin owns" not in message, "the type is the tenant's now"
        if not decides:
            assert "no enabled plugin decides" in message
    return assets[0]


def get_paths(controllers) -> list[str]:
    """The GET paths without path parameters of Litestar controllers, relative to their mount."""
    paths = []
    for controller in controllers:
        base = controller.path.rstrip("/")
        for handler in vars(controller).values():
            if isinstance(handler, HTTPRouteHandler) and "GET" in handler.http_methods:
                paths += [f"{base}{path}".rstrip("/") or "/" for path in handler.paths if "{" not in path]
    return sorted(paths)


async def ids(tenant, url: str) -> set[str]:
    """Every id a paginated list of the tenant returns."""
    found, cursor = set(), None
    while True:
        page = await tenant.get(url, params={"limit": 200, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        found |= {item["id"] for item in page.json()["items"]}
        cursor = page.json()["next_cursor"]
        if not cursor:
            return found


async def page_session(tenant) -> None:
    """Sign the test client in to the console as the tenant's admin (pages take no bearer token),
    leaving any other tenant's console session first."""
    tenant.client.cookies.clear()
    login = await tenant.client.get("/login")
    signed_in = await tenant.client.post("/login", data={
        "_csrf_token": csrf_of(login.text), "tenant": tenant.slug, "email": tenant.admin_email, "password": PASSWORD})
    assert signed_in.status_code in (200, 302, 303), signed_in.text


async def assert_surfaces(tenant, plugins, name: str, present: bool) -> None:
    """The plugin's forms, call scripts, API routes, console pages and navigation entries reach the
    tenant when ``present``, and none of them otherwise (the routes and pages are 404)."""
    forms = {f.id for f in declared(plugins, name, "shouhou_forms")}
    scripts = {s.id for s in declared(plugins, name, "shouhou_scripts")}
    assert forms and scripts, f"{name} declares forms and call scripts"
    listed_forms, listed_scripts = await ids(tenant, FORMS), await ids(tenant, SCRIPTS)
    assert (forms <= listed_forms) if present else listed_forms.isdisjoint(forms), sorted(listed_forms)
    assert (scripts <= listed_scripts) if present else listed_scripts.isdisjoint(scripts), sorted(listed_scripts)
    for form_id in forms:
        assert (await tenant.get(f"{FORMS}/{form_id}")).status_code == (200 if present else 404), form_id
    for script_id in scripts:
        assert (await tenant.get(f"{SCRIPTS}/{script_id}")).status_code == (200 if present else 404), script_id

    for path in get_paths(declared(plugins, name, "shouhou_api_routes")):
        response = await tenant.get(f"/api/v1/p/{name}{path}")
        # Enabled, a route that wants query parameters answers 400: it is there all the same.
        assert (response.status_code in (200, 400)) if present else response.status_code == 404, (path, response.text)

    await page_session(tenant)
    for path in get_paths(declared(plugins, name, "shouhou_page_routes")):
        response = await tenant.client.get(f"/t/{tenant.slug}/p/{name}{path}")
        assert response.status_code == (200 if present else 404), (path, response.text)
    home = await tenant.client.get(f"/t/{tenant.slug}/")
    assert home.status_code == 200, home.text
    for entry in declared(plugins, name, "shouhou_nav_entries"):
        link = f'href="/t/{tenant.slug}{entry.path}"'
        assert (link in home.text) == present, f"navigation entry {entry.path}"


def driven_rules(plugins, name: str) -> list:
    """The plugin's revisit rules that :func:`revisit_story` triggers."""
    return [r for r in declared(plugins, name, "shouhou_revisit_rules") if r.trigger in DRIVEN]


async def revisit_story(tenant, plugins, name: str, customer: dict, asset: dict, present: bool) -> set[str]:
    """What would trigger the plugin's revisit rules: an asset installed today, and for each ticket
    kind its rules name (``repair`` when none) a ticket on ``asset`` taken, resolved and closed.
    Returns the plugin's rule ids on the customer's revisits."""
    rules = driven_rules(plugins, name)
    kinds = {k for r in rules if r.trigger.startswith("ticket.") for k in r.conditions.get("ticket_kinds", ["repair"])}
    own_kinds = set(declared(plugins, name, "shouhou_ticket_kinds"))
    installed = await tenant.post("/api/v1/assets", json={
        "customer_id": customer["id"], "type": asset["type"], "install_date": date.today().isoformat(),
        "attributes": ATTRIBUTES.get(name, {})})
    assert installed.status_code == (201 if present else 422), installed.text
    for kind in sorted(kinds):
        ticket = await tenant.post("/api/v1/tickets", json={
            "kind": kind, "channel": "phone", "customer_id": customer["id"], "asset_id": asset["id"],
            "subject": "售后服务"})
        if kind in own_kinds and not present:
            assert ticket.status_code == 422 and ticket.json()["errors"][0]["field"] == "kind", ticket.text
            continue
        assert ticket.status_code == 201, ticket.text
        url = f"/api/v1/tickets/{ticket.json()['id']}/transitions"
        for body in ({"action": "resolve", "resolution": "已修复"}, {"action": "close"}):
            moved = await tenant.post(url, json=body)
            assert moved.status_code == 200, moved.text
    revisits = await tenant.get(REVISITS, params={"customer_id": customer["id"], "limit": 200})
    assert revisits.status_code == 200, revisits.text
    return {rule_id for r in revisits.json()["items"] for rule_id in r["rule_ids"] if rule_id.startswith(f"{name}.")}


@pytest.mark.parametrize("name", PLUGINS)
async def test_a_plugin_contributes_only_once_enabled(make_tenant, shouhou_plugins, name):
    """API "Plugins" (a plugin that is not enabled contributes nothing: asset types, rules) and
    "Customers and assets" (a disabled type is 422): off, on, off again, with every other
    built-in plugin enabled throughout."""
    types = [t.name for t in declared(shouhou_plugins, name, "shouhou_asset_types")]
    assert types, f"{name} declares asset types"
    tenant = await make_tenant(plugins=tuple(p for p in PLUGINS if p != name))
    await assert_absent(tenant, name, types, None)
    await assert_surfaces(tenant, shouhou_plugins, name, present=False)

    await tenant.enable(name)
    asset = await assert_present(tenant, shouhou_plugins, name, types)
    await assert_surfaces(tenant, shouhou_plugins, name, present=True)

    disabled = await tenant.put(f"/api/v1/tenant/plugins/{name}", json={"enabled": False})
    assert disabled.status_code == 200, disabled.text
    await assert_absent(tenant, name, types, asset)
    await assert_surfaces(tenant, shouhou_plugins, name, present=False)


@pytest.mark.parametrize("name", PLUGINS)
async def test_a_plugin_schedules_its_revisits_only_once_enabled(make_tenant, shouhou_plugins, name):
    """DOMAIN §3 (revisit rules come from plugins) and API "Plugins": an asset installed and tickets
    closed while the plugin is off schedule nothing from its rules (``rule_ids`` of
    ``GET /api/v1/revisits``); the same story once it is enabled schedules every rule it triggers."""
    rules = {r.id for r in driven_rules(shouhou_plugins, name)}
    assert rules, f"{name} declares a revisit rule on an event this test makes happen"
    tenant = await make_tenant(plugins=PLUGINS)
    asset_type = declared(shouhou_plugins, name, "shouhou_asset_types")[0].name
    customer = await tenant.customer()
    asset = await tenant.asset(customer["id"], asset_type, attributes=ATTRIBUTES.get(name, {}))
    disabled = await tenant.put(f"/api/v1/tenant/plugins/{name}", json={"enabled": False})
    assert disabled.status_code == 200, disabled.text

    assert await revisit_story(tenant, shouhou_plugins, name, customer, asset, present=False) == set()

    await tenant.enable(name)
    again = await tenant.customer(name="另一位客户", phone="13900139000")
    asset = await tenant.asset(again["id"], asset_type, attributes=ATTRIBUTES.get(name, {}))
    assert await revisit_story(tenant, shouhou_plugins, name, again, asset, present=True) == rules


@pytest.mark.parametrize("name", PLUGINS)
async def test_enabling_a_plugin_for_one_tenant_leaves_another_without_it(make_tenant, shouhou_plugins, name):
    """DESIGN (a tenant's hook caller reaches only its enabled plugins): tenant A's enabling gives
tenant B nothing."""
    types = [t.name for t in declared(shouhou_plugins, name, "shouhou_asset_types")]
    enabled = await make_tenant(plugins=(name,))
    other = await make_tenant()
    await assert_present(enabled, shouhou_plugins, name, types)
    await assert_surfaces(enabled, shouhou_plugins, name, present=True)
    await assert_absent(other, name, types, None)
    await assert_surfaces(other, shouhou_plugins, name, present=False)
