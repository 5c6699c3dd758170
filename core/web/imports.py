"""The import pages (``/t/{slug}/imports``): upload a customer, asset or ticket list with a dry run
by default, watch a large import's progress, read its per-row results, run a checked dry run, and
download the templates. Every step goes through :mod:`core.imports.service`, the API's path."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import MANAGERS
from core.errors import DomainError, Invalid
from core.exports import FORMATS, table_response
from core.file_columns import KINDS, template_rows
from core.i18n.translate import N_
from core.imports import queries, reading, service
from core.imports.controller import MAX_REQUEST
from core.web.forms import FormState
from core.web.pages import TenantPages, discard, tenant_page
from core.web.templating import request_locale
from tenants.context import TenantContext

#: The words the pages show for an import's kind, status and row outcomes (``|t`` in the templates).
LABELS = (
    N_("customers"), N_("assets"), N_("tickets"), N_("queued"), N_("running"), N_("done"),
    N_("created"), N_("updated"), N_("unchanged"), N_("failed"),
)
#: How many rows' results a page shows (failed rows first when filtered).
RESULTS_SHOWN = 1_000
PAGE_SIZE = 20


class ImportPages(TenantPages, section="/imports", roles=MANAGERS):
    """``/t/{slug}/imports…``: for admins and managers, as the API."""

    async def _index(self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState,
                     status_code: int = 200) -> Response:
        jobs, next_cursor = await queries.import_page(db, limit=PAGE_SIZE, cursor=request.query_params.get("cursor"))
        return tenant_page(request, ctx, "imports/index.html", status_code=status_code, form=form, jobs=jobs,
                           next_cursor=next_cursor, kinds=KINDS, max_rows=reading.MAX_ROWS,
                           max_mb=reading.MAX_BYTES // (1024 * 1024))

    @get("/")
    async def index(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The upload form, the templates and the latest imports."""
        return await self._index(request, db, ctx, FormState(values={"kind": "customers", "dry_run": "on"}))

    @post("/", request_max_body_size=MAX_REQUEST)
    async def upload(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Check or import the uploaded file; its results page follows, or the form with the reason."""
        posted = await request.form()
        values = {k: v for k, v in posted.items() if isinstance(v, str) and k != "_csrf_token"}
        form = FormState(values=values)
        upload = posted.get("file")
        try:
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise Invalid("file", "choose a CSV or XLSX file")
            job = await service.start(
                db, ctx, request.user.user_id, kind=values.get("kind", ""), filename=upload.filename,
                data=await upload.read(reading.MAX_BYTES + 1), dry_run=values.get("dry_run") == "on",
            )
        except DomainError as exc:
            await discard(db, ctx)
            return await self._index(request, db, ctx, form.fail(exc), status_code=422)
        return Redirect(f"/t/{ctx.tenant.slug}/imports/{job.id}", status_code=303)

    @get("/{import_id:uuid}")
    async def detail(self, request: Request, db: AsyncSession, ctx: TenantContext, import_id: UUID,
                     show: str = "") -> Response:
        """An import's counts and per-row results; the page refreshes itself while it runs."""
        job = await queries.get_job(db, import_id)
        results = [r for r in job.results if show != "failed" or r["outcome"] == "failed"]
        return tenant_page(request, ctx, "imports/detail.html", job=job, results=results[:RESULTS_SHOWN],
                           hidden=max(len(results) - RESULTS_SHOWN, 0), show=show,
                           can_run=job.dry_run and job.status == "done" and job.rows is not None)

    @post("/{import_id:uuid}/run")
    async def run(self, request: Request, db: AsyncSession, ctx: TenantContext, import_id: UUID) -> Response:
        """Run a checked dry run for real; its results page follows."""
        job = await service.run_checked(db, ctx, request.user.user_id, import_id)
        return Redirect(f"/t/{ctx.tenant.slug}/imports/{job.id}", status_code=303)

    @get("/templates/{name:str}")
    async def template(self, request: Request, name: str) -> Response:
        """A template to fill (``customers.xlsx``, ``tickets.csv``…), headers in the page's language."""
        kind, _, file_format = name.rpartition(".")
        if kind not in KINDS or file_format not in FORMATS:
            raise Invalid("name", "no such template")
        return await table_response(template_rows(kind, request_locale(request)), f"import-{kind}", file_format)
