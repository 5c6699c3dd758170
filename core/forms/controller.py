"""HTTP: the tenant's forms (enabled plugins' and its own) and tenant form definitions."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import requires_role
from core.auth.resource import ApiResource
from core.forms import service
from core.forms.order import as_written
from core.forms.schemas import FormRead, TenantFormCreate
from core.forms.types import FormDefinition
from core.i18n import pick
from core.pagination import Page, paginate_sorted
from tenants.context import TenantContext


def form_read(form: FormDefinition, locale: str | None) -> FormRead:
    return FormRead(
        id=form.id,
        version=form.version,
        title=pick(form.title, locale),
        titles=dict(form.title),
        schema=as_written(form.schema),
        ticket_kinds=list(form.ticket_kinds),
        description=pick(form.description, locale) if form.description else None,
        source=form.id.split(".", 1)[0],
    )


class FormController(ApiResource, path="/api/v1/forms", tag="forms"):
    @get("/")
    async def list_forms(
        self,
        request: Request,
        db: AsyncSession,
        ctx: TenantContext,
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[FormRead]:
        """The enabled plugins' and the tenant's forms, each with its JSON Schema, by id."""
        forms = [form_read(f, request.user.locale) for f in (await service.available_forms(db, ctx)).values()]
        return paginate_sorted(forms, lambda f: f.id, limit=limit, cursor=cursor)

    @get("/{form_id:str}")
    async def read(
        self,
        request: Request,
        db: AsyncSession,
        ctx: TenantContext,
        form_id: str,
        version: int | None = Parameter(default=None, ge=1, description="a past version, as kept by a ticket"),
    ) -> FormRead:
        """One form, current or at the ``version`` a record was filled with."""
        return form_read(await service.get_form(db, ctx, form_id, version), request.user.locale)

    @post("/", guards=[requires_role("admin")])
    async def define(self, request: Request, db: AsyncSession, data: TenantFormCreate) -> Response:
        """Define the tenant form ``tenant.<name>``; a changed schema makes a new version (201),
        an unchanged one only updates the texts (200)."""
        return await idempotency.define_once(
            db, request,
            lambda: service.define_tenant_form(db, data),
            lambda row: form_read(service.definition_of(row), request.user.locale),
        )
