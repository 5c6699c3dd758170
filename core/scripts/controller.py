"""HTTP: call scripts (话术): list, write, lint and render."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import STAFF, requires_role
from core.auth.resource import ApiResource
from core.i18n import pick
from core.pagination import Page, paginate_sorted
from core.scripts import service
from core.scripts.lint import lint_texts
from core.scripts.schemas import (
    LintRequest,
    LintResult,
    RenderRequest,
    RenderResult,
    ScriptRead,
    TenantScriptCreate,
)
from core.scripts.types import ScriptTemplate
from tenants.context import TenantContext


def script_read(script: ScriptTemplate, locale: str | None) -> ScriptRead:
    return ScriptRead(
        id=script.id,
        title=pick(script.title, locale),
        titles=dict(script.title),
        purpose=script.purpose,
        texts=dict(script.texts),
        source=script.id.split(".", 1)[0],
    )


class ScriptController(ApiResource, path="/api/v1/scripts", tag="scripts"):
    @get("/")
    async def list_scripts(
        self,
        request: Request,
        db: AsyncSession,
        ctx: TenantContext,
        purpose: str | None = Parameter(default=None),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[ScriptRead]:
        """The core's, the enabled plugins' and the tenant's call scripts, by id."""
        scripts = [
            script_read(s, request.user.locale)
            for s in (await service.available_scripts(db, ctx)).values()
            if purpose is None or s.purpose == purpose
        ]
        return paginate_sorted(scripts, lambda s: s.id, limit=limit, cursor=cursor)

    @get("/{script_id:str}")
    async def read(self, request: Request, db: AsyncSession, ctx: TenantContext, script_id: str) -> ScriptRead:
        """One call script with its text in every locale."""
        return script_read(await service.get_script(db, ctx, script_id), request.user.locale)

    @post("/", guards=[requires_role("admin")])
    async def define(self, request: Request, db: AsyncSession, data: TenantScriptCreate) -> Response:
        """Write the tenant script ``tenant.<name>`` (201 new, 200 rewritten); a text with a word to
        avoid (「不知道」「我不能」「我不会」) or a broken template is refused (422)."""
        return await idempotency.define_once(
            db, request,
            lambda: service.define_tenant_script(db, data),
            lambda row: script_read(service.template_of(row), request.user.locale),
        )

    @post("/lint", status_code=200)
    async def lint(self, data: LintRequest) -> LintResult:
        """Find the words to avoid (「不知道」「我不能」「我不会」, I don't know / I can't / I won't) in a
        text or in each locale's text, with their positions."""
        texts = {**data.texts, **({data.locale: data.text} if data.text is not None else {})}
        findings = lint_texts(texts)
        return LintResult(ok=not findings, findings=findings)

    @post("/{script_id:str}/render", status_code=200, guards=[requires_role(*STAFF)])
    async def render(
        self, request: Request, db: AsyncSession, ctx: TenantContext, script_id: str, data: RenderRequest
    ) -> RenderResult:
        """Render a script for a call with the ticket's, revisit's or customer's variables and the
        caller's ``variables``; a template that breaks the sandbox is a 422, never a 500."""
        text, locale, missing = await service.render_script(db, ctx, request.user, script_id, data)
        return RenderResult(text=text, locale=locale, missing=missing)
