"""Call scripts without the API: the scripts in force (core, plugins, the company's own), and the
company's own written and rewritten with the words to avoid (「不知道」「我不能」「我不会」) found
as you type (htmx), the same checks as ``POST /api/v1/scripts`` when saved."""

from __future__ import annotations

from collections.abc import Awaitable

from litestar import Request, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import MANAGERS
from core.i18n import LOCALES
from core.i18n.translate import N_, gettext
from core.scripts import service
from core.scripts.lint import Finding, lint_texts
from core.scripts.schemas import TenantScriptCreate
from core.web.forms import FormState, convert, read_form
from core.web.pages import TenantPages, save_form, tenant_page
from core.web.security import page_role
from core.web.templating import request_locale
from tenants.context import TenantContext

ADMIN_ONLY = [page_role("admin")]
#: The script being written is ``tenant.<name>``.
TENANT_PREFIX = service.TENANT_PREFIX
#: What to say instead of each word to avoid (the linter's rules), in the reader's language.
ADVICE = {
    "dont_know": N_("Answer tactfully: say you will find out and reply."),
    "cannot": N_("Say what you can do instead."),
    "will_not": N_("Say what you can do instead."),
}
AVOID = N_("Avoid 「%(phrase)s」 (line %(line)s, column %(column)s). %(advice)s")


def avoid_message(finding: Finding, locale: str) -> str:
    """A word to avoid, where it is and what to say instead, in ``locale``."""
    advice = gettext(locale, ADVICE[finding.rule]) if finding.rule in ADVICE else finding.message
    return gettext(locale, AVOID) % {"phrase": finding.phrase, "line": finding.line, "column": finding.column,
                                     "advice": advice}


def script_form(values: dict[str, str]) -> dict:
    """The form's fields as ``POST /api/v1/scripts`` takes them (``texts.zh_Hans`` … from
    ``text_zh_Hans`` …, empty locales left out)."""
    return {
        "name": values.get("name", "").strip(), "purpose": values.get("purpose", "").strip() or "general",
        "title": {loc: values[f"title_{loc}"].strip() for loc in LOCALES if values.get(f"title_{loc}", "").strip()},
        "texts": {loc: values[f"text_{loc}"] for loc in LOCALES if values.get(f"text_{loc}", "").strip()},
    }


class ScriptPages(TenantPages, section="/admin/scripts", roles=MANAGERS):
    """``/t/{slug}/admin/scripts``"""

    @get("/")
    async def index(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The scripts in force, and a form for a new company script."""
        return await self._index(request, db, ctx, FormState(values={"purpose": "general"}))

    async def _index(self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState,
                     status_code: int = 200) -> Response:
        scripts = sorted((await service.available_scripts(db, ctx)).values(), key=lambda s: s.id)
        return tenant_page(request, ctx, "admin/scripts.html", status_code=status_code, scripts=scripts, form=form,
                           locales=LOCALES, prefix=TENANT_PREFIX)

    @get("/{script_id:str}")
    async def show(self, request: Request, db: AsyncSession, ctx: TenantContext, script_id: str,
                   saved: str = "") -> Response:
        """One script's texts; the company's own come in the form to rewrite them."""
        script = await service.get_script(db, ctx, script_id)
        form = None
        if script_id.startswith(TENANT_PREFIX):
            form = FormState(values={"name": script_id.removeprefix(TENANT_PREFIX), "purpose": script.purpose,
                                     **{f"title_{k}": v for k, v in script.title.items()},
                                     **{f"text_{k}": v for k, v in script.texts.items()}})
        return tenant_page(request, ctx, "admin/script.html", script=script, form=form, locales=LOCALES,
                           saved=saved)

    @post("/", guards=ADMIN_ONLY)
    async def save(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Write or rewrite a company script (the API's checks); its page follows."""
        values = await read_form(request)
        state = FormState(values=values)
        data = convert(script_form(values), TenantScriptCreate, state)

        def again(state: FormState) -> Awaitable[Response]:
            state.by_locale({"texts": "text_", "title": "title_"})
            locale = request_locale(request)
            for finding in reversed(lint_texts(script_form(values)["texts"])):  # the first of each text stays
                state.errors[f"text_{finding.locale}"] = avoid_message(finding, locale)
            return self._index(request, db, ctx, state, status_code=422)

        command = service.define_tenant_script(db, data) if data is not None else None
        return await save_form(db, ctx, state, command, again=again,
                               to=lambda saved: f"/t/{ctx.tenant.slug}/admin/scripts/{saved[0].script_id}?saved=1")

    @post("/lint")
    async def lint(self, request: Request, ctx: TenantContext) -> Response:
        """htmx, as the admin types: the words to avoid in one locale's text, with where they are."""
        values = await read_form(request)
        locale = values.get("locale", "zh_Hans")
        findings = lint_texts({locale: values.get(f"text_{locale}", "")}) if locale in LOCALES else []
        return tenant_page(request, ctx, "admin/_script_lint.html", findings=findings, advice=ADVICE)
