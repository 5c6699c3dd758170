"""The agents' monthly rebate statement (``/t/{slug}/rebates?month=YYYY-MM``, DOMAIN §11, 003
交易返傭服務): one row per agent, the totals, whether it is issued and on time, and the CSV."""

from __future__ import annotations

from datetime import timedelta

from litestar import Request, Response, get
from sqlalchemy.ext.asyncio import AsyncSession

from core.exports import csv_response, table_response
from core.months import month_of
from core.rebates import statements
from core.rebates.controller import READERS
from core.rebates.schemas import StatementRead
from core.timezones import tenant_today
from core.web.forms import month_asked
from core.web.pages import TenantPages, tenant_page
from tenants.context import TenantContext

#: The CSV's columns, the statement line's fields.
CSV_FIELDS = ("transactions_fen", "rebate_fen", "paid_fen", "earned_to_date_fen", "paid_to_date_fen", "pending_fen")


def last_month(tenant) -> str:
    """The month whose statement is due by the 6th: the one before today's (tenant's zone)."""
    return month_of(tenant_today(tenant).replace(day=1) - timedelta(days=1))


def csv_rows(statement: StatementRead) -> list[list[str]]:
    """The statement as rows: a header, one row per agent in fen, and the totals."""
    rows = [["month", "agent", "rebate_percent", *CSV_FIELDS]]
    rows += [[statement.month, line.agent_name, str(line.rebate_percent), *(str(getattr(line, f)) for f in CSV_FIELDS)]
             for line in statement.lines]
    t = statement.totals
    rows.append([statement.month, "total", "", str(t.transactions_fen), str(t.rebate_fen), str(t.paid_fen), "", "",
                 str(t.pending_fen)])
    return rows


class RebatePages(TenantPages, section="/rebates", roles=READERS):
    """``/t/{slug}/rebates…``: for the desk and viewers."""

    @get("/")
    async def statement(self, request: Request, db: AsyncSession, ctx: TenantContext, month: str = "") -> Response:
        """The month's statement per agent (last month by default); a bad month comes back beside its field."""
        chosen, form, status_code = month_asked(month, last_month(ctx.tenant))
        found = await statements.statement(db, ctx.tenant, chosen)
        return tenant_page(request, ctx, "rebates/statement.html", status_code=status_code, statement=found,
                           form=form, month=chosen)

    @get("/statement.csv")
    async def export(self, db: AsyncSession, ctx: TenantContext, month: str = "") -> Response:
        """The month's statement as CSV (UTF-8 with BOM, amounts in fen)."""
        found = await statements.statement(db, ctx.tenant, month or last_month(ctx.tenant))
        return csv_response(csv_rows(found), f"rebates-{found.month}.csv")

    @get("/statement.xlsx")
    async def export_xlsx(self, db: AsyncSession, ctx: TenantContext, month: str = "") -> Response:
        """The month's statement as XLSX (the CSV's rows; text cells never formulas)."""
        found = await statements.statement(db, ctx.tenant, month or last_month(ctx.tenant))
        return await table_response(csv_rows(found), f"rebates-{found.month}", "xlsx")
