"""The revisit worklist (回访清单): the day's due and overdue calls, each with its script rendered
for the call, one-click outcomes and the satisfaction survey card (DOMAIN §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import DESK
from core.customers import queries as customer_queries
from core.errors import DomainError
from core.i18n import pick
from core.i18n.translate import N_
from core.revisits import service, topics
from core.revisits.rules import SENT_CHANNELS, rules_by_id
from core.revisits.schemas import Outcome
from core.revisits.script_variables import known_reasons
from core.revisits.worklist import worklist
from core.scripts.schemas import RenderRequest
from core.scripts.service import render_script
from core.scripts.variables import Shared, known, known_customers
from core.tickets import queries as ticket_queries
from core.timezones import tenant_today
from core.web.forms import INVALID, FormState, day_or, read_form
from core.web.pages import TenantPages, discard, tenant_page
from core.web.script_text import named_blanks
from core.web.templating import request_locale
from tenants.context import TenantContext

OUTCOMES = Outcome.__args__
OUTCOME_LABELS = {
    "satisfied": N_("Satisfied"), "neutral": N_("Neutral"), "unsatisfied": N_("Unsatisfied"),
    "unreachable": N_("Unreachable"), "sent": N_("Sent"),
}
#: Calls the worklist shows a page (the earliest deadlines first; the next page after them).
WORKLIST_SIZE = 100
#: The survey card (顾客意见调查卡): four scores from 1 (poor) to 5 (excellent), and a suggestion.
SCORES = (
    ("attitude", N_("Service attitude")), ("technical_ability", N_("Technical ability")),
    ("punctuality", N_("Punctuality")), ("service_items", N_("Service items done")),
)
SCORE_WORDS = {1: N_("1 · poor"), 2: N_("2 · fair"), 3: N_("3 · acceptable"), 4: N_("4 · good"), 5: N_("5 · excellent")}
#: The revisit service's messages shown beside the outcome buttons, marked to be translated.
SERVICE_MESSAGES = (N_("already recorded"),)


@dataclass
class Call:
    """One revisit as the worklist shows it (:func:`core.revisits.worklist.worklist`), with its
    customer and its ticket if any."""

    revisit: Any
    customer: Any
    ticket: Any
    reasons: list[str]
    #: The script as text runs, each followed by the name of the blank after it (see script_text).
    script: list[tuple[str, str | None]]
    overdue: bool
    form: FormState
    topics: dict[str, str]
    avoid_topics: list[str]


def request_topics(values: dict[str, str]) -> list[str]:
    """The ticked topic checkboxes (``topic:<id>``) of the call form."""
    return [name.removeprefix("topic:") for name, value in values.items() if name.startswith("topic:") and value == "on"]


def survey_of(values: dict[str, str], state: FormState) -> dict | None:
    """The survey card's answers (only those given); a score outside 1–5 is an error beside it."""
    survey: dict = {}
    for name, _label in SCORES:
        raw = values.get(name, "")
        if raw in ("1", "2", "3", "4", "5"):
            survey[name] = int(raw)
        elif raw:
            state.errors[name] = INVALID
    if suggestion := values.get("suggestion", "").strip():
        survey["suggestion"] = suggestion
    return survey or None


