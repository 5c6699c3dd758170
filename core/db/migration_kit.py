"""Building blocks for migrations, so that a migration reads as the tables it creates.

Every tenant table starts with ``tenant_id`` and ``id`` (its primary key), cascades from
``tenants``, points at other tenant rows through ``(tenant_id, column)`` foreign keys, leads
its indexes with ``tenant_id`` and has row-level security (:func:`core.db.rls.enable_rls`).
The helpers spell those pieces once, with the same names the models' naming convention gives
(``fk_<table>_<columns>_<target>``, ``pk_<table>``, ``uq_<table>_<columns>``,
``ix_<table>_<columns>``).

SQLAlchemy writes a table's constraints in the order they were made, and SQLite keeps that text
as the table's schema; so a migration places :func:`tenant_keys` and :func:`ref` where its
table has them, and :func:`create_tenant_table` adds nothing but the two key columns in front.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.db.rls import enable_rls

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def tenant_ids() -> list[sa.Column]:
    """The two columns every tenant table starts with: ``tenant_id`` and ``id``."""
    return [sa.Column("tenant_id", GUID, nullable=False), sa.Column("id", GUID, nullable=False)]


def timestamp(name: str = "created_at", *, nullable: bool = False) -> sa.Column:
    """A timezone-aware UTC time column (``created_at`` unless named otherwise)."""
    return sa.Column(name, UTC_TIME, nullable=nullable)


def tenant_keys(table: str) -> list[sa.Constraint]:
    """The tenant foreign key (rows go when their tenant goes) and the ``(tenant_id, id)``
    primary key of ``table``."""
    return [
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{table}")),
    ]


def ref(table: str, column: str, target: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    """``table.(tenant_id, column)`` references a row of the same tenant in ``target``."""
    return sa.ForeignKeyConstraint(["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"],
                                   name=op.f(f"fk_{table}_tenant_id_{column}_{target}"), ondelete=ondelete)


def unique(table: str, *columns: str) -> sa.UniqueConstraint:
    """A unique constraint on ``columns`` of ``table``, named after them."""
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def index(table: str, *columns: str) -> None:
    """Create the index on ``columns`` of ``table``, named after them."""
    op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns))


def create_tenant_table(table: str, *items: sa.Column | sa.Constraint,
                        indexes: Iterable[Sequence[str]] = ()) -> None:
    """Create a tenant table: ``tenant_id`` and ``id``, then ``items`` (its other columns and
    its constraints, :func:`tenant_keys` among them), then its ``indexes`` (each a list of
    columns), and put it under row-level security."""
    op.create_table(table, *tenant_ids(), *items)
    for columns in indexes:
        index(table, *columns)
    enable_rls(table)


def drop_tables(*tables: str) -> None:
    """Downgrade: drop ``tables``, given in the order the upgrade created them, last first
    (their indexes, policies and triggers go with them)."""
    for table in reversed(tables):
        op.drop_table(table)


def config_triggers(table: str) -> None:
    """Make every insert, update and delete of ``table``'s rows bump their tenant's
    ``tenants.config_version`` (the counter, and on PostgreSQL the function
    ``bump_tenant_config()``, come from migration ``0019_tenant_config_version``): the rows become
    part of the configuration each node caches at that version (:mod:`tenants.cache`)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE TRIGGER {table}_config_version AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION bump_tenant_config()")
        return
    for verb, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        op.execute(
            f"CREATE TRIGGER {table}_config_version_{verb.lower()} AFTER {verb} ON {table} "
            f"BEGIN UPDATE tenants SET config_version = config_version + 1 WHERE id = {row}.tenant_id; END"
        )


def drop_config_triggers(table: str) -> None:
    """Downgrade: remove what :func:`config_triggers` made on ``table``."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_config_version ON {table}")
        return
    for verb in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_config_version_{verb}")
