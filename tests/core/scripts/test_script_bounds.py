"""Call-script templates cannot hold the server: loops, output and time are bounded, rendering
runs off the event loop with a hard timeout, and a script over a bound is refused when saved."""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest

from core.scripts.sandbox import MAX_LENGTH, MAX_RANGE, MAX_RENDER_MS, RENDER_TIMEOUT_S, ScriptError, render_bounded

NESTED_LOOPS = "{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}{% endfor %}{% endfor %}{% endfor %}"
#: Passes the save-time check (``rows`` is not a sample variable) and loops 10⁹ times at render.
LOOPS_OVER_CALLER_DATA = "{% for a in rows %}{% for b in rows %}{% for c in rows %}.{% endfor %}{% endfor %}{% endfor %}"


def script(text: str, name: str = "loops") -> dict:
    return {"name": name, "title": {"en": "Loops"}, "texts": {"en": text}}


async def render(tenant, script_id: str, **body):
    return await tenant.post(f"/api/v1/scripts/{script_id}/render", json={"locale": "en", **body})


@pytest.mark.parametrize(
    "text, reason",
    [
        (NESTED_LOOPS, "the script takes"),  # more than MAX_STEPS steps, or MAX_RENDER_MS on a busy machine
        ("{% for i in range(5000) %}{% endfor %}", str(MAX_RANGE)),
        ("{% for i in range(900) %}{{ 'x' * 100 }}{% endfor %}", f"longer than {MAX_LENGTH} characters"),
        ("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}", "the script takes"),
        ("{{ 'x'.ljust(1000000000) }}", str(MAX_LENGTH)),
        ("{{ '%0999999999d' % 1 }}", "width"),
        ("{% set t = 'x' * 20000 %}{{ t|replace('x', t) }}", "replace"),
        ("{{ 'x' * 1000000 }}", "repetition too large"),
        ("{{ 9 ** 99999 }}", "exponent too large"),
    ],
    ids=["nested-loops", "range", "output", "macro-recursion", "wide-call", "wide-format", "replace", "repeat", "power"],
)
async def test_script_over_a_bound_is_refused_at_save_with_the_reason(make_tenant, text, reason):
    tenant = await make_tenant()
    started = time.perf_counter()
    response = await tenant.post("/api/v1/scripts", json=script(text))
    assert time.perf_counter() - started < 5
    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert error["field"] == "texts.en" and "exceeds a bound" in error["message"] and reason in error["message"], error
    assert (await tenant.get("/api/v1/scripts/tenant.loops")).status_code == 404


async def test_loops_and_filters_within_the_bounds_still_render(make_tenant):
    tenant = await make_tenant()
    text = "{% for i in range(3) %}{{ i }}{% endfor %} {{ rows|join(', ') }} {{ 'a-b'|replace('-', '+') }}"
    assert (await tenant.post("/api/v1/scripts", json=script(text))).status_code == 201
    response = await render(tenant, "tenant.loops", variables={"rows": ["x", "y"]})
    assert response.status_code == 200, response.text
    assert response.json()["text"] == "012 x, y a+b"


async def test_loops_over_caller_data_are_bounded_at_render_while_health_answers(make_tenant):
    tenant = await make_tenant()
    assert (await tenant.post("/api/v1/scripts", json=script(LOOPS_OVER_CALLER_DATA))).status_code == 201
    rows = list(range(1000))

    async def health_latencies() -> list[float]:
        latencies = []
        for _ in range(5):
            started = time.perf_counter()
            assert (await tenant.client.get("/health")).status_code == 200
            latencies.append(time.perf_counter() - started)
            await asyncio.sleep(0.02)
        return latencies

    started = time.perf_counter()
    responses = await asyncio.gather(
        *(render(tenant, "tenant.loops", variables={"rows": rows}) for _ in range(3)), health_latencies()
    )
    elapsed = time.perf_counter() - started
    *renders, latencies = responses
    for response in renders:
        assert response.status_code == 422, response.text
        detail = response.json()["detail"]
        # the step bound, or on a busy machine the soft time bound, whichever comes first
        assert response.json()["errors"][0]["field"] == "texts.en", response.text
        assert "steps" in detail or f"longer than {MAX_RENDER_MS} ms" in detail, detail
    assert elapsed < 10 and max(latencies) < 2, (elapsed, latencies)


class Slow:
    """A value whose text takes longer than the hard timeout: stands for one step the sandbox
    cannot interrupt."""

    def __str__(self) -> str:
        time.sleep(RENDER_TIMEOUT_S + 1)
        return "slow"


async def test_render_runs_off_the_event_loop_and_stops_at_the_hard_timeout():
    ticks: list[float] = []

    async def ticker() -> None:
        while True:
            ticks.append(time.perf_counter())
            await asyncio.sleep(0.05)

    ticking = asyncio.create_task(ticker())
    started = time.perf_counter()
    try:
        with pytest.raises(ScriptError) as stopped:
            await render_bounded("{{ slow }}", {"slow": Slow()})
    finally:
        ticking.cancel()
    elapsed = time.perf_counter() - started
    assert stopped.value.exceeded and f"{RENDER_TIMEOUT_S} s" in str(stopped.value)
    assert RENDER_TIMEOUT_S <= elapsed < RENDER_TIMEOUT_S + 1, elapsed
    assert len(ticks) >= 10 and max(b - a for a, b in itertools.pairwise(ticks)) < 0.5
