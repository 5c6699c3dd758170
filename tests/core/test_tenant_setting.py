"""Only the tenancy code sets the tenant row-level security reads, and the app's database role
cannot get around it: it owns nothing, cannot bypass RLS and cannot become a role that can."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text

from core.testing import database_kind

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("core", "tenants", "plugins")
TENANCY = Path("core/db/tenancy.py")
#: Ways to write a PostgreSQL setting, switch roles or change the session's tenant binding.
#: ``set_config`` counts unless it names another setting by a literal (the append-only
#: maintenance switch ``shouhou.append_only`` is the owner's, not a tenant).
WRITERS = re.compile(
    r"set_config(?!\(\s*'(?!shouhou\.tenant_id')[a-z_]+\.[a-z_]+')"
    r"|\bSET\s+(?:LOCAL\s+|SESSION\s+)?(?:shouhou\.tenant_id\b|ROLE\b|SESSION\s+AUTHORIZATION\b)"
    r"|\bRESET\s+(?:shouhou\.tenant_id\b|ALL\b|ROLE\b)|\.info\[\s*(?:TENANT_KEY|[\"']tenant_id[\"'])",
    re.IGNORECASE,
)

postgres_only = pytest.mark.skipif(database_kind() != "postgres", reason="roles and grants exist only on PostgreSQL")


def source_files():
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".py", ".sql"} and path.is_file():
                yield path.relative_to(ROOT)


def test_only_the_tenancy_module_writes_the_tenant_setting():
    """Any other writer of the setting (or of the session's tenant binding) is a finding."""
    found = []
    for path in source_files():
        if path == TENANCY:
            continue
        for number, line in enumerate((ROOT / path).read_text().splitlines(), 1):
            if WRITERS.search(line):
                found.append(f"{path}:{number}: {line.strip()}")
    assert not found, "the tenant setting is written outside core/db/tenancy.py:\n" + "\n".join(found)


def test_the_tenancy_module_writes_the_setting_in_one_place():
    code = (ROOT / TENANCY).read_text()
    assert len(re.findall(r"set_config\(", code)) == 1, "one function writes the tenant setting"
    assert code.count("info[TENANT_KEY] =") == 3, "bind, leave and enter are the only binders"


@postgres_only
async def test_app_role_owns_no_object_has_no_escape_and_only_row_grants(shouhou_sessions):
    async with shouhou_sessions() as session:
        role = (await session.execute(text(
            "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolreplication "
            "FROM pg_roles WHERE rolname = current_user"
        ))).one()
        owned = (await session.execute(text(
            "SELECT 'class ' || relname FROM pg_class WHERE relowner = current_user::regrole "
            "UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE proowner = current_user::regrole "
            "UNION ALL SELECT 'schema ' || nspname FROM pg_namespace WHERE nspowner = current_user::regrole "
            "UNION ALL SELECT 'type ' || typname FROM pg_type WHERE typowner = current_user::regrole "
            "UNION ALL SELECT 'database ' || datname FROM pg_database WHERE datdba = current_user::regrole"
        ))).scalars().all()
        member_of = (await session.execute(text(
            "SELECT roleid::regrole::text FROM pg_auth_members WHERE member = current_user::regrole"
        ))).scalars().all()
        create_in_public = await session.scalar(text("SELECT has_schema_privilege('public', 'CREATE')"))
        grants = (await session.execute(text(
            "SELECT DISTINCT privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = current_user AND table_schema = 'public'"
        ))).scalars().all()
    assert role == (False, False, False, False, False)
    assert owned == [], "the app role owns nothing"
    assert member_of == [], "the app role cannot SET ROLE to another role"
    assert create_in_public is False
    assert set(grants) == {"SELECT", "INSERT", "UPDATE", "DELETE"}, "no TRUNCATE (it skips RLS), REFERENCES or TRIGGER"


@postgres_only
async def test_app_role_cannot_lift_row_level_security(shouhou_sessions):
    async with shouhou_sessions() as session:
        with pytest.raises(Exception, match="must be owner"):
            await session.execute(text("ALTER TABLE customers NO FORCE ROW LEVEL SECURITY"))
