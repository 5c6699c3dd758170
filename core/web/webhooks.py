"""Console pages of outbound webhooks, for the tenant's admins: the endpoints (create, change,
disable, rotate the secret, remove) and each endpoint's delivery log with replay."""

from __future__ import annotations

import re
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from core.i18n import pick
from core.web.forms import FormState, read_form
from core.web.pages import TenantPages, discard, tenant_page
from core.web.security import page_role
from core.web.templating import request_locale
from core.webhooks import queries, service, signing
from core.webhooks.catalog import EVENT_TYPES
from core.webhooks.schemas import EndpointCreate, EndpointUpdate
from tenants.context import TenantContext

ADMIN_ONLY = [page_role("admin")]
#: Deliveries shown on an endpoint's page (the API pages through all of them).
LOG_ROWS = 50


def event_choices(locale: str) -> list[tuple[str, str]]:
    """The catalogue's event types with their description in ``locale``."""
    return [(name, pick({"zh_Hans": zh, "en": en}, locale)) for name, (zh, en) in EVENT_TYPES.items()]


async def chosen_types(request: Request, values: dict[str, str]) -> list[str]:
    """The ticked event types, then those typed in ``other_types`` (comma or space separated)."""
    form = await request.form()
    ticked = [v for v in form.getall("event_types", []) if isinstance(v, str)]
    typed = [t for t in re.split(r"[\s,，]+", values.get("other_types", "")) if t]
    return list(dict.fromkeys([*ticked, *typed]))


def allow_private(request: Request) -> bool:
    """Whether the operator lets endpoints resolve to private networks."""
    return request.app.state.settings.webhook_allow_private_networks


