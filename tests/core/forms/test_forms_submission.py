"""``validate_submission``, what the tickets engine calls with a ticket's ``form``: field errors,
unknown or disabled forms, and the version a submission keeps after the form changes."""

from __future__ import annotations

from contextlib import asynccontextmanager
from uuid import UUID

import pytest
from sqlalchemy import select
from test_forms_api import VEHICLE_SCHEMA, FormsPlugin

from core.db.tenancy import bind_tenant
from core.errors import Invalid
from core.forms import service
from core.forms.models import FormVersion
from tenants.context import load_context


@pytest.fixture
def tenant_session(shouhou_sessions, shouhou_plugins):
    """``async with tenant_session(tenant_id) as (session, ctx)``: a committed session and
    context acting as the tenant, like a request's."""

    @asynccontextmanager
    async def open_session(tenant_id: str):
        async with shouhou_sessions() as session:
            bind_tenant(session, UUID(tenant_id))
            ctx = await load_context(session, shouhou_plugins, UUID(tenant_id))
            yield session, ctx
            await session.commit()

    return open_session


@pytest.fixture
def vehicle_plugin(register_plugin):
    plugin = FormsPlugin("subforms")
    assert register_plugin(plugin, "subforms")
    return plugin


async def test_valid_submission_returns_form_id_and_version(tenant_session, make_tenant, vehicle_plugin):
    tenant = await make_tenant(plugins=("subforms",))
    async with tenant_session(tenant.id) as (session, ctx):
        found = await service.validate_submission(
            session, ctx, "subforms.vehicle_intake", {"vehicle_plate": "苏A12345", "mileage_km": 100}
        )
    assert found == ("subforms.vehicle_intake", 1)


async def test_invalid_data_gives_one_error_per_field(tenant_session, make_tenant, vehicle_plugin):
    tenant = await make_tenant(plugins=("subforms",))
    async with tenant_session(tenant.id) as (session, ctx):
        with pytest.raises(Invalid) as missing:
            await service.validate_submission(session, ctx, "subforms.vehicle_intake", {"mileage_km": -1})
        with pytest.raises(Invalid) as wrong:
            await service.validate_submission(session, ctx, "subforms.vehicle_intake", {"vehicle_plate": 7})
    assert missing.value.status_code == 422
    assert [f for f, _ in missing.value.errors] == ["form.data.mileage_km", "form.data.vehicle_plate"]
    assert "required" in dict(missing.value.errors)["form.data.vehicle_plate"]
    assert [f for f, _ in wrong.value.errors] == ["form.data.vehicle_plate"]


async def test_unknown_or_disabled_form_is_invalid_form_id(tenant_session, make_tenant, vehicle_plugin):
    tenant = await make_tenant()  # subforms not enabled
    async with tenant_session(tenant.id) as (session, ctx):
        for form_id in ("subforms.vehicle_intake", "nope.form"):
            with pytest.raises(Invalid) as exc:
                await service.validate_submission(session, ctx, form_id, {"vehicle_plate": "苏A12345"})
            assert exc.value.errors[0][0] == "form.id"


async def test_old_submission_keeps_its_version_after_the_plugin_changes_the_form(
    tenant_session, make_tenant, vehicle_plugin
):
    tenant = await make_tenant(plugins=("subforms",))
    async with tenant_session(tenant.id) as (session, ctx):
        assert await service.validate_submission(
            session, ctx, "subforms.vehicle_intake", {"vehicle_plate": "苏A12345"}
        ) == ("subforms.vehicle_intake", 1)
    vehicle_plugin.version = 2
    vehicle_plugin.schema = {**VEHICLE_SCHEMA, "required": ["vehicle_plate", "mileage_km"]}
    async with tenant_session(tenant.id) as (session, ctx):
        with pytest.raises(Invalid):
            await service.validate_submission(session, ctx, "subforms.vehicle_intake", {"vehicle_plate": "苏A12345"})
    async with tenant_session(tenant.id) as (session, ctx):
        assert await service.validate_submission(
            session, ctx, "subforms.vehicle_intake", {"vehicle_plate": "苏A12345", "mileage_km": 5}
        ) == ("subforms.vehicle_intake", 2)
        # the same version used again is not stored twice
        await service.validate_submission(
            session, ctx, "subforms.vehicle_intake", {"vehicle_plate": "苏A12345", "mileage_km": 6}
        )
        versions = (await session.scalars(select(FormVersion).order_by(FormVersion.version))).all()
        assert [(v.version, v.schema["required"]) for v in versions] == [
            (1, ["vehicle_plate"]),
            (2, ["vehicle_plate", "mileage_km"]),
        ]
    old = await tenant.get("/api/v1/forms/subforms.vehicle_intake?version=1")
    assert old.status_code == 200 and old.json()["schema"] == VEHICLE_SCHEMA
    await tenant.put("/api/v1/tenant/plugins/subforms", json={"enabled": False})
    kept = await tenant.get("/api/v1/forms/subforms.vehicle_intake?version=1")
    assert kept.status_code == 200, "an old ticket's form version stays readable after the plugin is disabled"
