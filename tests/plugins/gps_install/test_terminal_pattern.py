"""The terminal number pattern is a tenant's regular expression: it runs on RE2 (linear time),
and one RE2 cannot run is refused when the settings are saved, naming the setting."""

from __future__ import annotations

import time

EVIL_PATTERN = "^(A+)+$"
EVIL_VALUE = "A" * 28 + "B"  # Python's re takes seconds on this; RE2 microseconds


async def test_pattern_re2_cannot_run_is_refused_at_save_and_nothing_saved(make_tenant):
    tenant = await make_tenant()
    bad = await tenant.put("/api/v1/tenant/plugins/gps_install",
                           json={"enabled": True, "settings": {"terminal_number_pattern": "(A)\\1"}})
    assert bad.status_code == 422, bad.text
    error = bad.json()["errors"][0]
    assert error["field"] == "settings.terminal_number_pattern" and "RE2" in error["message"], error
    assert (await tenant.get("/api/v1/tenant/plugins")).json() == []


async def test_evil_terminal_number_pattern_is_matched_in_linear_time(make_tenant):
    tenant = await make_tenant()
    await tenant.enable("gps_install", gps_install={"terminal_number_pattern": EVIL_PATTERN})
    customer = await tenant.customer()
    started = time.perf_counter()
    response = await tenant.post("/api/v1/assets", json={
        "customer_id": customer["id"], "type": "gps_install.terminal", "attributes": {"terminal_number": EVIL_VALUE}})
    assert time.perf_counter() - started < 3  # Python's re: about 10 s
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "attributes.terminal_number"
    await tenant.asset(customer["id"], "gps_install.terminal", attributes={"terminal_number": "AAAA"})
