"""The tenant admin sees a plugin's faults on the plugin catalogue (issue 18, item 5: "shown to
the tenant admin"): how many of its hooks failed and were rolled back alone, and the newest, in
the admin's language; another tenant's faults never show."""

from __future__ import annotations

from tests.core.test_plugin_fault_isolation import Writer
from tests.web.helpers import csrf_of


async def test_the_catalogue_shows_a_plugins_faults_to_its_tenant_only(
    client, register_plugin, make_tenant, page_login
):
    assert register_plugin(Writer("faulty", "bug"), "faulty")
    tenant, other = await make_tenant(plugins=("faulty",)), await make_tenant(plugins=("faulty",))
    owner = await tenant.customer(name="owner")
    for _ in range(2):
        created = await tenant.post("/api/v1/assets", json={"customer_id": owner["id"], "type": "faulty.thing"})
        assert created.status_code == 201, created.text

    await page_login(tenant.slug, tenant.admin_email)
    page = await client.get(f"/t/{tenant.slug}/admin/plugins")
    assert page.status_code == 200
    assert 'id="plugin-faulty-faults"' in page.text
    assert "该插件已有 2 次故障被单独回滚" in page.text and "shouhou_asset_event" in page.text
    assert "TypeError" in page.text and "unsupported operand type(s) for +: &#39;int&#39; and &#39;str&#39;" in page.text

    await client.post("/logout", data={"_csrf_token": csrf_of(page.text)})
    await page_login(other.slug, other.admin_email)
    theirs = await client.get(f"/t/{other.slug}/admin/plugins")
    assert theirs.status_code == 200 and 'id="plugin-faulty-faults"' not in theirs.text
    their_owner = await other.customer(name="owner")
    await other.post("/api/v1/assets", json={"customer_id": their_owner["id"], "type": "faulty.thing"})
    theirs = await client.get(f"/t/{other.slug}/admin/plugins")
    assert "该插件已有 1 次故障被单独回滚" in theirs.text  # counted within the tenant only