class WebhookPages(TenantPages, section="/admin/webhooks"):
    """``/t/{slug}/admin/webhooks…``"""

    @get("/", guards=ADMIN_ONLY)
    async def endpoints(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The endpoints, a notice for each one disabled for failing, and a form to add one."""
        return await self._list(request, db, ctx, FormState(values={"event_types": ["ticket.created"]}))

    @post("/", guards=ADMIN_ONLY)
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Add an endpoint; the page shows its signing secret this once."""
        values = await read_form(request)
        types = await chosen_types(request, values)
        state = FormState(values={**values, "event_types": types})
        try:
            endpoint = await service.create_endpoint(
                db, EndpointCreate(url=values.get("url", "").strip(), event_types=types,
                                   description=values.get("description", "").strip()[:500]),
                request.user.user_id, allow_private(request),
            )
        except DomainError as exc:
            state.fail(exc)
            await discard(db, ctx)
            return await self._list(request, db, ctx, state, status_code=422)
        return await self._endpoint_page(request, db, ctx, endpoint, new_secret=endpoint.secret)

    @get("/{endpoint_id:uuid}", guards=ADMIN_ONLY)
    async def endpoint(self, request: Request, db: AsyncSession, ctx: TenantContext, endpoint_id: UUID) -> Response:
        """One endpoint: its settings and its delivery log."""
        return await self._endpoint_page(request, db, ctx, await queries.get_endpoint(db, endpoint_id))

    @post("/{endpoint_id:uuid}", guards=ADMIN_ONLY)
    async def update(self, request: Request, db: AsyncSession, ctx: TenantContext, endpoint_id: UUID) -> Response:
        """Save the URL, description and event types, or (``action``) enable or disable it."""
        values = await read_form(request)
        action = values.get("action")
        if action in ("enable", "disable"):
            data = EndpointUpdate(enabled=action == "enable")
            state = FormState()
        else:
            types = await chosen_types(request, values)
            state = FormState(values={**values, "event_types": types})
            data = EndpointUpdate(url=values.get("url", "").strip(), event_types=types,
                                  description=values.get("description", "").strip()[:500])
        try:
            await service.update_endpoint(db, endpoint_id, data, allow_private(request))
        except DomainError as exc:
            if exc.status_code == 404:
                raise
            state.fail(exc)
            await discard(db, ctx)
            endpoint = await queries.get_endpoint(db, endpoint_id)
            return await self._endpoint_page(request, db, ctx, endpoint, form=state, status_code=422)
        return Redirect(f"/t/{ctx.tenant.slug}/admin/webhooks/{endpoint_id}?saved=1", status_code=303)

    @post("/{endpoint_id:uuid}/rotate", guards=ADMIN_ONLY)
    async def rotate(self, request: Request, db: AsyncSession, ctx: TenantContext, endpoint_id: UUID) -> Response:
        """A new signing secret, shown this once."""
        endpoint = await service.rotate_secret(db, endpoint_id)
        return await self._endpoint_page(request, db, ctx, endpoint, new_secret=endpoint.secret)

    @post("/{endpoint_id:uuid}/delete", guards=ADMIN_ONLY)
    async def remove(self, db: AsyncSession, ctx: TenantContext, endpoint_id: UUID) -> Redirect:
        """Remove the endpoint and its delivery log."""
        await service.delete_endpoint(db, endpoint_id)
        return Redirect(f"/t/{ctx.tenant.slug}/admin/webhooks/", status_code=303)

    @post("/deliveries/{delivery_id:uuid}/replay", guards=ADMIN_ONLY)
    async def replay(self, request: Request, db: AsyncSession, ctx: TenantContext, delivery_id: UUID) -> Response:
        """Send a delivery again (htmx swaps its row of the log; without htmx, back to the log)."""
        found = await queries.get_delivery(db, delivery_id)
        error = None
        try:
            found = await service.replay(db, delivery_id)
        except DomainError as exc:
            if exc.status_code == 404:
                raise
            error = exc.detail
        if not request.headers.get("hx-request"):
            suffix = "?replayed=1" if error is None else ""
            return Redirect(f"/t/{ctx.tenant.slug}/admin/webhooks/{found.endpoint_id}{suffix}", status_code=303)
        return tenant_page(request, ctx, "admin/_webhook_delivery.html", status_code=200 if error is None else 409,
                           d=found, webhook_id=signing.message_id(found.id), replay_error=error)

    @get("/deliveries/{delivery_id:uuid}", guards=ADMIN_ONLY)
    async def delivery(self, request: Request, db: AsyncSession, ctx: TenantContext, delivery_id: UUID) -> Response:
        """One delivery: the exact body sent and the start of the receiver's last answer."""
        found = await queries.get_delivery(db, delivery_id)
        endpoint = await queries.get_endpoint(db, found.endpoint_id)
        return tenant_page(request, ctx, "admin/webhook_delivery.html", d=found, endpoint=endpoint,
                           webhook_id=signing.message_id(found.id))

    async def _list(self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState,
                    status_code: int = 200) -> Response:
        rows, _cursor = await queries.list_endpoints(db, limit=service.MAX_ENDPOINTS, cursor=None)  # all of them
        return tenant_page(request, ctx, "admin/webhooks.html", status_code=status_code, endpoints=rows, form=form,
                           choices=event_choices(request_locale(request)))

    async def _endpoint_page(self, request: Request, db: AsyncSession, ctx: TenantContext, endpoint,
                             *, form: FormState | None = None, new_secret: str | None = None,
                             status_code: int = 200) -> Response:
        deliveries, next_cursor = await queries.list_deliveries(db, endpoint.id, status=None, limit=LOG_ROWS,
                                                                cursor=request.query_params.get("cursor"))
        if form is None:
            known = set(EVENT_TYPES)
            form = FormState(values={
                "url": endpoint.url, "description": endpoint.description,
                "event_types": [t for t in endpoint.event_types if t in known],
                "other_types": " ".join(t for t in endpoint.event_types if t not in known),
            })
        return tenant_page(
            request, ctx, "admin/webhook.html", status_code=status_code, endpoint=endpoint, form=form,
            deliveries=[(d, signing.message_id(d.id)) for d in deliveries], next_cursor=next_cursor,
            new_secret=new_secret,
            choices=event_choices(request_locale(request)),
        )
