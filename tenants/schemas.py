"""Wire types of signup, the tenant profile and plugin enablement."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from core.auth.schemas import Email

Slug = Annotated[str, msgspec.Meta(min_length=3, max_length=63, pattern=r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")]


class SignupRequest(msgspec.Struct):
    company_name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    slug: Slug
    admin_email: Email
    admin_password: str
    admin_name: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    locale: Literal["zh_Hans", "en"] = "zh_Hans"
    timezone: str = "Asia/Shanghai"
    province: str | None = None


class TenantRef(msgspec.Struct):
    id: UUID
    slug: str


class SignupUser(msgspec.Struct):
    id: UUID
    email: str
    role: str


class SignupResponse(msgspec.Struct):
    tenant: TenantRef
    user: SignupUser


class TenantRead(msgspec.Struct):
    id: UUID
    slug: str
    name: str
    province: str | None
    locale: str
    timezone: str


class DeletionRequest(msgspec.Struct):
    """Confirm a company's deletion by typing its slug."""

    confirm: str


class DeletionRead(msgspec.Struct):
    scheduled: bool
    requested_at: datetime | None
    requested_by: str | None
    due_at: datetime | None


class QuotaRead(msgspec.Struct):
    """One quota: the limit in force, whether it is the tenant's own, and the current use."""

    limit: int
    own: bool
    used: int | None


class QuotasRead(msgspec.Struct):
    requests_per_minute: QuotaRead
    running_jobs: QuotaRead
    import_rows: QuotaRead
    storage_mb: QuotaRead


class TenantUpdate(msgspec.Struct):
    name: str | None = None
    province: str | None = None
    locale: Literal["zh_Hans", "en"] | None = None
    timezone: str | None = None


class PluginRead(msgspec.Struct):
    name: str
    version: str
    title: str
    description: str
    settings_schema: dict[str, Any]
    titles: dict[str, str]
    descriptions: dict[str, str]


class TenantPluginRead(msgspec.Struct):
    name: str
    enabled: bool
    settings: dict[str, Any]


class TenantPluginUpdate(msgspec.Struct):
    enabled: bool
    settings: dict[str, Any] | None = None
