"""Public pages: the landing page with signup, login, logout, the forgotten-password and reset
pages, and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from litestar import Controller, Request, Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import service as auth_service
from core.auth import throttle
from core.auth.sso import service as sso_service
from core.auth.tokens import issue_token, revoke_token
from core.errors import DomainError, Throttled
from core.i18n import LOCALES
from core.web.forms import REQUIRED, FormState, convert, read_form
from core.web.templating import render
from tenants import service as tenant_service
from tenants.schemas import SignupRequest

SIGNUP_FIELDS = ("company_name", "slug", "admin_email", "admin_name", "province", "locale")


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local paths are followed after login or a language switch (no open redirect)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def session_data(request: Request) -> dict:
    session = request.scope.get("session")
    return dict(session) if isinstance(session, dict) else {}


async def start_session(request: Request, db: AsyncSession, user) -> None:
    """Sign the user in: a new server-side session whose id is the whole cookie (nothing of the
    anonymous one survives but the language)."""
    sid, _row = await issue_token(db, user, request.app.state.settings.token_ttl_seconds, kind="session")
    data = {"sid": sid}
    locale = session_data(request).get("locale") or user.locale
    if locale:
        data["locale"] = locale
    request.set_session(data)


def end_session(request: Request) -> None:
    """Clear the cookie but for the language choice."""
    locale = session_data(request).get("locale")
    request.set_session({"locale": locale} if locale else {})


def throttled_headers(exc: DomainError) -> dict[str, str] | None:
    """``Retry-After`` for a page answering 429."""
    return exc.headers if isinstance(exc, Throttled) else None


class PublicPages(Controller):
    """Pages anyone may open."""

    include_in_schema = False

    @get("/")
    async def landing(self, request: Request) -> Response:
        """The landing page: what Shouhou does, and signup for a new company."""
        user = request.scope.get("user")
        if user is not None and user.token_id is None:
            return Redirect(f"/t/{user.tenant_slug}/", status_code=303)
        return render(request, "landing.html", form=FormState(values={"locale": "zh_Hans"}))

    @post("/signup")
    async def signup(self, request: Request, db: AsyncSession) -> Response:
        """A company becomes a tenant in one form; its admin is signed in."""
        values = await read_form(request)
        state = FormState(values={k: values.get(k, "") for k in SIGNUP_FIELDS})
        data = convert(values, SignupRequest, state)
        if data is not None:
            try:
                await throttle.count_signup(request.app.state.session_maker, request.app.state.settings,
                                            throttle.source_of(request))
                tenant, admin = await tenant_service.signup(db, data)
            except DomainError as exc:
                state.fail(exc)
                status = 429 if isinstance(exc, Throttled) else 422
                return render(request, "landing.html", status_code=status, form=state,
                              headers=throttled_headers(exc))
            await start_session(request, db, admin)
            return Redirect(f"/t/{tenant.slug}/admin/plugins", status_code=303)
        return render(request, "landing.html", status_code=422, form=state)

    @get("/login")
    async def login_form(self, request: Request, db: AsyncSession, next: str | None = None,
                         tenant: str | None = None) -> Response:
        """The login form: tenant, e-mail, password; with ``tenant`` given, that company's
        "Sign in with <its identity provider>" button when it has single sign-on."""
        sso = await sso_service.public_config(db, tenant) if tenant else None
        return render(request, "login.html", form=FormState(values={"next": safe_next(next, ""), "tenant": tenant or ""}),
                      sso_label=sso[1].label if sso else None)

    @post("/login")
    async def login(self, request: Request, db: AsyncSession) -> Response:
        """Sign in with the same checks and throttling as the API login."""
        values = await read_form(request)
        state = FormState(values={k: values.get(k, "") for k in ("tenant", "email", "next")})
        for name in ("tenant", "email", "password"):
            if not values.get(name, "").strip():
                state.errors[name] = REQUIRED
        if state.ok:
            app = request.app
            try:
                user, slug = await auth_service.authenticate(
                    db, app.state.session_maker, app.state.settings, throttle.source_of(request),
                    values["tenant"], values["email"], values["password"],
                )
            except DomainError as exc:
                state.errors[""] = exc.detail
                return render(request, "login.html", status_code=exc.status_code, form=state,
                              headers=throttled_headers(exc))
            await start_session(request, db, user)
            return Redirect(safe_next(values.get("next"), f"/t/{slug}/"), status_code=303)
        return render(request, "login.html", status_code=422, form=state)

    @post("/logout")
    async def logout(self, request: Request, db: AsyncSession) -> Response:
        """End the session on the server and clear the cookie (the language choice is kept)."""
        user = request.scope.get("user")
        if user is not None and user.session_id is not None:
            await revoke_token(db, user.session_id)
        end_session(request)
        return Redirect("/login", status_code=303)

    @get("/forgot-password")
    async def forgot_form(self, request: Request) -> Response:
        """Ask for a password-reset link: company and e-mail."""
        return render(request, "forgot_password.html", form=FormState())

    @post("/forgot-password")
    async def forgot(self, request: Request, db: AsyncSession) -> Response:
        """Mail a reset link when the account exists; the page says the same either way."""
        values = await read_form(request)
        state = FormState(values={k: values.get(k, "") for k in ("tenant", "email")})
        for name in ("tenant", "email"):
            if not values.get(name, "").strip():
                state.errors[name] = REQUIRED
        if not state.ok:
            return render(request, "forgot_password.html", status_code=422, form=state)
        settings = request.app.state.settings
        try:
            await throttle.count_reset(request.app.state.session_maker, settings, throttle.source_of(request))
        except Throttled as exc:
            state.fail(exc)
            return render(request, "forgot_password.html", status_code=429, form=state, headers=exc.headers)
        link = await auth_service.request_reset(db, settings, values["tenant"], values["email"])
        return render(request, "forgot_password.html", form=FormState(), sent=True,
                      background=BackgroundTask(request.app.state.send_reset_link, request.app.state.session_maker,
                                                 request.app.state.plugins, settings, link))

    @get("/reset-password")
    async def reset_form(self, request: Request, token: str = "") -> Response:
        """Choose a new password with the e-mailed one-time token."""
        return render(request, "reset_password.html", form=FormState(values={"token": token}))

    @post("/reset-password")
    async def reset(self, request: Request, db: AsyncSession) -> Response:
        """Spend the token on the new password; every session of the user ends, then log in."""
        values = await read_form(request)
        state = FormState(values={"token": values.get("token", "")})
        try:
            await auth_service.reset_password(db, values.get("token", ""), values.get("password", ""))
        except DomainError as exc:
            state.fail(exc)
            return render(request, "reset_password.html", status_code=422, form=state)
        end_session(request)
        return Redirect("/login?reset=1", status_code=303)

    @post("/lang")
    async def switch_language(self, request: Request) -> Response:
        """Switch between zh_Hans and en; the choice lives in the session."""
        values = await read_form(request)
        locale = values.get("locale")
        if locale in LOCALES:
            request.set_session({**session_data(request), "locale": locale})
        return Redirect(safe_next(values.get("next")), status_code=303)
