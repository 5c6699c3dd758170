"""Search indexes (PostgreSQL): the queue and customer searches answered from indexes.

- ``pg_trgm`` trigram GIN indexes on every column the searches match with ``ILIKE '%term%'``:
  the tickets' number, subject, description and contact phone; the customers' name, address and
  phone; the assets' serial and the plate and SIM card attributes.
- ``shouhou_grams(text)``: the lower-cased single characters and pairs of characters of a text,
  and GIN indexes of it on the tickets' subject and the customers' name and address, for terms of
  one or two characters (a trigram index needs three; Chinese words are often one or two).
- Row-level security lets only *leakproof* operators be index conditions. ``LIKE``, ``ILIKE``,
  ``jsonb ->> text``, array containment and ``shouhou_grams`` are marked leakproof: they raise no
  error that depends on a row's value and have no side effect (docs/security.md). Only a
  superuser may mark them; a migration run by another role leaves them as they are and warns:
  the searches then stay correct but read the tenant's rows instead of the indexes.

SQLite: nothing (its searches scan; an embedded deployment is small)."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0032_search_indexes"
down_revision = "0031_ticket_breach_indexes"

log = logging.getLogger(__name__)

#: index name -> (table, indexed expression)
TRIGRAM = {
    "ix_tickets_number_trgm": ("tickets", "number"),
    "ix_tickets_subject_trgm": ("tickets", "subject"),
    "ix_tickets_description_trgm": ("tickets", "description"),
    "ix_tickets_contact_phone_trgm": ("tickets", "contact_phone"),
    "ix_customers_name_trgm": ("customers", "name"),
    "ix_customers_address_trgm": ("customers", "address"),
    "ix_customers_phone_trgm": ("customers", "phone"),
    "ix_assets_serial_trgm": ("assets", "serial"),
    "ix_assets_plate_trgm": ("assets", "(attributes ->> 'plate')"),
    "ix_assets_vehicle_plate_trgm": ("assets", "(attributes ->> 'vehicle_plate')"),
    "ix_assets_sim_iccid_trgm": ("assets", "(attributes ->> 'sim_iccid')"),
}
#: index name -> (table, column) of the one- and two-character lookups.
GRAM_INDEXES = {
    "ix_tickets_subject_grams": ("tickets", "subject"),
    "ix_customers_name_grams": ("customers", "name"),
    "ix_customers_address_grams": ("customers", "address"),
}
GRAMS = """
CREATE OR REPLACE FUNCTION shouhou_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE{leakproof} AS $$
  SELECT coalesce(array_agg(DISTINCT substr(lower(t), i, n)), '{{}}')
  FROM generate_series(1, length(t)) AS i, (VALUES (1), (2)) AS k(n)
  WHERE i + n - 1 <= length(t)
$$
"""
#: The built-in functions behind the searches' operators (texts, JSON fields, arrays).
BUILT_INS = ("pg_catalog.textlike(text, text)", "pg_catalog.texticlike(text, text)",
             "pg_catalog.jsonb_object_field_text(jsonb, text)", "pg_catalog.arraycontains(anyarray, anyarray)")


def _superuser() -> bool:
    return bool(op.get_bind().scalar(sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    superuser = _superuser()
    op.execute(GRAMS.format(leakproof=" LEAKPROOF" if superuser else ""))
    if superuser:
        for function in BUILT_INS:
            op.execute(f"ALTER FUNCTION {function} LEAKPROOF")
    else:
        log.warning("not a superuser: the search operators are not marked leakproof, so under row-level "
                    "security the searches read rows instead of their indexes (docs/security.md)")
    for name, (table, expression) in TRIGRAM.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression} gin_trgm_ops)")
    for name, (table, column) in GRAM_INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (shouhou_grams({column}))")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in (*GRAM_INDEXES, *TRIGRAM):
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.execute("DROP FUNCTION IF EXISTS shouhou_grams(text)")
    if _superuser():
        for function in BUILT_INS:
            op.execute(f"ALTER FUNCTION {function} NOT LEAKPROOF")
