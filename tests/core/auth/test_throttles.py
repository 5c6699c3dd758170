"""Throttles (login per source and account, signup, reset requests) and password hashing off the
event loop."""

import asyncio
import gc
import time
import uuid

from sqlalchemy import delete, update

from core.testing import PASSWORD


def signup_body(slug: str | None = None) -> dict:
    slug = slug or f"s-{uuid.uuid4().hex[:10]}"
    return {"company_name": "限流公司", "slug": slug, "admin_email": f"admin@{slug}.test", "admin_password": PASSWORD}


async def test_a_stranger_never_locks_the_owner_out(from_address, tenant_a):
    """Failures from one address hold back only that address's attempts at the account."""
    stranger = from_address("203.0.113.7")
    owner = from_address("198.51.100.20")
    creds = {"tenant": tenant_a.slug, "email": tenant_a.admin_email}
    for _ in range(5):
        assert (await stranger.post("/api/v1/auth/login", json={**creds, "password": "wrong-password"})).status_code == 401
    held = await stranger.post("/api/v1/auth/login", json={**creds, "password": PASSWORD})
    assert held.status_code == 429
    assert int(held.headers["retry-after"]) >= 1
    assert (await owner.post("/api/v1/auth/login", json={**creds, "password": PASSWORD})).status_code == 200


async def test_unknown_tenants_are_throttled_like_known_ones(from_address):
    http = from_address("203.0.113.8")
    creds = {"tenant": f"ghost-{uuid.uuid4().hex[:6]}", "email": "x@y.test", "password": "wrong-password"}
    answers = [(await http.post("/api/v1/auth/login", json=creds)).status_code for _ in range(6)]
    assert answers == [401] * 5 + [429]


async def test_the_login_throttle_is_atomic_under_concurrency(from_address, tenant_a):
    """20 attempts at once: exactly 5 passwords are checked, the rest are held back unchecked."""
    http = from_address("203.0.113.9")
    creds = {"tenant": tenant_a.slug, "email": tenant_a.admin_email, "password": "wrong-password"}
    answers = await asyncio.gather(*(http.post("/api/v1/auth/login", json=creds) for _ in range(20)))
    codes = sorted(a.status_code for a in answers)
    assert codes.count(401) == 5, codes
    assert codes.count(429) == 15, codes


async def test_the_hold_doubles_with_each_further_failure(from_address, shouhou_sessions, tenant_a):
    """60 s after the 5th failure, then 120 s, then 240 s (the end of a hold is simulated by moving
    it into the past)."""
    from core.auth.models import Throttle
    from core.auth.throttle import throttle_key

    key = throttle_key("login", "203.0.113.10", tenant_a.slug, tenant_a.admin_email)

    async def end_hold():
        async with shouhou_sessions() as session:
            await session.execute(update(Throttle).where(Throttle.key == key).values(blocked_until=int(time.time()) - 1))
            await session.commit()

    http = from_address("203.0.113.10")
    creds = {"tenant": tenant_a.slug, "email": tenant_a.admin_email, "password": "wrong-password"}
    for _ in range(5):
        assert (await http.post("/api/v1/auth/login", json=creds)).status_code == 401
    holds = []
    for _ in range(3):
        held = await http.post("/api/v1/auth/login", json=creds)
        assert held.status_code == 429
        holds.append(int(held.headers["retry-after"]))
        await end_hold()
        assert (await http.post("/api/v1/auth/login", json=creds)).status_code == 401, "checked once more"
    assert 50 <= holds[0] <= 60 and 110 <= holds[1] <= 120 and 230 <= holds[2] <= 240, holds


async def test_a_correct_password_clears_the_failures(from_address, tenant_a):
    http = from_address("203.0.113.11")
    creds = {"tenant": tenant_a.slug, "email": tenant_a.admin_email}
    for _ in range(4):
        assert (await http.post("/api/v1/auth/login", json={**creds, "password": "wrong-password"})).status_code == 401
    assert (await http.post("/api/v1/auth/login", json={**creds, "password": PASSWORD})).status_code == 200
    for _ in range(4):
        assert (await http.post("/api/v1/auth/login", json={**creds, "password": "wrong-password"})).status_code == 401


async def test_signup_is_limited_per_source_with_retry_after(make_app, from_address):
    app = make_app(signup_limit_per_source=2, signup_window_seconds=600)
    first = from_address("192.0.2.1", app)
    for _ in range(2):
        assert (await first.post("/api/v1/signup", json=signup_body())).status_code == 201
    refused = await first.post("/api/v1/signup", json=signup_body())
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 600
    assert refused.json()["detail"] == "too many signups; try again later"
    other = from_address("192.0.2.2", app)
    assert (await other.post("/api/v1/signup", json=signup_body())).status_code == 201


async def test_signup_is_limited_globally(make_app, from_address, shouhou_sessions):
    from core.auth.models import Throttle
    from core.auth.throttle import throttle_key

    async with shouhou_sessions() as session:
        await session.execute(delete(Throttle).where(Throttle.key == throttle_key("signup", "*")))
        await session.commit()
    app = make_app(signup_limit_per_source=100, signup_limit_global=2)
    codes = [(await from_address(f"192.0.2.{10 + i}", app).post("/api/v1/signup", json=signup_body())).status_code
             for i in range(3)]
    assert codes == [201, 201, 429]


