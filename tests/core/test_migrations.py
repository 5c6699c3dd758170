"""Migrations: one line of core history, plugin branches beside it, and the models match them."""

from alembic.script import ScriptDirectory

from core.db.migrate import alembic_config


def test_core_history_has_one_head_and_plugins_their_own_branch():
    scripts = ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite:///:memory:"))
    heads = [scripts.get_revision(h) for h in scripts.get_heads()]
    core_heads = [r.revision for r in heads if not r.branch_labels]
    assert len(core_heads) == 1, f"core migrations must form one line; heads: {core_heads}"
    for revision in heads:
        if revision.branch_labels:
            assert revision.dependencies, f"plugin branch {revision.branch_labels} must depend on a core revision"


def test_every_revision_id_fits_the_version_table():
    """``alembic_version.version_num`` is ``VARCHAR(32)``: a longer id migrates on SQLite and fails on
    PostgreSQL."""
    scripts = ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite:///:memory:"))
    too_long = [r.revision for r in scripts.walk_revisions() if len(r.revision) > 32]
    assert too_long == []


async def test_migrated_schema_matches_the_models(shouhou_settings):
    """Autogenerate against the migrated test database finds nothing to add or drop."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy.ext.asyncio import create_async_engine

    from core.db import registry
    from core.db.base import Base

    registry.load_models()
    registry.load_plugin_models()
    engine = create_async_engine(shouhou_settings.owner_url)

    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        return [d for d in compare_metadata(context, Base.metadata) if d[0] in ("add_table", "remove_table", "add_column", "remove_column")]

    async with engine.connect() as conn:
        differences = await conn.run_sync(diff)
    await engine.dispose()
    differences = [d for d in differences if not (d[0] == "remove_table" and d[1].name == "alembic_version")]
    assert differences == []
