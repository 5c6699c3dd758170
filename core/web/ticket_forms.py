"""Ticket pages: filling a form for an open ticket, e.g. the on-site service registration before
dispatch or the service feedback form before acceptance (DOMAIN §1, §7)."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, post
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import STAFF
from core.errors import DomainError, NotFound
from core.forms.service import available_forms
from core.forms.types import FormDefinition
from core.tickets import service, ticket_forms
from core.web.forms import FormState, read_form
from core.web.pages import TenantPages, discard, tenant_page
from core.web.schema_form import fields_of, read_data
from core.web.templating import request_locale
from core.web.tickets import form_errors
from tenants.context import TenantContext


async def _form(db: AsyncSession, ctx: TenantContext, form_id: str) -> FormDefinition:
    form = (await available_forms(db, ctx)).get(form_id)
    if form is None:
        raise NotFound(f"no form {form_id!r} for this tenant")
    return form


class TicketFormPages(TenantPages, section="/tickets/{ticket_id:uuid}/forms", roles=STAFF):
    """``/t/{slug}/tickets/{id}/forms/{form_id}``"""

    @get("/{form_id:str}")
    async def show(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID,
                   form_id: str) -> Response:
        """The form's fields, from its JSON Schema."""
        return await self._page(request, db, ctx, ticket_id, form_id, FormState())

    @post("/{form_id:str}/rows")
    async def rows(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID,
                   form_id: str) -> Response:
        """htmx: the same fields with one more row in the repeated group named by ``add``."""
        values = await read_form(request)
        return await self._page(request, db, ctx, ticket_id, form_id, FormState(values=values),
                                template="tickets/_fill_fields.html", add=values.get("add", ""))

    async def _page(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID, form_id: str,
                    state: FormState, status_code: int = 200, template: str = "tickets/fill_form.html",
                    add: str = "") -> Response:
        ticket = await service.get_ticket(db, ticket_id)
        form = await _form(db, ctx, form_id)
        fields = fields_of(form.schema, request_locale(request), state.values, add)
        return tenant_page(request, ctx, template, status_code=status_code, ticket=ticket,
                           plugin_form=form, schema_fields=fields, form=state)

    @post("/{form_id:str}")
    async def fill(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID,
                   form_id: str) -> Response:
        """Keep the filled form with the ticket, back to the ticket; errors beside their fields."""
        values = await read_form(request)
        state = FormState(values=values)
        form = await _form(db, ctx, form_id)
        try:
            await ticket_forms.attach_form(db, ctx, ticket_id, form.id, read_data(form.schema, values), request.user)
        except DomainError as exc:
            if exc.status_code == 404:
                raise
            state.fail(exc)
            form_errors(state)
        else:
            return Redirect(f"/t/{ctx.tenant.slug}/tickets/{ticket_id}#forms", status_code=303)
        await discard(db, ctx)
        return await self._page(request, db, ctx, ticket_id, form_id, state, 422)
