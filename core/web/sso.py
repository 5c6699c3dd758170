"""Single sign-on pages: "Sign in with <company IdP>" (start and callback, with a clear page in
zh_Hans/en when the identity provider is down or the sign-in is refused, never a 500) and the
administrator's settings page with its connection test."""

from __future__ import annotations

import logging
from urllib.parse import quote

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import queries as users
from core.auth import throttle
from core.auth.roles import ROLES
from core.auth.sso import service
from core.auth.sso.errors import NotConfigured, SsoError
from core.auth.sso.schemas import SsoSettingsWrite
from core.errors import DomainError, Throttled
from core.i18n.translate import N_
from core.web.forms import INVALID, FormState, field_of, read_form
from core.web.pages import TenantPages, discard, tenant_page
from core.web.public import safe_next, session_data, start_session
from core.web.templating import render
from tenants.context import TenantContext

log = logging.getLogger(__name__)

#: The form's fields (the secret is never shown back).
FIELDS = ("label", "issuer", "client_id", "scopes", "role_claim", "role_map", "default_role",
          "break_glass_user_id")
CHECKS = ("jit_users", "sso_only", "enabled")
TOO_MANY_STARTS = N_("too many sign-ins started; try again later")


def problem_page(request: Request, exc: SsoError, slug: str) -> Response:
    """The clear page of a failed sign-in (the sentence for the person, the technical detail
    folded away for the administrator); the cause is logged too."""
    log.warning("single sign-on failed for %s: %s: %s", slug, type(exc).__name__, exc.detail)
    return render(request, "sso/problem.html", status_code=exc.status_code, message=exc.message,
                  detail=exc.detail, unavailable=exc.status_code >= 500, login_url=f"/login?tenant={quote(slug)}")


class SsoPages(Controller):
    """``/sso/…``: the sign-in through a company's identity provider."""

    path = "/sso"
    include_in_schema = False

    @get("/start")
    async def choose(self, request: Request, tenant: str = "", next: str | None = None) -> Response:
        """The login page's "company single sign-on" form: go to that company's sign-in."""
        slug = tenant.strip().lower()
        if not slug:
            return Redirect("/login", status_code=303)
        target = f"/sso/{quote(slug)}/start"
        return Redirect(f"{target}?next={quote(safe_next(next, ''))}" if next else target, status_code=303)

    @get("/{slug:str}/start")
    async def start(self, request: Request, db: AsyncSession, slug: str, next: str | None = None) -> Response:
        """Send the browser to the company's identity provider (state, nonce and PKCE kept on the
        server; the state's digest also in this browser's session cookie). Limited per client
        address (429 with ``Retry-After``): each start stores a row and may fetch discovery."""
        settings = request.app.state.settings
        try:
            await throttle.count(
                request.app.state.session_maker, throttle.throttle_key("sso", throttle.source_of(request)),
                limit=settings.sso_start_limit_per_source, window=settings.sso_login_ttl_seconds,
                message=TOO_MANY_STARTS,
            )
        except Throttled as exc:
            return render(request, "login.html", status_code=429, headers=exc.headers,
                          form=FormState(values={"tenant": slug}, errors={"": exc.detail}))
        try:
            url, digest = await service.start(db, settings, slug, safe_next(next, "") or None)
        except NotConfigured as exc:
            return render(request, "login.html", status_code=404,
                          form=FormState(values={"tenant": slug}, errors={"": exc.message}))
        except SsoError as exc:
            return problem_page(request, exc, slug)
        request.set_session({**session_data(request), "sso_state": digest})
        return Redirect(url, status_code=303)

    @get("/{slug:str}/callback")
    async def callback(
        self, request: Request, db: AsyncSession, slug: str, code: str = "", error: str = "",
        oauth_state: str = Parameter(query="state", default=""),
    ) -> Response:
        """Where the identity provider sends the browser back: check everything, sign the user
        in and go on to the console."""
        try:
            user, next_path = await service.finish(
                db, request.app.state.settings, slug, state=oauth_state, code=code, error=error,
                browser_state=session_data(request).get("sso_state"),
            )
        except SsoError as exc:
            await db.rollback()  # the spent state is already committed; nothing else half-made stays
            return problem_page(request, exc, slug)
        await start_session(request, db, user)
        return Redirect(safe_next(next_path, f"/t/{slug.lower()}/"), status_code=303)


