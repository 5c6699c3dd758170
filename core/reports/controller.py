"""HTTP: the monthly service-quality report as JSON and as CSV."""

from __future__ import annotations

from litestar import Response, get
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import requires_role
from core.auth.resource import ApiResource
from core.exports import XLSX_TYPE, csv_response, table_response
from core.reports import service
from core.reports.schemas import ServiceQualityReport
from tenants.context import TenantContext

READERS = ("admin", "manager", "viewer")


class ReportController(ApiResource, path="/api/v1/reports", tag="reports", guards=[requires_role(*READERS)]):
    @get("/service-quality")
    async def service_quality(
        self, db: AsyncSession, ctx: TenantContext, month: str | None = Parameter(default=None, description="YYYY-MM")
    ) -> ServiceQualityReport:
        """The month's service quality: tickets by kind and status, SLA compliance, complaints by
        type and step, revisit completion and satisfaction, per technician and per agent."""
        return await service.service_quality(db, ctx.tenant, month or service.default_month(ctx.tenant))

    @get("/service-quality.csv", media_type="text/csv")
    async def service_quality_csv(
        self, db: AsyncSession, ctx: TenantContext, month: str | None = Parameter(default=None, description="YYYY-MM")
    ) -> Response[str]:
        """The same report as CSV (UTF-8 with BOM, so spreadsheet programs read Chinese)."""
        month = month or service.default_month(ctx.tenant)
        report = await service.service_quality(db, ctx.tenant, month)
        return csv_response(service.to_csv_rows(report), f"service-quality-{report.month}.csv")

    @get("/service-quality.xlsx", media_type=XLSX_TYPE)
    async def service_quality_xlsx(
        self, db: AsyncSession, ctx: TenantContext, month: str | None = Parameter(default=None, description="YYYY-MM")
    ) -> Response[bytes]:
        """The same report as an XLSX workbook (the CSV's rows; text cells never formulas)."""
        report = await service.service_quality(db, ctx.tenant, month or service.default_month(ctx.tenant))
        return await table_response(service.to_csv_rows(report), f"service-quality-{report.month}", "xlsx")