class RevisitPages(TenantPages, section="/revisits", roles=DESK):
    """``/t/{slug}/revisits``: for the customer-service desk."""

    @get("/")
    async def worklist(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The calls due on a day (today unless ``?day=``) and those overdue, earliest deadline
        first, each with its script."""
        return await self._worklist_page(request, db, ctx)

    async def _worklist_page(self, request: Request, db: AsyncSession, ctx: TenantContext,
                             forms: dict[UUID, FormState] | None = None, status_code: int = 200) -> Response:
        today = tenant_today(ctx.tenant)
        day = day_or(request.query_params.get("day"), today)
        rows, next_cursor = await worklist(db, due_before=day, status="open", customer_id=None, limit=WORKLIST_SIZE,
                                           cursor=request.query_params.get("cursor"))
        calls = await self._calls(request, db, ctx, rows, today, forms)
        return tenant_page(request, ctx, "revisits/worklist.html", status_code=status_code, calls=calls, day=day,
                           today=today, tomorrow=today + timedelta(days=1), next_cursor=next_cursor,
                           **self._words())

    @staticmethod
    def _words() -> dict:
        return {"outcomes": OUTCOMES, "outcome_labels": OUTCOME_LABELS, "scores": SCORES, "score_words": SCORE_WORDS,
                "sent_channels": SENT_CHANNELS}

    async def _calls(self, request: Request, db: AsyncSession, ctx: TenantContext, rows: list,
                     today: date, forms: dict[UUID, FormState] | None = None) -> list[Call]:
        locale = request_locale(request)
        reasons = await service.reasons_of(db, [r.id for r in rows])
        customers = await customer_queries.customers_by_id(db, {r.customer_id for r in rows})
        tickets = await ticket_queries.tickets_by_id(db, [r.ticket_id for r in rows])
        calls = []
        rules = rules_by_id(ctx)
        # the scripts of the page share what they read: the rows above, the agent, the scripts, and
        # the customer files they name, audited together
        scripted = [customers[r.customer_id] for r in rows if r.status == "open" and r.script_id]
        shared = {**known([*rows, *tickets.values(), *customers.values()]), **known_reasons(reasons),
                  **await known_customers(db, request.user, scripted, locale)}
        for revisit in rows:
            offered = topics.vocabulary(reasons[revisit.id], rules)
            calls.append(Call(
                revisit=revisit,
                customer=customers[revisit.customer_id],
                ticket=tickets.get(revisit.ticket_id),
                reasons=[pick(r.text, locale) for r in reasons[revisit.id]],
                script=(await self._script(request, db, ctx, revisit, locale, shared)
                        if revisit.status == "open" else []),
                overdue=revisit.status == "open" and revisit.due_by < today,
                form=(forms or {}).get(revisit.id) or FormState(prefix=f"r{revisit.id.hex[:8]}-"),
                topics={k: pick(v, locale) for k, v in offered.items()},
                avoid_topics=await topics.covered_before(db, revisit, reasons[revisit.id], rules)
                if offered and revisit.status == "open" else [],
            ))
        return calls

    @staticmethod
    async def _script(request: Request, db: AsyncSession, ctx: TenantContext, revisit, locale: str,
                      shared: Shared) -> list[tuple[str, str | None]]:
        if not revisit.script_id:
            return []
        subjects = RenderRequest(revisit_id=revisit.id, ticket_id=revisit.ticket_id, locale=locale)
        try:
            text, _locale, missing = await render_script(db, ctx, request.user, revisit.script_id, subjects, shared)
        except DomainError:  # a script removed with its plugin, or one that cannot be rendered
            return []
        return named_blanks(text.strip(), missing)

    @post("/{revisit_id:uuid}/outcome")
    async def outcome(self, request: Request, db: AsyncSession, ctx: TenantContext, revisit_id: UUID) -> Response:
        """Record the call's outcome with the survey card (htmx swaps the call's card; without
        htmx, back to the worklist). ``unsatisfied`` opens a follow-up ticket, linked on the card."""
        values = await read_form(request)
        state = FormState(values=values, prefix=f"r{revisit_id.hex[:8]}-")
        survey = survey_of(values, state)
        if values.get("outcome") not in OUTCOMES:
            state.errors["outcome"] = N_("Choose the outcome of the call")
        if state.ok:
            data = service.OutcomeInput(outcome=values["outcome"], notes=values.get("notes", "").strip() or None,
                                        survey=survey, topics=tuple(request_topics(values)))
            try:
                await service.record_outcome(db, ctx, revisit_id, data, request.user.user_id)
            except DomainError as exc:
                if exc.status_code == 404:
                    raise
                state.fail(exc)
        htmx = bool(request.headers.get("hx-request"))
        if not state.ok:
            await discard(db, ctx)
            if not htmx:
                return await self._worklist_page(request, db, ctx, {revisit_id: state}, 422)
        elif not htmx:
            return Redirect(f"/t/{ctx.tenant.slug}/revisits/", status_code=303)
        revisit = await service.get_revisit(db, revisit_id)
        follow_up = (await ticket_queries.tickets_by_id(db, [revisit.follow_up_ticket_id])).get(
            revisit.follow_up_ticket_id)
        today = tenant_today(ctx.tenant)
        [call] = await self._calls(request, db, ctx, [revisit], today, {revisit.id: state})
        return tenant_page(request, ctx, "revisits/_call.html", call=call, follow_up=follow_up, today=today,
                           **self._words())


__all__ = ["RevisitPages"]
