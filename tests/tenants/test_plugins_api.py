"""Plugin catalogue and per-tenant enablement (API.md "Plugins")."""

BUILT_IN = {"automotive", "ecommerce", "gps_install", "lighting", "lubricants"}


async def test_catalogue_lists_every_installed_plugin_with_schema(tenant_a):
    plugins = (await tenant_a.get("/api/v1/plugins")).json()
    assert {p["name"] for p in plugins} >= BUILT_IN
    for plugin in plugins:
        assert set(plugin) >= {"name", "version", "title", "description", "settings_schema"}
        assert plugin["settings_schema"]


async def test_catalogue_speaks_the_callers_language(tenant_a):
    zh = {p["name"]: p["title"] for p in (await tenant_a.get("/api/v1/plugins")).json()}
    en = {p["name"]: p["title"] for p in (await tenant_a.get("/api/v1/plugins", headers={"Accept-Language": "en"})).json()}
    assert zh["lighting"] == "照明" and en["lighting"] == "Lighting"


async def test_enable_disable_and_list(tenant_a):
    assert (await tenant_a.get("/api/v1/tenant/plugins")).json() == []
    response = await tenant_a.put("/api/v1/tenant/plugins/lighting", json={"enabled": True})
    assert response.status_code == 200 and response.json()["enabled"] is True
    assert [p["name"] for p in (await tenant_a.get("/api/v1/tenant/plugins")).json()] == ["lighting"]
    await tenant_a.put("/api/v1/tenant/plugins/lighting", json={"enabled": False})
    assert (await tenant_a.get("/api/v1/tenant/plugins")).json() == []


async def test_unknown_plugin_is_404(tenant_a):
    assert (await tenant_a.put("/api/v1/tenant/plugins/teleporter", json={"enabled": True})).status_code == 404


async def test_settings_failing_the_schema_are_422_and_nothing_saved(tenant_a, register_plugin):
    import msgspec

    from core.hookspecs import hookimpl
    from core.plugins import PluginInfo

    class Settings(msgspec.Struct):
        period_months: int = 12

    class Plugin:
        @hookimpl
        def shouhou_plugin_info(self):
            return PluginInfo("schemacheck", "1.0", {"en": "Schema check"}, {"en": "test"})

        @hookimpl
        def shouhou_settings_schema(self):
            return Settings

    assert register_plugin(Plugin(), "schemacheck")
    bad = await tenant_a.put(
        "/api/v1/tenant/plugins/schemacheck", json={"enabled": True, "settings": {"period_months": "twelve"}}
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "settings.period_months"
    assert (await tenant_a.get("/api/v1/tenant/plugins")).json() == []
    good = await tenant_a.put(
        "/api/v1/tenant/plugins/schemacheck", json={"enabled": True, "settings": {"period_months": 15}}
    )
    assert good.status_code == 200 and good.json()["settings"] == {"period_months": 15}
    defaults = await tenant_a.put("/api/v1/tenant/plugins/schemacheck", json={"enabled": True, "settings": {}})
    assert defaults.json()["settings"] == {"period_months": 12}


async def test_enablement_is_per_tenant(tenant_a, tenant_b):
    await tenant_a.enable("ecommerce")
    assert (await tenant_b.get("/api/v1/tenant/plugins")).json() == []


async def test_tenant_profile_read_and_update(tenant_a):
    profile = (await tenant_a.get("/api/v1/tenant")).json()
    assert profile["slug"] == tenant_a.slug and profile["locale"] == "zh_Hans" and profile["timezone"] == "Asia/Shanghai"
    updated = await tenant_a.patch("/api/v1/tenant", json={"province": "广东", "locale": "en"})
    assert updated.status_code == 200 and updated.json()["province"] == "440000"
    bad = await tenant_a.patch("/api/v1/tenant", json={"timezone": "Moon/Base"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "timezone"
