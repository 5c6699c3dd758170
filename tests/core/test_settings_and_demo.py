"""Settings from SHOUHOU_* variables, and the demo tenants."""

import pytest

from core.settings import load_settings
from tenants.demo import DEMO_PASSWORD, DEMO_TENANTS, load_demo


def test_defaults_and_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings({"SHOUHOU_TIMEZONE": "Asia/Urumqi", "SHOUHOU_TOKEN_TTL_SECONDS": "60"})
    assert settings.database_url == "sqlite+aiosqlite:///./shouhou.db"
    assert settings.default_locale == "zh_Hans"
    assert settings.timezone == "Asia/Urumqi" and settings.token_ttl_seconds == 60


def test_embedded_default_generates_and_keeps_a_secret(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = load_settings({}).secret_key
    assert len(first) > 40 and (tmp_path / ".shouhou-secret").exists()
    assert load_settings({}).secret_key == first
    assert oct((tmp_path / ".shouhou-secret").stat().st_mode)[-3:] == "600"


def test_production_requires_a_secret(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RuntimeError, match="SHOUHOU_SECRET_KEY"):
        load_settings({"SHOUHOU_ENV": "production"})
    assert load_settings({"SHOUHOU_ENV": "production", "SHOUHOU_SECRET_KEY": "k" * 40}).secure_cookies


async def test_demo_tenants_load_once_and_their_admins_log_in(shouhou_settings, client):
    lines = await load_demo(shouhou_settings)
    again = await load_demo(shouhou_settings)
    assert lines == again and len(lines) == 1 + len(DEMO_TENANTS)
    for slug, _company, _province, plugin, customers in DEMO_TENANTS:
        login = await client.post(
            "/api/v1/auth/login",
            json={"tenant": slug, "email": f"admin@{slug}.example.com", "password": DEMO_PASSWORD},
        )
        assert login.status_code == 200, slug
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        enabled = (await client.get("/api/v1/tenant/plugins", headers=headers)).json()
        assert [p["name"] for p in enabled] == [plugin]
        listed = (await client.get("/api/v1/customers", headers=headers)).json()["items"]
        assert len(listed) == len(customers)
        assets = (await client.get("/api/v1/assets", headers=headers)).json()["items"]
        assert all(a["type"].startswith(f"{plugin}.") for a in assets) and assets
