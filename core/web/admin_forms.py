"""Forms without the API: every form the company uses (the enabled plugins' and its own), each
shown as the desk will fill it, and the company's own built field by field
(:mod:`core.web.form_builder`) and saved with the checks of ``POST /api/v1/forms`` — a changed
form is a new version, and tickets keep the version they were filled with."""

from __future__ import annotations

from litestar import Request, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import MANAGERS
from core.forms import service
from core.forms.schemas import TenantFormCreate
from core.forms.types import FormDefinition
from core.i18n import LOCALES
from core.tickets.service import ticket_kinds
from core.web import form_builder
from core.web.forms import FormState, convert, read_form
from core.web.pages import TenantPages, save_form, tenant_page
from core.web.schema_form import fields_of
from core.web.security import page_role
from core.web.templating import request_locale
from tenants.context import TenantContext

ADMIN_ONLY = [page_role("admin")]


def definition_fields(values: dict[str, str], rows: list[dict[str, str]]) -> dict:
    """The builder's page as ``POST /api/v1/forms`` takes it (the schema from its rows)."""
    schema, _errors = form_builder.schema_from_rows(rows)
    return {
        "name": values.get("name", "").strip(),
        "title": {loc: values[f"title_{loc}"].strip() for loc in LOCALES if values.get(f"title_{loc}", "").strip()},
        "schema": schema,
        "ticket_kinds": [name.removeprefix("kind.") for name, value in values.items()
                         if name.startswith("kind.") and value == "on"],
    }


def builder_errors(state: FormState) -> FormState:
    """A refused form's errors beside the builder's inputs: titles by language, the schema's on
    top (the builder's rows are checked first)."""
    return state.by_locale({"title": "title_"}).gather("schema", "")


class FormPages(TenantPages, section="/admin/forms", roles=MANAGERS):
    """``/t/{slug}/admin/forms``"""

    @get("/")
    async def index(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The forms in use, and the builder for a new company form."""
        return await self._index(request, db, ctx, FormState(values={}))

    async def _index(self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState,
                     status_code: int = 200) -> Response:
        forms = list((await service.available_forms(db, ctx)).values())
        return tenant_page(request, ctx, "admin/forms.html", status_code=status_code, forms=forms,
                           **self._builder(ctx, form))

    @staticmethod
    def _builder(ctx: TenantContext, form: FormState) -> dict:
        return {"form": form, "locales": LOCALES, "kinds": ticket_kinds(ctx), "types": form_builder.FIELD_TYPES,
                "rows": form_builder.row_count(form.values), "prefix": service.TENANT_PREFIX}

    @get("/{form_id:str}")
    async def show(self, request: Request, db: AsyncSession, ctx: TenantContext, form_id: str,
                   saved: str = "") -> Response:
        """One form as the desk fills it; the company's own also in the builder, to change it."""
        definition = await service.get_form(db, ctx, form_id)
        return await self._form_page(request, db, ctx, definition, self._editable(definition), saved=saved)

    @staticmethod
    def _editable(definition: FormDefinition) -> FormState | None:
        """The builder filled with a company form, or ``None`` (a plugin's, or one the builder cannot show)."""
        if not definition.id.startswith(service.TENANT_PREFIX):
            return None
        rows = form_builder.rows_from_schema(definition.schema)
        if rows is None:
            return None
        return FormState(values={
            "name": definition.id.removeprefix(service.TENANT_PREFIX),
            **{f"title_{loc}": text for loc, text in definition.title.items()},
            **{f"kind.{kind}": "on" for kind in definition.ticket_kinds},
            **form_builder.builder_values(rows),
        })

    async def _form_page(self, request: Request, db: AsyncSession, ctx: TenantContext, definition: FormDefinition,
                         form: FormState | None, status_code: int = 200, saved: str = "") -> Response:
        preview = fields_of(definition.schema, request_locale(request), {}, prefix="preview")
        builder = self._builder(ctx, form) if form is not None else {"form": None, "prefix": service.TENANT_PREFIX}
        return tenant_page(request, ctx, "admin/form.html", status_code=status_code, definition=definition,
                           preview=preview, saved=saved, fresh=lambda prefix: FormState(prefix=prefix), **builder)

    @post("/", guards=ADMIN_ONLY)
    async def save(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Create or change a company form from the builder; its page follows (a new version when
        its fields changed)."""
        values = await read_form(request)
        state = FormState(values=values)
        rows = form_builder.rows_posted(values)
        _schema, row_errors = form_builder.schema_from_rows(rows)
        data = convert(definition_fields(values, rows), TenantFormCreate, state)
        state.errors.update(row_errors)
        command = service.define_tenant_form(db, data) if data is not None and not row_errors else None
        return await save_form(
            db, ctx, state, command, to=lambda saved: f"/t/{ctx.tenant.slug}/admin/forms/{saved[0].form_id}?saved=1",
            again=lambda state: self._index(request, db, ctx, builder_errors(state), status_code=422))
