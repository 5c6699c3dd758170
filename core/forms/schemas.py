"""Wire types of forms."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

#: A tenant form's name: lower-case letters, digits and underscores.
FormName = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,62}$")]
Texts = Annotated[dict[str, Annotated[str, msgspec.Meta(min_length=1)]], msgspec.Meta(min_length=1)]


class TenantFormCreate(msgspec.Struct):
    """Define (or change) the tenant form ``tenant.<name>``."""

    name: FormName
    title: Texts
    schema: dict[str, Any]
    ticket_kinds: list[str] = []
    description: Texts | None = None


class FormRead(msgspec.Struct):
    id: str
    version: int
    title: str
    titles: dict[str, str]
    schema: dict[str, Any]
    ticket_kinds: list[str]
    description: str | None
    source: str
