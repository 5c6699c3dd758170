"""The declarative base, id generation and the ``TenantScoped`` mixin."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import JSON, ForeignKey, ForeignKeyConstraint, MetaData
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from uuid_utils.compat import uuid7

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> UUID:
    """A time-ordered random id (UUIDv7): opaque in URLs, index-friendly in the database."""
    return uuid7()


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


#: JSON everywhere, JSONB on PostgreSQL.
JsonB = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: DateTimeUTC(timezone=True), dict: JsonB, list: JsonB, UUID: GUID}


class TenantScoped:
    """Mixin for every tenant-owned table.

    ``tenant_id`` leads the primary key (``PRIMARY KEY (tenant_id, id)``) and every key and
    index; the session filters every query by the current tenant and stamps new rows with it
    (see :mod:`core.db.tenancy`). On PostgreSQL row-level security enforces the same.
    """

    @declared_attr
    def tenant_id(cls) -> Mapped[UUID]:
        return mapped_column(
            GUID, ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True, sort_order=-20
        )

    @declared_attr
    def id(cls) -> Mapped[UUID]:
        return mapped_column(GUID, primary_key=True, default=new_id, sort_order=-19)

    @declared_attr
    def created_at(cls) -> Mapped[datetime]:
        return mapped_column(DateTimeUTC(timezone=True), default=utcnow, sort_order=90)


def tenant_fk(column: str, table: str, *, ondelete: str | None = None) -> ForeignKeyConstraint:
    """A foreign key ``(tenant_id, column) -> table(tenant_id, id)``: a row can never point into
    another tenant."""
    return ForeignKeyConstraint(
        ["tenant_id", column], [f"{table}.tenant_id", f"{table}.id"], ondelete=ondelete
    )
