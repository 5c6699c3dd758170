"""One database session and one transaction per request, bound to the caller's tenant."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator

from litestar import Request
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tenancy import bind_tenant

#: Where the request's session is kept while the request runs: the authentication middleware leaves
#: the one it checked the credential in, :func:`provide_db` the one it opens, and the middleware
#: closes whatever is still there when the request ends.
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

    The session stays in the request's scope until this cleanup has run. Litestar runs no cleanup
    for a dependency when one resolved after it raises (``ctx`` failing to load its tenant's
    settings, say): the session is then still in the scope when the request ends, and the
    authentication middleware closes it, rolling its transaction back, instead of leaving the
    connection to the garbage collector.
    """
    session: AsyncSession | None = request.scope.get(SESSION_KEY)
    if session is None:
        principal = request.scope.get("user")
        session = request.scope[SESSION_KEY] = request.app.state.session_maker()
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
        request.scope.pop(SESSION_KEY, None)
        await session.close()
