"""What a worker runs, as the worker sees it: the periodic sweeps (a job kind, its period, its
handler) and the handler of every job kind, installed by the composition module
:mod:`core.sweeps` (which knows the contexts; the worker knows none of them).

A sweep's period label goes into the job's dedupe key, so one period gives one job however many
workers enqueue it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from core.timezones import tenant_now, tenant_today

#: ``(session, ctx, payload) -> result``: a job's work, in a session bound to the job's tenant.
Handler = Callable[[Any, Any, dict], Awaitable[Any]]


@dataclass(frozen=True)
class Sweep:
    """One periodic sweep: its job kind, its period and its handler."""

    kind: str
    #: ``(tenant, now, interval_seconds) -> (period label, payload)``
    period: Callable[[Any, datetime, int], tuple[str, dict]]
    handler: Handler


def daily(tenant, now: datetime, _interval: int) -> tuple[str, dict]:
    """Once per day of the tenant's calendar."""
    today = tenant_today(tenant, now).isoformat()
    return today, {"date": today}


def the_day(payload: dict) -> date:
    """The day of the tenant's calendar a :func:`daily` job is for."""
    return date.fromisoformat(payload["date"])


def hourly(tenant, now: datetime, _interval: int) -> tuple[str, dict]:
    """Once per hour of the tenant's clock (a reminder "from 09:00" goes out in the 09:00 hour)."""
    hour = tenant_now(tenant, now).strftime("%Y-%m-%dT%H")
    return hour, {"hour": hour}


def every_interval(_tenant, now: datetime, interval: int) -> tuple[str, dict]:
    """Once per ``sweep_interval_seconds``."""
    slot = int(now.timestamp() // max(interval, 1))
    return str(slot), {"at": now.isoformat()}


_periodic: tuple[Sweep, ...] = ()
_handlers: dict[str, Handler] = {}


def install(periodic: Iterable[Sweep], handlers: Mapping[str, Handler]) -> None:
    """Make ``periodic`` the sweeps every tenant gets and ``handlers`` what each job kind runs."""
    global _periodic
    _periodic = tuple(periodic)
    _handlers.clear()
    _handlers.update(handlers)


def periodic() -> tuple[Sweep, ...]:
    """The installed sweeps; refuses to run a worker that was given none."""
    if not _periodic:
        raise RuntimeError("no sweeps installed: the process must import core.sweeps")
    return _periodic


def handler_for(kind: str) -> Handler:
    """What a job of ``kind`` runs (``LookupError`` for a kind nothing handles)."""
    try:
        return _handlers[kind]
    except KeyError:
        raise LookupError(f"no handler for job kind {kind!r}") from None
