"""Public pages: the landing page with signup, login, logout and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import service as auth_service
from core.errors import DomainError
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


def start_session(request: Request, user) -> None:
    """Sign the user in: a fresh session (nothing of the anonymous one survives but the language)."""
    data = {"uid": str(user.id), "tid": str(user.tenant_id)}
    locale = session_data(request).get("locale") or user.locale
    if locale:
        data["locale"] = locale
    request.set_session(data)


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
                tenant, admin = await tenant_service.signup(db, data)
            except DomainError as exc:
                state.fail(exc)
            else:
                start_session(request, admin)
                return Redirect(f"/t/{tenant.slug}/admin/plugins", status_code=303)
        return render(request, "landing.html", status_code=422, form=state)

    @get("/login")
    async def login_form(self, request: Request, next: str | None = None) -> Response:
        """The login form: tenant, e-mail, password."""
        return render(request, "login.html", form=FormState(values={"next": safe_next(next, "")}))

    @post("/login")
    async def login(self, request: Request, db: AsyncSession) -> Response:
        """Sign in with the same checks and throttling as the API login."""
        values = await read_form(request)
        state = FormState(values={k: values.get(k, "") for k in ("tenant", "email", "next")})
        for name in ("tenant", "email", "password"):
            if not values.get(name, "").strip():
                state.errors[name] = REQUIRED
        if state.ok:
            settings = request.app.state.settings
            try:
                user, slug = await auth_service.authenticate(
                    db,
                    values["tenant"],
                    values["email"],
                    values["password"],
                    max_failures=settings.login_max_failures,
                    window_seconds=settings.login_window_seconds,
                )
            except DomainError as exc:
                state.errors[""] = exc.detail
                return render(request, "login.html", status_code=exc.status_code, form=state)
            start_session(request, user)
            return Redirect(safe_next(values.get("next"), f"/t/{slug}/"), status_code=303)
        return render(request, "login.html", status_code=422, form=state)

    @post("/logout")
    async def logout(self, request: Request) -> Response:
        """End the session (the language choice is kept)."""
        locale = session_data(request).get("locale")
        request.set_session({"locale": locale} if locale else {})
        return Redirect("/login", status_code=303)

    @post("/lang")
    async def switch_language(self, request: Request) -> Response:
        """Switch between zh_Hans and en; the choice lives in the session."""
        values = await read_form(request)
        locale = values.get("locale")
        if locale in LOCALES:
            request.set_session({**session_data(request), "locale": locale})
        return Redirect(safe_next(values.get("next")), status_code=303)
