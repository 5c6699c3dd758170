"""HTTP: satisfaction questionnaires (满意度调查表, DOMAIN §12, 003 篇3 10.1.2)."""

from __future__ import annotations

from datetime import date

from litestar import Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import DESK, requires_role
from core.auth.resource import ApiResource
from core.pagination import Page
from core.surveys import service
from core.surveys.schemas import ResponseCreate, ResponseRead, Results
from tenants.context import TenantContext


class SurveyController(ApiResource, path="/api/v1/surveys", tag="satisfaction questionnaires"):
    @post("/responses", guards=[requires_role(*DESK)])
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext, data: ResponseCreate) -> Response:
        """Record a customer's answered questionnaire (by phone, letter, on site, fax or e-mail)."""
        return await idempotency.create_once(
            db, request, lambda: service.record(db, ctx, request.user, data), service.response_read,
        )

    @get("/responses")
    async def list_responses(
        self, db: AsyncSession, limit: int | None = Parameter(default=None), cursor: str | None = Parameter(default=None),
    ) -> Page[ResponseRead]:
        """The answered questionnaires, newest first."""
        return Page.of(await service.response_page(db, limit=limit, cursor=cursor), service.response_read)

    @get("/results")
    async def results(self, start: date, end: date, db: AsyncSession) -> Results:
        """The results of a period (``start`` to ``end``, both included), per area and per channel.

        Per area the answers, the mean score and the share satisfied (4 or 5); per channel the count."""
        return await service.results(db, start, end)
