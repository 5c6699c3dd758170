"""The monthly service-quality report as a dashboard (``/t/{slug}/reports?month=YYYY-MM``): key
figures, SVG charts drawn on the server (SLA and revisit satisfaction over six months, complaints
by type and by step, workload per technician) and the CSV export."""

from __future__ import annotations

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from litestar import Request, Response, get
from sqlalchemy.ext.asyncio import AsyncSession

from core.audits import service as audits
from core.calls import service as calls
from core.complaints.workflow import STATES
from core.exports import csv_response, table_response
from core.i18n.translate import N_, gettext
from core.months import parse_month
from core.patrols import service as patrols
from core.reports import service
from core.reports.controller import READERS
from core.reports.schemas import ServiceQualityReport
from core.reports.trend import TrendPoint, trend
from core.timezones import tenant_today
from core.visits import seasons
from core.web.charts import bar_chart, percent, rate_chart
from core.web.complaints import STATE_LABELS, TYPE_LABELS
from core.web.forms import month_asked
from core.web.pages import TenantPages, tenant_page
from core.web.templating import request_locale
from tenants.context import TenantContext

#: How many months the trend charts show, the chosen month last.
TREND_MONTHS = 6

SERIES = {
    "respond": N_("Response on time"),
    "resolve": N_("Resolution on time"),
    "satisfaction": N_("Satisfied"),
    "tickets": N_("Tickets"),
    "resolved": N_("Resolved"),
    "complaints": N_("Complaints"),
}


def trend_months(month: str) -> list[str]:
    """The ``TREND_MONTHS`` months ending with ``month``, oldest first."""
    last = parse_month(month)
    return [f"{last - relativedelta(months=n):%Y-%m}" for n in range(TREND_MONTHS - 1, -1, -1)]


def charts(current: ServiceQualityReport, points: list[TrendPoint], locale: str) -> dict:
    """The dashboard's charts: the chosen month's report and the trend ending with it."""
    def t(message: str) -> str:
        return gettext(locale, message)

    months = [p.month for p in points]
    by_step = current.complaints.by_step
    return {
        "sla": rate_chart("chart-sla", months, [
            (t(SERIES["respond"]), [p.respond_sla.rate for p in points]),
            (t(SERIES["resolve"]), [p.resolve_sla.rate for p in points]),
        ]),
        "satisfaction": rate_chart("chart-satisfaction", months, [
            (t(SERIES["satisfaction"]), [p.satisfaction_rate for p in points]),
        ]),
        "types": bar_chart("chart-types", [t(SERIES["complaints"])], [
            (t(TYPE_LABELS.get(k, k)), [v]) for k, v in sorted(current.complaints.by_type.items())
        ]),
        "steps": bar_chart("chart-steps", [t(SERIES["complaints"])], [
            (t(STATE_LABELS.get(s, s)), [by_step[s]]) for s in STATES if by_step.get(s)
        ]),
        "workload": bar_chart("chart-workload", [t(SERIES["tickets"]), t(SERIES["resolved"])], [
            (p.name or str(p.user_id)[:8], [p.tickets, p.resolved]) for p in current.technicians
        ]),
    }


async def _latest_seasons(db: AsyncSession) -> list[tuple]:
    """The two latest seasonal inspection rounds with their visits done / total (DOMAIN §12, 004 1.3)."""
    rows, _cursor = await seasons.campaign_page(db, limit=2, cursor=None)
    done = await seasons.progress(db, [c.id for c in rows])
    return [(c, done[c.id]) for c in rows]


class ReportPages(TenantPages, section="/reports", roles=READERS):
    """``/t/{slug}/reports…``: for admins, managers and viewers."""

    @get("/")
    async def dashboard(self, request: Request, db: AsyncSession, ctx: TenantContext, month: str = "") -> Response:
        """The month's service quality with six-month trends; a bad month comes back beside its field."""
        chosen, form, status_code = month_asked(month, service.default_month(ctx.tenant))
        months = trend_months(chosen)
        report = await service.service_quality(db, ctx.tenant, months[-1])
        points = await trend(db, ctx.tenant, months)
        first = parse_month(report.month)
        last = first + relativedelta(months=1) - timedelta(days=1)
        # The share comes from the call log, a secret record (DOMAIN §5): shown to those who may read it.
        rings = await calls.stats(db, ctx, request.user, first, last) if await calls.may_read(db, request.user) else None
        return tenant_page(
            request, ctx, "reports/dashboard.html", status_code=status_code, report=report, form=form,
            charts=charts(report, points, request_locale(request)), percent=percent, month=report.month,
            type_labels=TYPE_LABELS, rings=rings,
            visits=await patrols.summary(db, ctx, first, last) if await patrols.may_read(db, request.user.role) else None,
            audits=await audits.counts(db, tenant_today(ctx.tenant)),
            seasons=await _latest_seasons(db),
        )

    @get("/service-quality.csv")
    async def export(self, db: AsyncSession, ctx: TenantContext, month: str = "") -> Response:
        """The month's report as CSV, the same rows as ``GET /api/v1/reports/service-quality.csv``."""
        report = await service.service_quality(db, ctx.tenant, month or service.default_month(ctx.tenant))
        return csv_response(service.to_csv_rows(report), f"service-quality-{report.month}.csv")

    @get("/service-quality.xlsx")
    async def export_xlsx(self, db: AsyncSession, ctx: TenantContext, month: str = "") -> Response:
        """The month's report as XLSX, the same rows as ``GET /api/v1/reports/service-quality.xlsx``."""
        report = await service.service_quality(db, ctx.tenant, month or service.default_month(ctx.tenant))
        return await table_response(service.to_csv_rows(report), f"service-quality-{report.month}", "xlsx")
