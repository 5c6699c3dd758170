"""Recording answered questionnaires and their results per period (DOMAIN §12, 003 篇3 10.1.2).

Results of a period (``start`` to ``end``, tenant-local days, both included): for each area, the
number of answers, the mean score (two decimals) and the share of answers scoring 4 or 5
("satisfied"); an area nobody answered has no mean. Computed by the database (one ``GROUP BY``
per question), not by loading the answers.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.customers.service import get_customer
from core.errors import Invalid
from core.pagination import paginate
from core.periods import check_period
from core.reads import read_of
from core.related import all_of
from core.surveys.models import SurveyResponse
from core.surveys.schemas import AREAS, AreaResult, ResponseCreate, ResponseRead, Results
from core.timezones import check_not_future
from tenants.context import TenantContext

#: A score this high or higher is "satisfied".
SATISFIED = 4


async def record(session: AsyncSession, ctx: TenantContext, who: Principal, data: ResponseCreate) -> SurveyResponse:
    """Record an answered questionnaire: the customer the tenant's, the day not ahead, some area scored."""
    await get_customer(session, data.customer_id)
    check_not_future(ctx.tenant, "answered_on", data.answered_on)
    if all(getattr(data, area) is None for area in AREAS):
        raise Invalid(AREAS[0], "score at least one area of the questionnaire")
    response = SurveyResponse(
        customer_id=data.customer_id, channel=data.channel, answered_on=data.answered_on, comments=data.comments,
        recorded_by=who.user_id, **{area: getattr(data, area) for area in AREAS},
    )
    session.add(response)
    await session.flush()
    return response


async def results(session: AsyncSession, start: date, end: date) -> Results:
    """The period's results per area and per channel, computed by the database."""
    check_period(start, end)
    period = (SurveyResponse.answered_on >= start, SurveyResponse.answered_on <= end)
    columns = []
    for area in AREAS:
        score = getattr(SurveyResponse, area)
        columns += [func.count(score), func.avg(score), func.sum(case((score >= SATISFIED, 1), else_=0))]
    row = (await session.execute(select(func.count(), *columns).where(*period))).one()
    areas = []
    for i, area in enumerate(AREAS):
        answers, mean, satisfied = row[1 + 3 * i], row[2 + 3 * i], row[3 + 3 * i]
        areas.append(AreaResult(area=area, answers=answers, mean=round(float(mean), 2) if answers else None,
                                satisfied_rate=round(satisfied / answers, 4) if answers else None))
    channels = dict((await session.execute(
        select(SurveyResponse.channel, func.count()).where(*period).group_by(SurveyResponse.channel))).all())
    return Results(start=start, end=end, responses=row[0], areas=areas, channels=channels)


async def response_page(session: AsyncSession, *, limit: int | None, cursor: str | None) -> tuple[list, str | None]:
    return await paginate(session, select(SurveyResponse), SurveyResponse.id, limit=limit, cursor=cursor)


def response_read(response: SurveyResponse) -> ResponseRead:
    return read_of(ResponseRead, response)


async def of_customer(session: AsyncSession, customer_id: UUID) -> list[SurveyResponse]:
    """The questionnaires a customer answered, oldest first (the PIPL access report)."""
    return await all_of(session, SurveyResponse.customer_id, customer_id)
