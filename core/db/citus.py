"""Citus readiness: which tables are distributed by ``tenant_id``, which are reference tables,
which stay on the coordinator, and whether every tenant table's keys let Citus keep a tenant's
rows and their joins on one shard.

:func:`key_problems` is what ``tests/core/test_citus_readiness.py`` asserts is empty;
:func:`distribution_sql` is the plan ``shouhou db citus-plan`` prints (docs/operations/citus.md).
"""

from __future__ import annotations

from graphlib import TopologicalSorter

from sqlalchemy import MetaData, Table, UniqueConstraint

from core.db.rls import tenant_tables

DISTRIBUTION_COLUMN = "tenant_id"
#: Global tables every node reads: replicated to each worker node (``create_reference_table``).
REFERENCE_TABLES = ("tenants", "provinces")
#: Global infrastructure that stays on the coordinator (claimed with ``FOR UPDATE SKIP LOCKED``
#: across tenants, which a distributed table cannot do).
COORDINATOR_TABLES = ("jobs", "worker_heartbeats", "auth_throttles", "tenant_deletion_certificates")


def key_problems(metadata: MetaData) -> list[str]:
    """Everything that would stop ``create_distributed_table(t, 'tenant_id')`` or a colocated
    join: a tenant table whose primary key, unique key or foreign key does not lead with
    ``tenant_id``, a foreign key to a coordinator table, a reference table pointing at tenant
    data, and a table that is in no list."""
    distributed = set(tenant_tables(metadata))
    problems = []
    for table in metadata.tables.values():
        if table.name in distributed:
            problems.extend(_tenant_table_problems(table, distributed))
        elif table.name in REFERENCE_TABLES:
            problems.extend(
                f"{table.name}: reference table has a foreign key to tenant table {fk.referred_table.name}"
                for fk in table.foreign_key_constraints if fk.referred_table.name in distributed
            )
        elif table.name not in COORDINATOR_TABLES:
            problems.append(f"{table.name}: neither a tenant table (tenant_id) nor a listed global table")
    return problems


def _leads(columns) -> bool:
    names = [c.name for c in columns]
    return bool(names) and names[0] == DISTRIBUTION_COLUMN


def _tenant_table_problems(table: Table, distributed: set[str]) -> list[str]:
    problems = []
    if not _leads(table.primary_key.columns):
        problems.append(f"{table.name}: primary key does not lead with tenant_id")
    uniques = [c.columns for c in table.constraints if isinstance(c, UniqueConstraint)]
    uniques += [i.columns for i in table.indexes if i.unique]
    problems.extend(f"{table.name}: unique key ({', '.join(c.name for c in cols)}) does not lead with tenant_id"
                    for cols in uniques if not _leads(cols))
    for fk in table.foreign_key_constraints:
        target = fk.referred_table.name
        if target in REFERENCE_TABLES:
            continue
        if target in COORDINATOR_TABLES:
            problems.append(f"{table.name}: foreign key to coordinator table {target}")
        elif target in distributed and not (_leads(fk.columns) and fk.elements[0].column.name == DISTRIBUTION_COLUMN):
            problems.append(f"{table.name}: foreign key to {target} does not lead with tenant_id on both sides")
    return problems


def distributed_order(metadata: MetaData) -> list[str]:
    """Tenant tables, each after the tenant tables its foreign keys point to (Citus distributes
    a referenced table first)."""
    distributed = set(tenant_tables(metadata))
    graph = {
        name: {fk.referred_table.name for fk in metadata.tables[name].foreign_key_constraints
               if fk.referred_table.name in distributed and fk.referred_table.name != name}
        for name in sorted(distributed)
    }
    return list(TopologicalSorter(graph).static_order())


def distribution_sql(metadata: MetaData) -> list[str]:
    """The statements that turn a migrated single-node database into a Citus cluster's schema:
    reference tables, then every tenant table distributed by ``tenant_id`` and colocated with
    ``tenants``' first distributed table, so a tenant's rows and joins stay on one shard."""
    order = distributed_order(metadata)
    statements = [f"SELECT create_reference_table('{name}');" for name in REFERENCE_TABLES]
    statements += [f"SELECT citus_add_local_table_to_metadata('{name}');" for name in COORDINATOR_TABLES]
    first, *rest = order
    statements.append(f"SELECT create_distributed_table('{first}', '{DISTRIBUTION_COLUMN}');")
    statements += [
        f"SELECT create_distributed_table('{name}', '{DISTRIBUTION_COLUMN}', colocate_with => '{first}');"
        for name in rest
    ]
    return statements
