"""Wire types of confidentiality rules and the read audit."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec


class LevelRule(msgspec.Struct):
    level: str
    title: str
    roles: list[str]
    audited: bool
    record_types: list[str]


class RulesRead(msgspec.Struct):
    rules: list[LevelRule]


class RulesUpdate(msgspec.Struct):
    """``{"rules": {"top_secret": ["admin", "manager"], ...}}``: levels not named keep their roles."""

    rules: dict[str, list[str]]


class AuditedReadOut(msgspec.Struct):
    id: UUID
    user_id: UUID
    role: str
    level: str
    record_type: str
    record_id: str
    created_at: datetime
