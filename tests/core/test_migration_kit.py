"""The migration kit builds a tenant table with the keys, names and order the models expect."""

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

from core.db.migration_kit import GUID, create_tenant_table, drop_tables, ref, tenant_keys, timestamp, unique


def _build(conn) -> None:
    with Operations.context(MigrationContext.configure(conn)):
        from alembic import op

        op.create_table("tenants", sa.Column("id", GUID, nullable=False),
                        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenants")))
        create_tenant_table("users", sa.Column("email", sa.String(length=254), nullable=False), *tenant_keys("users"))
        create_tenant_table(
            "notes",
            sa.Column("author_id", GUID, nullable=False),
            sa.Column("body", sa.Text(), nullable=False),
            timestamp(),
            *tenant_keys("notes"),
            ref("notes", "author_id", "users", ondelete="CASCADE"),
            unique("notes", "tenant_id", "body"),
            indexes=[("tenant_id", "created_at")],
        )


def test_a_tenant_table_has_its_keys_references_and_indexes_named_like_the_models():
    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        _build(conn)
        inspector = sa.inspect(conn)
        assert [c["name"] for c in inspector.get_columns("notes")] == ["tenant_id", "id", "author_id", "body",
                                                                       "created_at"]
        assert inspector.get_pk_constraint("notes") == {"constrained_columns": ["tenant_id", "id"],
                                                         "name": "pk_notes"}
        foreign_keys = {fk["name"]: (fk["constrained_columns"], fk["referred_table"], fk["options"])
                        for fk in inspector.get_foreign_keys("notes")}
        assert foreign_keys == {
            "fk_notes_tenant_id_tenants": (["tenant_id"], "tenants", {"ondelete": "CASCADE"}),
            "fk_notes_tenant_id_author_id_users": (["tenant_id", "author_id"], "users", {"ondelete": "CASCADE"}),
        }
        assert [u["name"] for u in inspector.get_unique_constraints("notes")] == ["uq_notes_tenant_id_body"]
        assert [(i["name"], i["column_names"]) for i in inspector.get_indexes("notes")] == [
            ("ix_notes_tenant_id_created_at", ["tenant_id", "created_at"])]


def test_drop_tables_drops_the_last_created_first():
    engine = sa.create_engine("sqlite://")
    dropped = []
    with engine.begin() as conn:
        _build(conn)
        sa.event.listen(conn, "before_cursor_execute",
                        lambda conn, cursor, statement, *args: dropped.append(statement.split()[-1])
                        if statement.strip().startswith("DROP TABLE") else None)
        with Operations.context(MigrationContext.configure(conn)):
            drop_tables("tenants", "users", "notes")
        assert dropped == ["notes", "users", "tenants"]
        assert sa.inspect(conn).get_table_names() == []