def _values(config) -> dict:
    if config is None:
        return {"scopes": "openid email profile", "role_claim": "groups", "jit_users": "on", "enabled": "on",
                "label": ""}
    values = {name: getattr(config, name) or "" for name in FIELDS if name != "role_map"}
    values["break_glass_user_id"] = str(config.break_glass_user_id or "")
    values["role_map"] = "\n".join(f"{k} = {v}" for k, v in config.role_map.items())
    values.update({name: "on" if getattr(config, name) else "" for name in CHECKS})
    return values


def parse_role_map(text: str) -> dict[str, str] | None:
    """``value = role`` per line (blank lines ignored); ``None`` when a line is malformed."""
    result = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        key, sep, role = line.rpartition("=")
        if not sep or not key.strip() or role.strip() not in ROLES:
            return None
        result[key.strip()] = role.strip()
    return result


class SsoAdminPages(TenantPages, section="/admin/sso", roles=("admin",)):
    """``/t/{slug}/admin/sso``: the administrator's single sign-on settings."""

    async def _page(self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState,
                    status_code: int = 200, report=None) -> Response:
        config = await service.get_config(db)
        admins = await users.active_admins(db)
        return tenant_page(
            request, ctx, "sso/settings.html", status_code=status_code, form=form, report=report,
            secret_set=bool(config and config.client_secret), configured=config is not None,
            admins=[(str(a.id), f"{a.name} <{a.email}>") for a in admins], roles=ROLES,
            redirect_uri=service.redirect_uri(request.app.state.settings, ctx.tenant.slug),
        )

    @get("/")
    async def settings_page(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The identity provider's settings, the redirect URI to register there, and the test."""
        config = await service.get_config(db)
        return await self._page(request, db, ctx, FormState(values=_values(config)))

    @post("/")
    async def save(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Save the settings (``action=save``) or test the connection to the issuer as typed
        (``action=test``, nothing saved)."""
        values = await read_form(request)
        state = FormState(values={k: v for k, v in values.items() if k != "client_secret"})
        settings = request.app.state.settings
        if values.get("action") == "test":
            if not values.get("issuer", "").strip():
                state.errors["issuer"] = N_("This field is required")
                return await self._page(request, db, ctx, state, status_code=422)
            await db.commit()
            report = await service.test_connection(settings, values["issuer"].strip())
            return await self._page(request, db, ctx, state, report=report)
        role_map = parse_role_map(values.get("role_map", ""))
        if role_map is None:
            state.errors["role_map"] = N_("One mapping per line: a value of the claim, =, then a role")
            return await self._page(request, db, ctx, state, status_code=422)
        body = {name: values.get(name, "").strip() for name in FIELDS if name != "role_map"}
        body = {k: v for k, v in body.items() if v}
        body.update({name: values.get(name) == "on" for name in CHECKS}, role_map=role_map)
        if values.get("client_secret"):
            body["client_secret"] = values["client_secret"]
        for name in ("label", "issuer", "client_id"):
            if name not in body:
                state.errors[name] = N_("This field is required")
        if state.ok:
            try:
                data = msgspec.convert(body, SsoSettingsWrite, strict=False)
                await service.save_config(db, settings, data)
            except msgspec.ValidationError as exc:
                state.errors[field_of(exc) or ""] = INVALID
            except DomainError as exc:
                state.fail(exc)
            else:
                return Redirect(f"/t/{ctx.tenant.slug}/admin/sso?saved=1", status_code=303)
        await discard(db, ctx)
        return await self._page(request, db, ctx, state, status_code=422)
