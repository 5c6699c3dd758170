"""Service levels without the API: the SLA policy, the business calendar (a year of public
holidays and make-up working days) and the quiet hours of customer calls, for managers and
admins. Each form posts, saves through its context's service and redirects back (or comes back
with the errors beside their fields, nothing saved)."""

from __future__ import annotations

import re
from collections.abc import Awaitable
from datetime import date

import msgspec
from litestar import Request, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import MANAGERS
from core.errors import Invalid
from core.i18n.translate import N_
from core.revisits import service as revisits
from core.revisits.policy import load_policy, save_policy
from core.sla import business_calendar
from core.sla import policy as policies
from core.sla.schemas import CalendarYearIn, SlaPolicyIn
from core.timezones import tenant_today, tenant_zone
from core.web.forms import INVALID, REQUIRED, FormState, convert, read_form
from core.web.pages import TenantPages, save_form, tenant_page
from tenants.context import TenantContext

#: The policy fields the form edits (the escalation ladder keeps what the tenant has).
POLICY_FIELDS = ("respond_in_province_hours", "respond_out_of_province_hours", "escalate_open_question_minutes",
                 "simple_resolve_hours", "complex_resolve_hours", "resolve_working_days", "hours_count",
                 "workday_start", "workday_end")
NOT_A_DATE = N_("one date per line, like 2027-01-01")
NOT_A_PERIOD = N_("one period per line, like 22:00-08:00")
NOT_IN_YEAR = N_("every date must fall in the year entered")
HOLIDAY_AND_WORKING_DAY = N_("a day cannot be both a public holiday and a make-up working day")
DATES = re.compile(r"[\s,，、;；]+")


def parse_dates(text: str, field: str) -> list[date]:
    """Dates typed one per line (or separated by commas)."""
    try:
        return sorted({date.fromisoformat(part) for part in DATES.split(text.strip()) if part})
    except ValueError as exc:
        raise Invalid(field, NOT_A_DATE) from exc


def parse_periods(text: str) -> list[list[str]]:
    """Quiet periods typed one per line as ``HH:MM-HH:MM``."""
    periods = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = re.fullmatch(r"\s*(\d{1,2}:\d{2})\s*[-–~至到]\s*(\d{1,2}:\d{2})\s*", line)
        if match is None:
            raise Invalid("quiet_hours", NOT_A_PERIOD)
        periods.append([match.group(1).zfill(5), match.group(2).zfill(5)])
    return periods


async def save_sla_policy(db: AsyncSession, data: SlaPolicyIn) -> None:
    """Check the posted policy (what the wire types cannot) and save it."""
    await policies.save_policy(db, policies.policy_from(data))


class ServiceLevelPages(TenantPages, section="/admin/service-levels", roles=MANAGERS):
    """``/t/{slug}/admin/service-levels``"""

    @get("/")
    async def page(self, request: Request, db: AsyncSession, ctx: TenantContext, saved: str = "") -> Response:
        """The three forms with what is in force now."""
        return await self._page(request, db, ctx, saved=saved)

    async def _page(self, request: Request, db: AsyncSession, ctx: TenantContext, *, saved: str = "",
                    policy_form: FormState | None = None, calendar_form: FormState | None = None,
                    quiet_form: FormState | None = None, status_code: int = 200) -> Response:
        policy = await policies.effective_policy(db, ctx)
        today = tenant_today(ctx.tenant)
        calendar = await business_calendar.calendar_read(db, today)
        if policy_form is None:
            values = {k: "" if v is None else str(v) for k, v in msgspec.to_builtins(policy).items() if k in POLICY_FIELDS}
            values["close_needs_service_record"] = "on" if policy.close_needs_service_record else ""
            policy_form = FormState(values=values, prefix="p-")
        quiet = await load_policy(db)
        if quiet_form is None:
            quiet_form = FormState(values={"quiet_hours": "\n".join(f"{a}-{b}" for a, b in quiet.quiet_hours)},
                                   prefix="q-")
        next_year = calendar.warnings[0].year if calendar.warnings else today.year + 1
        calendar_form = calendar_form or FormState(values={"year": str(next_year)}, prefix="c-")
        return tenant_page(request, ctx, "admin/service_levels.html", status_code=status_code, saved=saved,
                           policy=policy, policy_form=policy_form, calendar=calendar, calendar_form=calendar_form,
                           quiet_form=quiet_form)

    @post("/policy")
    async def save_sla(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Save the SLA policy (the escalation ladder in force is kept)."""
        values = await read_form(request)
        state = FormState(values=values, prefix="p-")
        current = await policies.effective_policy(db, ctx)
        fields = {k: values.get(k, "") for k in POLICY_FIELDS}
        data = convert({**fields, "close_needs_service_record": values.get("close_needs_service_record") == "on",
                        "escalation_ladder": [msgspec.to_builtins(r) for r in current.escalation_ladder]},
                       SlaPolicyIn, state)
        command = save_sla_policy(db, data) if data is not None else None
        return await self._save(request, db, ctx, state, command, "policy")

    @post("/calendar")
    async def import_year(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Import a year of public holidays and make-up working days (replacing that year's)."""
        values = await read_form(request)
        state = FormState(values=values, prefix="c-")
        try:
            year = int(values.get("year", ""))
        except ValueError:
            state.errors["year"] = INVALID
        if not values.get("source", "").strip():
            state.errors["source"] = REQUIRED
        try:
            holidays = parse_dates(values.get("holidays", ""), "holidays")
            working = parse_dates(values.get("working_days", ""), "working_days")
        except Invalid as exc:
            state.fail(exc)
        if state.ok:
            # Checked here so that the error stands beside its field (the service names the date by its index).
            for name, days in (("holidays", holidays), ("working_days", working)):
                if any(d.year != year for d in days):
                    state.errors[name] = NOT_IN_YEAR
            if set(holidays) & set(working):
                state.errors.setdefault("working_days", HOLIDAY_AND_WORKING_DAY)
        command = None
        if state.ok:
            data = CalendarYearIn(source=values["source"].strip(), holidays=holidays, working_days=working)
            command = business_calendar.import_year(db, year, data, request.user.user_id)
        return await self._save(request, db, ctx, state, command, "calendar")

    @post("/quiet-hours")
    async def save_quiet_hours(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Save the quiet hours of customer calls; open calls falling in them move out."""
        values = await read_form(request)
        state = FormState(values=values, prefix="q-")

        async def save() -> None:
            current = await load_policy(db)
            policy = await save_policy(db, tenant_zone(ctx.tenant), {
                **current.__dict__, "quiet_hours": parse_periods(values.get("quiet_hours", ""))})
            await revisits.reschedule_open(db, ctx, policy)

        return await self._save(request, db, ctx, state, save(), "quiet")

    async def _save(self, request: Request, db: AsyncSession, ctx: TenantContext, state: FormState,
                    command: Awaitable[object] | None, form: str) -> Response:
        """Save one of the three forms (``form``: policy, calendar or quiet): back to the page at
        that form, saying so, or the page again with the form's errors beside their fields (422)."""
        return await save_form(
            db, ctx, state, command, to=f"/t/{ctx.tenant.slug}/admin/service-levels/?saved={form}#{form}",
            again=lambda state: self._page(request, db, ctx, status_code=422, **{f"{form}_form": state}))
