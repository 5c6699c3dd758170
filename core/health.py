"""The health check."""

from __future__ import annotations

from litestar import Request, Response, get
from sqlalchemy import text


@get("/health", tags=["health"])
async def health(request: Request) -> Response[dict[str, str]]:
    """``{"status": "ok", "database": "ok"}`` when the database answers, else 503."""
    try:
        async with request.app.state.session_maker() as session:
            await session.execute(text("SELECT 1"))
    except Exception:
        return Response({"status": "degraded", "database": "error"}, status_code=503)
    return Response({"status": "ok", "database": "ok"})
