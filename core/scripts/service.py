"""Call scripts (话术): the core's, the enabled plugins' and the tenant's, linted and rendered in
the sandbox."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.errors import Invalid, NotFound
from core.i18n import LOCALES
from core.scripts.lint import lint_texts
from core.scripts.models import TenantScript
from core.scripts.sandbox import ScriptError, check_syntax, render_bounded
from core.scripts.schemas import RenderRequest, TenantScriptCreate
from core.scripts.types import ScriptTemplate
from core.scripts.variables import SAMPLE_VARIABLES, Call, Shared, script_variables
from tenants.context import TenantContext

TENANT_PREFIX = "tenant."


def plugin_scripts(ctx: TenantContext) -> dict[str, ScriptTemplate]:
    """The core's and the enabled plugins' scripts, by id; a script outside its plugin's
    namespace is ignored."""
    return ctx.hooks.collect_namespaced("shouhou_scripts", "script")


def template_of(row: TenantScript) -> ScriptTemplate:
    return ScriptTemplate(id=row.script_id, title=row.title, texts=row.texts, purpose=row.purpose)


async def check_script(session: AsyncSession, ctx: TenantContext, script_id: str | None,
                       field: str = "script_id") -> None:
    """422 on ``field`` unless ``script_id`` (if given) is a script this tenant can use."""
    if script_id is not None and script_id not in await available_scripts(session, ctx):
        raise Invalid(field, "no such script for this tenant")


#: The key of the tenant's scripts in a render memo.
SCRIPTS = ("scripts",)


async def available_scripts(session: AsyncSession, ctx: TenantContext) -> dict[str, ScriptTemplate]:
    """Every script the tenant can use, by id."""
    scripts = plugin_scripts(ctx)
    for row in await session.scalars(select(TenantScript)):
        scripts[row.script_id] = template_of(row)
    return dict(sorted(scripts.items()))


async def get_script(session: AsyncSession, ctx: TenantContext, script_id: str) -> ScriptTemplate:
    return script_of(await available_scripts(session, ctx), script_id)


def script_of(scripts: dict[str, ScriptTemplate], script_id: str) -> ScriptTemplate:
    """Script ``script_id`` of the tenant's ``scripts`` (404 when it has none by that id)."""
    script = scripts.get(script_id)
    if script is None:
        raise NotFound(f"no script {script_id!r} for this tenant")
    return script


async def check_texts(texts: dict[str, str]) -> None:
    """A tenant's texts: known locales, valid templates that stay within the sandbox's bounds when
    tried with :data:`SAMPLE_VARIABLES`, no banned phrase (422 naming the text and the reason)."""
    for locale, text in texts.items():
        if locale not in LOCALES:
            raise Invalid(f"texts.{locale}", f"unknown locale; locales are {', '.join(LOCALES)}")
        try:
            check_syntax(text)
        except ScriptError as exc:
            raise Invalid(f"texts.{locale}", str(exc)) from exc
        try:
            await render_bounded(text, SAMPLE_VARIABLES)
        except ScriptError as exc:  # other failures may depend on the call's data: reported at render
            if exc.exceeded:
                raise Invalid(f"texts.{locale}", f"the script exceeds a bound: {exc}") from exc
    findings = lint_texts(texts)
    if findings:
        raise Invalid.fields(
            "the script uses words to avoid: " + "、".join(dict.fromkeys(f"「{f.found}」" for f in findings)),
            [(f"texts.{f.locale}", f"{f.message} (line {f.line}, column {f.column})") for f in findings],
        )


async def define_tenant_script(session: AsyncSession, data: TenantScriptCreate) -> tuple[TenantScript, bool]:
    """Create or rewrite the tenant script ``tenant.<name>``; returns it and whether it is new."""
    await check_texts(data.texts)
    script_id = TENANT_PREFIX + data.name
    row = await session.scalar(select(TenantScript).where(TenantScript.script_id == script_id))
    created = row is None
    if row is None:
        row = TenantScript(script_id=script_id)
        session.add(row)
    row.title = dict(data.title)
    row.texts = dict(data.texts)
    row.purpose = data.purpose
    await session.flush()
    return row, created


async def render_script(
    session: AsyncSession, ctx: TenantContext, principal: Principal, script_id: str, data: RenderRequest,
    shared: Shared | None = None,
) -> tuple[str, str, list[str]]:
    """Render a script for a call; returns the text, the locale used and the blanks left. The
    renders of a worklist pass one ``shared`` memo (:func:`~core.scripts.variables.known`): the
    tenant's scripts, the agent and each row they read are read once for all of them."""
    shared = {} if shared is None else shared
    if SCRIPTS not in shared:
        shared[SCRIPTS] = await available_scripts(session, ctx)
    script = script_of(shared[SCRIPTS], script_id)
    locale = data.locale or principal.locale or ctx.tenant.locale
    if locale not in LOCALES:
        raise Invalid("locale", f"unknown locale; locales are {', '.join(LOCALES)}")
    if locale not in script.texts:
        locale = next(lc for lc in (*LOCALES, *script.texts) if lc in script.texts)
    call = Call(session, principal, ctx.tenant, locale, shared)
    subjects = {"ticket_id": data.ticket_id, "revisit_id": data.revisit_id, "customer_id": data.customer_id}
    variables = await script_variables(call, subjects, data.variables)
    try:
        text, missing = await render_bounded(script.texts[locale], variables)
    except ScriptError as exc:
        raise Invalid(f"texts.{locale}", str(exc), detail=f"script {script_id} cannot be rendered: {exc}") from exc
    return text, locale, missing
