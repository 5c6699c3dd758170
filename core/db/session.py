"""One database session and one transaction per request, bound to the caller's tenant."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator

from litestar import Request
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tenancy import bind_tenant

#: Where the authentication middleware leaves the session it checked the credential in.
SESSION_KEY = "shouhou.db"
log = logging.getLogger(__name__)


async def provide_db(request: Request) -> AsyncGenerator[AsyncSession, None]:
    """The request's session, bound to the authenticated principal's tenant (none for anonymous
    calls): the one the authentication middleware opened to check the credential, so the
    credential check and the work share one connection and one transaction; a new one otherwise.

    Commits after the handler returns and before the response is sent, so a failed commit is an
    error answer, never a success with nothing saved. Any exception rolls everything back; an
    exception carrying an ``after_rollback`` coroutine function (a plugin's failure,
    :class:`core.errors.PluginFailed`) then has it write, in a transaction of its own, what must be
    kept of the failure.
    """
    principal = request.scope.get("user")
    session: AsyncSession | None = request.scope.pop(SESSION_KEY, None)
    if session is None:
        session = request.app.state.session_maker()
        bind_tenant(session, principal.tenant_id if principal else None)
    try:
        yield session
    except BaseException as exc:
        await session.rollback()
        keep = getattr(exc, "after_rollback", None)
        if keep is not None:
            try:
                await keep(session)
                await session.commit()
            except Exception:  # never hide the failure being answered
                log.exception("could not keep the record of a failure")
                await session.rollback()
        raise
    else:
        await session.commit()
    finally:
        await session.close()
