"""HTTP: who may read each confidentiality level and the audit of top-secret reads (late customer
files, under the same path, are the customers context's: ``core.customers.controller``)."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import Request, get, put
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import requires_role
from core.auth.resource import ApiResource
from core.confidentiality import service
from core.confidentiality.levels import AUDITED_LEVELS, LEVEL_TITLES, LEVELS, RECORD_LEVELS
from core.confidentiality.schemas import AuditedReadOut, LevelRule, RulesRead, RulesUpdate
from core.i18n import pick
from core.pagination import Page


def rules_read(rules: dict[str, tuple[str, ...]], locale: str | None) -> RulesRead:
    return RulesRead(
        rules=[
            LevelRule(
                level=level,
                title=pick(LEVEL_TITLES[level], locale),
                roles=list(rules[level]),
                audited=level in AUDITED_LEVELS,
                record_types=[t for t, lv in RECORD_LEVELS.items() if lv == level],
            )
            for level in LEVELS
        ]
    )


class ConfidentialityController(ApiResource, path="/api/v1/confidentiality", tag="confidentiality"):
    @get("/rules")
    async def rules(self, request: Request, db: AsyncSession) -> RulesRead:
        """Who may read each level (绝密, 机密, 内部, 公开) and which reads are audited."""
        return rules_read(await service.readers(db), request.user.locale)

    @put("/rules", guards=[requires_role("admin")])
    async def set_rules(self, request: Request, db: AsyncSession, data: RulesUpdate) -> RulesRead:
        """Change who may read some levels; admins always keep every level."""
        return rules_read(await service.set_readers(db, data.rules), request.user.locale)

    @get("/audit", guards=[requires_role("admin")])
    async def audit(
        self,
        db: AsyncSession,
        record_type: str | None = Parameter(default=None),
        record_id: str | None = Parameter(default=None),
        user_id: UUID | None = Parameter(default=None),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[AuditedReadOut]:
        """Every read of top-secret data (who, what, when), newest first."""
        return Page.of(
            await service.audited_reads_page(db, record_type=record_type, record_id=record_id, user_id=user_id,
                                             limit=limit, cursor=cursor),
            lambda row: msgspec.convert(row, AuditedReadOut, from_attributes=True),
        )
