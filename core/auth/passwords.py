"""Password hashing with argon2id, off the event loop, and the password rule (NIST SP 800-63B).

Hashing and checking take tens of milliseconds of CPU each (far more on a busy machine); they run
in a bounded pool of threads (argon2 releases the GIL), so a login storm never stalls the event
loop. On Linux the pool's threads can run at a lower scheduling priority
(``SHOUHOU_PASSWORD_NICENESS``), so when the cores are scarce the event loop (every other request)
is served first and logins queue; on a host shared with other busy processes a high niceness
starves the logins, hence the default 0.

Logins themselves wait at a gate (:func:`password_gate`) before they touch the database: only
twice as many as the pool has threads go through at once, the rest wait without holding a
connection, so a login storm never queues every other request behind it for the connection pool.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from core.errors import Invalid
from core.i18n.translate import N_

_hasher = PasswordHasher()
#: Verified against when the user is unknown, so both answers take the same time.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")
MIN_LENGTH = 10
#: Longer input is refused before hashing (NIST asks to allow at least 64 characters).
MAX_LENGTH = 256
TOO_SHORT = N_("must be at least 10 characters")
TOO_LONG = N_("must be at most 256 characters")
TOO_COMMON = N_("is a common or breached password; choose another")

def configure_hasher(time_cost: int, memory_kib: int) -> None:
    """Hash new passwords with argon2id at this cost (passes, KiB of memory); stored hashes carry
    their own cost, so a change only affects hashes made from now on. Called when the app is built."""
    global _hasher, _DUMMY_HASH
    if (_hasher.time_cost, _hasher.memory_cost) == (time_cost, memory_kib):
        return
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)
    _DUMMY_HASH = _hasher.hash("not a real password, only for timing")


_pool: ThreadPoolExecutor | None = None
_pool_shape = (0, 0)


def configure_pool(workers: int = 0, niceness: int = 0) -> None:
    """Size the hashing pool (``0``: one thread per core) and set its threads' niceness (Linux).
    Called when the app is built."""
    global _pool, _pool_shape
    shape = (workers or os.cpu_count() or 2, niceness)
    if _pool is not None and _pool_shape == shape:
        return
    old, _pool, _pool_shape = _pool, ThreadPoolExecutor(
        max_workers=shape[0], thread_name_prefix="argon2", initializer=_lower_priority, initargs=(niceness,)
    ), shape
    if old is not None:
        old.shutdown(wait=False)


def _lower_priority(niceness: int) -> None:
    """Run the calling pool thread (its own Linux task) at ``niceness``."""
    if niceness and sys.platform == "linux":
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)


def _executor() -> ThreadPoolExecutor:
    if _pool is None:
        configure_pool()
    return _pool


_gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


@asynccontextmanager
async def password_gate():
    """Hold one of the event loop's password-check places (twice the hashing pool's threads) for
    a whole login: its throttle count, reads, check and token. Waiting here costs no connection."""
    loop = asyncio.get_running_loop()
    gate = _gates.get(loop)
    if gate is None:
        _executor()
        gate = _gates[loop] = asyncio.Semaphore(2 * _pool_shape[0])
    async with gate:
        yield


def _hash(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def hash_password(password: str) -> str:
    """The argon2id hash of ``password``, computed in the hashing pool."""
    return await asyncio.get_running_loop().run_in_executor(_executor(), _hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password in the hashing pool; with ``password_hash=None`` still spend the time of a
    real check (unknown users answer as slowly as known ones)."""
    return await asyncio.get_running_loop().run_in_executor(_executor(), _verify, password_hash, password)


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords of public breach corpora (shipped with zxcvbn)."""
    return frozenset(FREQUENCY_LISTS["passwords"])


def check_password_strength(password: str, field: str = "password") -> None:
    """NIST SP 800-63B: at least 10 characters, at most 256, and not a known common or breached
    password (compared case-insensitively). 422 naming ``field`` otherwise."""
    if len(password) < MIN_LENGTH:
        raise Invalid(field, TOO_SHORT)
    if len(password) > MAX_LENGTH:
        raise Invalid(field, TOO_LONG)
    if password.lower() in common_passwords() or password.strip().lower() in common_passwords():
        raise Invalid(field, TOO_COMMON)
