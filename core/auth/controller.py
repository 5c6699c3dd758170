"""HTTP: login, logout (one credential or all), password change and reset, the current user and
users."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import Request, Response, get, patch, post
from litestar.background_tasks import BackgroundTask
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth import queries, service, throttle
from core.auth.guards import authenticated, requires_role
from core.auth.models import User
from core.auth.resource import ApiResource
from core.auth.schemas import (
    Accepted,
    LoginRequest,
    PasswordChange,
    ResetConfirm,
    ResetRequest,
    TokenResponse,
    UserCreate,
    UserRead,
    UserUpdate,
)
from core.auth.tokens import issue_token, revoke_token, revoke_user_credentials
from core.pagination import Page


def user_read(user: User) -> UserRead:
    return msgspec.convert(user, UserRead, from_attributes=True)


#: The one answer to a reset request, whether or not the account exists.
RESET_ACCEPTED = "if this account exists, a link to reset its password has been sent to its e-mail"


class LoginController(ApiResource, path="/api/v1/auth", tag="auth", public=True):
    @post("/login", status_code=200, opt={"errors": (401, 429)})
    async def login(self, request: Request, db: AsyncSession, data: LoginRequest) -> TokenResponse:
        """Exchange tenant slug, e-mail and password for a bearer token (throttled per source and
        account: 429 with ``Retry-After``)."""
        app = request.app
        settings = app.state.settings
        user, _slug = await service.authenticate(
            db, app.state.session_maker, settings, throttle.source_of(request), data.tenant, data.email, data.password
        )
        token, _row = await issue_token(db, user, settings.token_ttl_seconds)
        return TokenResponse(access_token=token, expires_in=settings.token_ttl_seconds)

    @post("/logout", status_code=204, guards=[authenticated], opt={"while_suspended": True})
    async def logout(self, request: Request, db: AsyncSession) -> None:
        """Revoke the bearer token of this request."""
        await revoke_token(db, request.user.token_id)

    @post("/logout-all", status_code=204, guards=[authenticated], opt={"while_suspended": True})
    async def logout_everywhere(self, request: Request, db: AsyncSession) -> None:
        """Revoke every token and console session of the calling user, this one included."""
        await revoke_user_credentials(db, request.user.user_id)

    @post("/password", status_code=204, guards=[authenticated])
    async def change_password(self, request: Request, db: AsyncSession, data: PasswordChange) -> None:
        """Set a new password (the current one proves it is you; throttled like a login). Every
        other token and session of the user ends; this token stays."""
        await service.change_password(
            db, request.app.state.session_maker, request.app.state.settings, throttle.source_of(request),
            request.user, data.current_password, data.new_password,
        )

    @post("/password-reset", status_code=202, opt={"errors": (429,)})
    async def request_reset(self, request: Request, db: AsyncSession, data: ResetRequest) -> Response[Accepted]:
        """Ask for a one-time reset link by e-mail. The answer is the same whether or not the
        account exists (the mail goes out after it); limited per source (429)."""
        settings = request.app.state.settings
        await throttle.count_reset(request.app.state.session_maker, settings, throttle.source_of(request))
        link = await service.request_reset(db, settings, data.tenant, data.email)
        return Response(Accepted(detail=RESET_ACCEPTED), status_code=202,
                        background=BackgroundTask(request.app.state.send_reset_link, request.app.state.session_maker,
                                                 request.app.state.plugins, settings, link))

    @post("/password-reset/confirm", status_code=204)
    async def confirm_reset(self, db: AsyncSession, data: ResetConfirm) -> None:
        """Spend a reset token on a new password; every session and token of the user ends."""
        await service.reset_password(db, data.token, data.password)


class UserController(ApiResource, path="/api/v1/users", tag="users"):
    @post("/", guards=[requires_role("admin")])
    async def create_user(self, request: Request, db: AsyncSession, data: UserCreate) -> Response:
        """Add a user to the tenant with a role."""
        return await idempotency.create_once(db, request, lambda: service.create_user(db, data), user_read)

    @get("/")
    async def list_users(
        self,
        db: AsyncSession,
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
        role: str | None = Parameter(default=None),
        position: str | None = Parameter(default=None),
    ) -> Page[UserRead]:
        """The tenant's users, newest first; ``role`` and ``position`` filter them."""
        return Page.of(await queries.user_page(db, role=role, position=position, limit=limit, cursor=cursor), user_read)

    @get("/me")
    async def me(self, request: Request, db: AsyncSession) -> UserRead:
        """The calling user."""
        return user_read(await service.get_user(db, request.user.user_id))

    @get("/{user_id:uuid}")
    async def get_user(self, db: AsyncSession, user_id: UUID) -> UserRead:
        """One user of the tenant."""
        return user_read(await service.get_user(db, user_id))

    @patch("/{user_id:uuid}", guards=[requires_role("admin")])
    async def update_user(self, db: AsyncSession, user_id: UUID, data: UserUpdate) -> UserRead:
        """Change a user's name, role, position, employee number or active flag."""
        return user_read(await service.update_user(db, user_id, data))
