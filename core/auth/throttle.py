"""Throttles of login, signup and password-reset requests, kept in the database so every app
node shares them.

Each check is ONE atomic statement (``INSERT … ON CONFLICT DO UPDATE … RETURNING`` on SQLite and
PostgreSQL) in its own short transaction, never a read followed by a write: concurrent requests
can never all pass a check that only some of them should.

* Login is throttled per *pair* of source address and account (tenant slug + e-mail): an attempt
  is counted *before* its password is checked, so at most ``login_max_failures`` checks run for a
  pair however many arrive at once; the attempt that reaches the limit holds the pair back for
  ``login_backoff_seconds``, and each further failure doubles the hold (up to
  ``login_backoff_max_seconds``). A correct password clears the pair. A stranger's failures
  therefore hold back only the stranger's own address, never the account's owner elsewhere.
* Signups (per source and across all sources) and reset requests (per source) are fixed-window
  counters answering 429 with ``Retry-After`` once over their limit.
"""

from __future__ import annotations

import hashlib
import time

from sqlalchemy import and_, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from core.auth.models import Throttle
from core.errors import Throttled
from core.i18n.translate import N_
from core.settings import Settings

TOO_MANY_LOGINS = N_("too many failed logins; try again later")
TOO_MANY_SIGNUPS = N_("too many signups; try again later")
TOO_MANY_RESETS = N_("too many password-reset requests; try again later")
#: Counters older than this (past their window and hold) are deleted; keep the windows and the
#: longest login hold below it.
FORGET_AFTER = 2 * 24 * 3600
#: How many doublings of the login hold are spelled out before the cap applies.
_LADDER_STEPS = 16


def source_of(connection) -> str:
    """The client address of a request. Behind a reverse proxy, run uvicorn with
    ``--proxy-headers --forwarded-allow-ips=<proxy>`` so this is the real client."""
    client = connection.client
    return client.host if client else "unknown"


def throttle_key(*parts: str) -> str:
    """The stored key of what is counted: a SHA-256, so no address or e-mail is kept."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _insert(maker):
    """An ``INSERT`` of the dialect the session maker is bound to (both have ``ON CONFLICT``)."""
    dialect = maker.kw["bind"].dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Throttle)


async def _run(maker, stmt):
    """Run one statement in its own transaction and commit it at once."""
    async with maker() as session:
        row = (await session.execute(stmt)).first()
        await session.commit()
        return row


def _hold(hits, now: int, settings: Settings):
    """The ``blocked_until`` an attempt count gives: none below the limit, then the back-off
    doubling from ``login_backoff_seconds`` up to ``login_backoff_max_seconds``."""
    limit, base, cap = settings.login_max_failures, settings.login_backoff_seconds, settings.login_backoff_max_seconds
    ladder = {limit + step: min(base * 2**step, cap) for step in range(_LADDER_STEPS)}
    return case((hits >= limit, now + case(ladder, value=hits, else_=cap)), else_=0)


async def claim_login(maker, settings: Settings, source: str, tenant: str, email: str) -> str:
    """Count a login attempt for (source, tenant, e-mail) before its password is checked; raise
    429 with ``Retry-After`` when the pair is held back. Returns the key, to :func:`clear` it on
    success."""
    key = throttle_key("login", source, tenant, email)
    now = int(time.time())
    window = settings.login_window_seconds
    fresh = and_(Throttle.window_start + window <= now, Throttle.blocked_until + window <= now)
    hits = case((fresh, 1), else_=Throttle.hits + 1)
    stmt = _insert(maker).values(
        key=key, hits=1, window_start=now, blocked_until=now + settings.login_backoff_seconds
        if settings.login_max_failures <= 1 else 0,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[Throttle.key],
        set_={
            "hits": hits,
            "window_start": case((fresh, now), else_=Throttle.window_start),
            "blocked_until": _hold(hits, now, settings),
        },
        where=Throttle.blocked_until <= now,
    ).returning(Throttle.hits)
    if await _run(maker, stmt) is None:
        async with maker() as session:
            until = await session.scalar(select(Throttle.blocked_until).where(Throttle.key == key))
        raise Throttled(TOO_MANY_LOGINS, retry_after=max(1, (until or now) - now))
    return key


async def clear(maker, key: str) -> None:
    """Forget a key's attempts (a correct password)."""
    async with maker() as session:
        await session.execute(delete(Throttle).where(Throttle.key == key))
        await session.commit()


async def count(maker, key: str, *, limit: int, window: int, message: str) -> None:
    """Count one request against a fixed-window ``limit``; 429 with ``Retry-After`` past it."""
    now = int(time.time())
    fresh = Throttle.window_start + window <= now
    stmt = _insert(maker).values(key=key, hits=1, window_start=now, blocked_until=0)
    stmt = stmt.on_conflict_do_update(
        index_elements=[Throttle.key],
        set_={
            "hits": case((fresh, 1), else_=Throttle.hits + 1),
            "window_start": case((fresh, now), else_=Throttle.window_start),
        },
    ).returning(Throttle.hits, Throttle.window_start)
    hits, started = await _run(maker, stmt)
    if hits > limit:
        raise Throttled(message, retry_after=max(1, started + window - now))


async def count_signup(maker, settings: Settings, source: str) -> None:
    """A signup from ``source``: limited per source, then across all sources."""
    window = settings.signup_window_seconds
    await count(maker, throttle_key("signup", source), limit=settings.signup_limit_per_source,
                window=window, message=TOO_MANY_SIGNUPS)
    await count(maker, throttle_key("signup", "*"), limit=settings.signup_limit_global,
                window=window, message=TOO_MANY_SIGNUPS)


async def count_reset(maker, settings: Settings, source: str) -> None:
    """A password-reset request from ``source`` (limits mail sent on strangers' behalf)."""
    await count(maker, throttle_key("reset", source), limit=settings.reset_limit_per_source,
                window=settings.signup_window_seconds, message=TOO_MANY_RESETS)


async def purge(maker, older_than: int = FORGET_AFTER) -> int:
    """Delete counters nothing remembers any more: ``older_than`` seconds past both their window's
    start and their hold (the worker runs this every round)."""
    now = int(time.time())
    stale = and_(Throttle.window_start + older_than <= now, Throttle.blocked_until + older_than <= now)
    async with maker() as session:
        result = await session.execute(delete(Throttle).where(stale))
        await session.commit()
    return result.rowcount or 0
