"""Wire types of call scripts."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec

from core.scripts.lint import Finding

ScriptName = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,62}$")]
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=10_000)]
Texts = Annotated[dict[str, Text], msgspec.Meta(min_length=1)]


class TenantScriptCreate(msgspec.Struct):
    """Write (or rewrite) the tenant script ``tenant.<name>``; ``texts`` per locale."""

    name: ScriptName
    title: Texts
    texts: Texts
    purpose: Annotated[str, msgspec.Meta(pattern=r"^[a-z_]{1,40}$")] = "general"


class ScriptRead(msgspec.Struct):
    id: str
    title: str
    titles: dict[str, str]
    purpose: str
    texts: dict[str, str]
    source: str


class RenderRequest(msgspec.Struct):
    """What the call is about (all optional) and extra variables; ``locale`` defaults to the
    caller's."""

    ticket_id: UUID | None = None
    revisit_id: UUID | None = None
    customer_id: UUID | None = None
    variables: dict[str, Any] = {}
    locale: str | None = None


class RenderResult(msgspec.Struct):
    """The script's text; ``missing`` names variables left blank (``____``) for the agent."""

    text: str
    locale: str
    missing: list[str]


class LintRequest(msgspec.Struct):
    """A script text, or one text per locale."""

    text: Annotated[str, msgspec.Meta(max_length=10_000)] | None = None
    texts: dict[Annotated[str, msgspec.Meta(max_length=10)], Annotated[str, msgspec.Meta(max_length=10_000)]] = {}
    locale: str = "zh_Hans"


class LintResult(msgspec.Struct):
    ok: bool
    findings: list[Finding]