async def test_the_signup_page_is_limited_too(make_app, from_address):
    from tests.web.helpers import post_form

    app = make_app(signup_limit_per_source=1)
    http = from_address("192.0.2.30", app)
    fields = {"company_name": "页面公司", "admin_email": "boss@page.test", "admin_password": PASSWORD,
              "locale": "zh_Hans"}
    ok = await post_form(http, "/", "/signup", {**fields, "slug": f"p-{uuid.uuid4().hex[:8]}"})
    assert ok.status_code == 303
    http.cookies.clear()
    refused = await post_form(http, "/", "/signup", {**fields, "slug": f"p-{uuid.uuid4().hex[:8]}"})
    assert refused.status_code == 429 and "retry-after" in refused.headers


async def test_reset_requests_are_limited_per_source(make_app, from_address, tenant_a):
    app = make_app(reset_limit_per_source=2)
    http = from_address("192.0.2.40", app)
    body = {"tenant": tenant_a.slug, "email": tenant_a.admin_email}
    codes = [(await http.post("/api/v1/auth/password-reset", json=body)).status_code for _ in range(3)]
    assert codes == [202, 202, 429]


async def test_password_checks_leave_the_event_loop_free(make_app, from_address, tenant_a, shouhou_settings):
    """While 6 logins check their passwords at the production cost (argon2's RFC 9106 profile, not
    the test suite's cheap one), the event loop keeps ticking. Checks done on the loop would stall it
    for at least 6 checks' time in all; the loop may stall for at most 2 checks' time in all (a
    busy 2-core machine does preempt it now and then). The garbage collector is held during the
    storm: a full collection late in a long test run pauses the loop by itself."""
    from argon2 import PasswordHasher

    from core.auth.passwords import configure_hasher

    hasher = PasswordHasher()
    stored = hasher.hash(PASSWORD)
    started = time.perf_counter()
    hasher.verify(stored, PASSWORD)
    one_check = time.perf_counter() - started

    app = make_app(password_time_cost=hasher.time_cost, password_memory_kib=hasher.memory_cost)
    try:
        admin = from_address("198.18.1.1", app)
        email = f"storm-{uuid.uuid4().hex[:6]}@{tenant_a.slug}.test"
        created = await admin.post("/api/v1/users", headers=tenant_a.headers, json={
            "email": email, "name": "storm", "role": "agent", "password": PASSWORD})
        assert created.status_code == 201, created.text

        gaps: list[float] = []
        done = asyncio.Event()

        async def ticker():
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.002)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        creds = {"tenant": tenant_a.slug, "email": email, "password": PASSWORD}
        clients = [from_address(f"198.18.0.{i}", app) for i in range(6)]
        # Warm up first (the new app's pool connects, its code paths load): only the checks are timed.
        assert (await admin.post("/api/v1/auth/login", json=creds)).status_code == 200
        gc.collect()
        gc.disable()
        tick = asyncio.create_task(ticker())
        answers = await asyncio.gather(*(c.post("/api/v1/auth/login", json=creds) for c in clients))
        done.set()
        await tick
    finally:
        gc.enable()
        configure_hasher(*shouhou_settings.password_cost)
    assert all(a.status_code == 200 for a in answers)
    stalled = sum(gap for gap in gaps if gap > 0.02)
    assert stalled < 2 * one_check, (stalled, sorted(gaps)[-5:], one_check)


def test_passwords_are_hashed_at_the_rfc_9106_cost_outside_tests():
    """argon2id's RFC 9106 low-memory profile (3 passes over 64 MiB) everywhere but ``env="test"``;
    an operator may raise it."""
    from core.settings import Settings

    assert Settings(env="production").password_cost == (3, 65536)
    assert Settings(env="development").password_cost == (3, 65536)
    assert Settings(env="test").password_cost == (1, 1024)
    assert Settings(env="production", password_time_cost=4, password_memory_kib=131072).password_cost == (4, 131072)


async def test_a_login_storm_leaves_connections_for_everyone_else(make_app, from_address, tenant_a,
                                                                   shouhou_settings):
    """Logins wait at the password gate (twice the hashing pool's threads) before they take any
    connection: 16 logins at once with one hashing thread never hold more than a few of the pool's
    connections, so other requests are not queued behind the storm for a connection (without the
    gate every login takes one at once and the pool runs dry)."""
    from argon2 import PasswordHasher

    from core.auth.passwords import configure_hasher, configure_pool

    hasher = PasswordHasher()
    app = make_app(password_workers=1, password_time_cost=hasher.time_cost, password_memory_kib=hasher.memory_cost)
    try:
        admin = from_address("198.18.2.1", app)
        email = f"gate-{uuid.uuid4().hex[:6]}@{tenant_a.slug}.test"
        created = await admin.post("/api/v1/users", headers=tenant_a.headers, json={
            "email": email, "name": "gate", "role": "agent", "password": PASSWORD})
        assert created.status_code == 201, created.text
        creds = {"tenant": tenant_a.slug, "email": email, "password": PASSWORD}
        assert (await admin.post("/api/v1/auth/login", json=creds)).status_code == 200

        pool = app.state.engine.sync_engine.pool
        held: list[int] = []
        done = asyncio.Event()

        async def sampler():
            while not done.is_set():
                held.append(pool.checkedout())
                await asyncio.sleep(0.001)

        sample = asyncio.create_task(sampler())
        clients = [from_address(f"198.18.3.{i}", app) for i in range(16)]
        answers = await asyncio.gather(*(c.post("/api/v1/auth/login", json=creds) for c in clients))
        done.set()
        await sample
    finally:
        configure_pool(shouhou_settings.password_workers, shouhou_settings.password_niceness)
        configure_hasher(*shouhou_settings.password_cost)
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers if a.status_code != 200]
    assert max(held) <= 4, sorted(held)[-10:]
