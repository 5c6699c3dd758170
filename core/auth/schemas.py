"""Wire types of login and users."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from core.auth.positions import POSITIONS

Role = Literal["admin", "manager", "agent", "technician", "viewer"]
#: One of :data:`core.auth.positions.POSITIONS`.
Position = Literal[tuple(POSITIONS)]  # type: ignore[valid-type]
Email = Annotated[str, msgspec.Meta(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")]


#: A password as typed at login: bounded before it reaches the hasher. New passwords are held to
#: the password rule instead (``core.auth.passwords``: 10 to 256 characters, 422 on the field).
TypedPassword = Annotated[str, msgspec.Meta(max_length=1024)]


class LoginRequest(msgspec.Struct):
    tenant: Annotated[str, msgspec.Meta(max_length=63)]
    email: Annotated[str, msgspec.Meta(max_length=254)]
    password: TypedPassword


class PasswordChange(msgspec.Struct):
    """The signed-in user's new password, with the current one as proof."""

    current_password: TypedPassword
    new_password: str


class ResetRequest(msgspec.Struct):
    """Ask for a password-reset link by e-mail."""

    tenant: str
    email: str


class ResetConfirm(msgspec.Struct):
    """Spend the e-mailed token on a new password."""

    token: str
    password: str


class Accepted(msgspec.Struct):
    detail: str


class TokenResponse(msgspec.Struct):
    access_token: str
    expires_in: int
    token_type: str = "Bearer"


class UserCreate(msgspec.Struct):
    email: Email
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    role: Role
    password: str
    employee_no: str | None = None
    position: Position | None = None
    locale: Literal["zh_Hans", "en"] | None = None


class UserUpdate(msgspec.Struct):
    """A change to a user: only the fields given change (``position: null`` clears it)."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)] | msgspec.UnsetType = msgspec.UNSET
    role: Role | msgspec.UnsetType = msgspec.UNSET
    position: Position | msgspec.UnsetType | None = msgspec.UNSET
    employee_no: str | msgspec.UnsetType | None = msgspec.UNSET
    is_active: bool | msgspec.UnsetType = msgspec.UNSET


class UserRead(msgspec.Struct):
    id: UUID
    email: str
    name: str
    role: str
    employee_no: str | None
    position: str | None
    is_active: bool
    created_at: datetime


class Me(msgspec.Struct):
    user: UserRead
    tenant: dict
