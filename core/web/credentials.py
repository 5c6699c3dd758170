"""The admin's integrations page: create API keys and OAuth clients (the secret shown once),
list them (name, scopes, created by, last used) and revoke them. Over the same service as
``/api/v1/credentials``."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.credentials import queries, secrets, service
from core.auth.credentials.schemas import CredentialRead
from core.auth.credentials.scopes import ADMIN
from core.errors import DomainError
from core.i18n import pick
from core.i18n.translate import N_, gettext
from core.web.forms import FormState
from core.web.pages import TenantPages, discard, tenant_page
from core.web.templating import request_locale
from tenants.context import TenantContext

#: How many credentials the page lists (newest first).
LISTED = 200
#: What the scope picker calls the core resources (a plugin's resource shows the plugin's title).
RESOURCE_LABELS = {
    "admin": N_("Admin operations"), "assets": N_("Asset records"), "campaigns": N_("Campaign records"),
    "complaints": N_("Complaints"), "confidentiality": N_("Confidentiality records"), "customers": N_("Customers"),
    "forms": N_("Forms"), "plugins": N_("Plugins"), "rebates": N_("Rebate records"), "reports": N_("Report data"),
    "revisits": N_("Revisits"), "scripts": N_("Scripts"), "shift-handovers": N_("Shift hand-over"), "sla": N_("SLA"),
    "tenant": N_("Company"), "tickets": N_("Tickets"), "users": N_("Users"), "warranty": N_("Warranty records"),
}


@dataclass(frozen=True)
class ScopeRow:
    """One resource of the scope picker: its label, its read and write scopes (``None`` when it
    has none)."""

    resource: str
    label: str
    read: str | None
    write: str | None


def scope_rows(request: Request, scopes: frozenset[str]) -> list[ScopeRow]:
    """The grantable scopes as picker rows, one per resource, ``admin`` first; core resources
    labelled in the page's language, a plugin's by its title."""
    locale = request_locale(request)
    plugins = request.app.state.plugins
    resources = sorted({scope.split(":", 1)[0] for scope in scopes}, key=lambda r: (r != ADMIN, r))
    rows = []
    for resource in resources:
        if resource in RESOURCE_LABELS:
            label = gettext(locale, RESOURCE_LABELS[resource])
        elif resource in plugins.infos:
            label = pick(plugins.infos[resource].title, locale)
        else:
            label = resource
        rows.append(ScopeRow(
            resource, label,
            f"{resource}:read" if f"{resource}:read" in scopes else (resource if resource in scopes else None),
            f"{resource}:write" if f"{resource}:write" in scopes else None,
        ))
    return rows


class CredentialPages(TenantPages, section="/admin/credentials", roles=("admin",)):
    """``/t/{slug}/admin/credentials``: for the tenant's admins."""

    @get("/")
    async def page(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The credentials of the tenant and the form to create one."""
        return await self._page(request, db, ctx, FormState(values={"kind": "api_key", "rate_limit": "600"}))

    @post("/")
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Create a credential and show its secret this once (never stored, never shown again)."""
        form = await request.form()
        values = {key: form.get(key, "") for key in ("kind", "name", "rate_limit")}
        chosen = [s for s in form.getall("scope", []) if isinstance(s, str)] if hasattr(form, "getall") else []
        state = FormState(values={**values, "scopes": chosen})
        try:
            rate_limit = int(values["rate_limit"] or service.DEFAULT_RATE_LIMIT)
        except ValueError:
            state.errors["rate_limit"] = N_("must be a whole number")
        if state.ok:
            try:
                issued = await service.create(
                    db, request.user, kind=values["kind"], name=values["name"], scopes=chosen, rate_limit=rate_limit,
                    known=request.app.state.credential_scopes,
                )
            except DomainError as exc:
                state.fail(exc)
                await discard(db, ctx)
            else:
                shown = queries.credential_read(issued.row, request.user.name)
                page = await self._page(request, db, ctx, FormState(values={"kind": "api_key", "rate_limit": "600"}),
                                        issued=shown, secret=issued.secret, status_code=201)
                page.headers.update(secrets.NO_STORE)
                return page
        return await self._page(request, db, ctx, state, status_code=422)

    @post("/{credential_id:uuid}/revoke")
    async def revoke(self, request: Request, db: AsyncSession, ctx: TenantContext, credential_id: UUID) -> Response:
        """Revoke a credential at once."""
        await service.revoke(db, request.user, credential_id)
        return Redirect(f"/t/{ctx.tenant.slug}/admin/credentials", status_code=303)

    async def _page(self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState,
                    issued: CredentialRead | None = None, secret: str | None = None, status_code: int = 200) -> Response:
        credentials, more = await queries.credential_page(db, limit=LISTED, cursor=None)
        return tenant_page(
            request, ctx, "admin/credentials.html", status_code=status_code, credentials=credentials, more=more is not None,
            form=form,
            scope_rows=scope_rows(request, request.app.state.credential_scopes), issued=issued, secret=secret,
        )
