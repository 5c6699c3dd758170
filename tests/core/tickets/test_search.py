"""The queue search finds the same tickets on both databases — a customer's name, phone or
address, the ticket's number, subject or description, one or two characters as well as longer
words — only in the tenant's own tickets; on PostgreSQL every statement it sends can be answered
from indexes under row-level security (trigram and character-pair indexes, leakproof operators:
core/db/search.py, migration 0032), so a search does not read the tenant's every ticket."""

from __future__ import annotations

from core.testing import database_kind
from tests.core.tickets.test_queue_plan import _queue_statements

TERMS = {
    "灯": True,                  # one character of the subject
    "不亮": True,                # two characters of the subject
    "吸顶灯": True,              # a word of the subject (trigrams)
    "王": True,                  # a surname
    "天河": True,                # a district of the address
    "体育西路": True,            # a longer part of the address
    "雨天进水": True,            # a phrase of the description
    "138 0013 8001": True,       # the phone, typed as people say it
    "暖风机": False,
    "南京": False,
}


async def _found(tenant, term: str) -> set[str]:
    answer = await tenant.get("/api/v1/tickets", params={"q": term})
    assert answer.status_code == 200, answer.text
    return {item["id"] for item in answer.json()["items"]}


async def test_a_search_finds_the_tenants_ticket_by_any_of_its_words(make_tenant):
    tenant, other = await make_tenant(), await make_tenant()
    tickets = {}
    for owner in (tenant, other):
        customer = await owner.customer(name="王女士", phone="13800138001", address="广州市天河区体育西路1号")
        created = await owner.post("/api/v1/tickets", json={
            "kind": "repair", "channel": "phone", "customer_id": customer["id"], "subject": "吸顶灯不亮",
            "description": "雨天进水后不亮"})
        assert created.status_code == 201, created.text
        tickets[owner.id] = created.json()
    mine = tickets[tenant.id]
    for term, expected in TERMS.items():
        found = await _found(tenant, term)
        assert found == ({mine["id"]} if expected else set()), term  # never the other tenant's ticket
    assert await _found(tenant, mine["number"]) == {mine["id"]}


#: What each search term must be looked up in on PostgreSQL (migration 0032).
INDEXES = ("ix_tickets_subject_grams", "ix_customers_name_grams", "ix_customers_address_grams",
           "ix_tickets_number_trgm", "ix_tickets_subject_trgm", "ix_tickets_description_trgm",
           "ix_tickets_contact_phone_trgm", "ix_customers_name_trgm", "ix_customers_address_trgm",
           "ix_customers_phone_trgm", "ix_assets_serial_trgm", "ix_assets_plate_trgm")
#: The functions behind the searches' operators: row-level security lets only leakproof ones be
#: index conditions (else the policy filters every row of the tenant first).
LEAKPROOF = ("texticlike", "textlike", "arraycontains", "jsonb_object_field_text", "shouhou_grams")


async def test_every_search_can_be_answered_from_indexes_under_row_level_security(
    shouhou_app, shouhou_sessions, make_tenant
):
    """On a table this small the planner reads it whole whatever the indexes; what a search needs
    at scale (bench/README.md: 100,000 tickets, searches 12–25 ms instead of 200–900 ms) is
    checked here: the indexes exist, the operators are leakproof, and each statement a search
    sends is the shape that combines them (an ``OR`` of index conditions, the customer arm an
    ``= ANY(ARRAY(…))``, never ``IN (subquery)``)."""
    if database_kind() != "postgres":
        return  # SQLite's searches scan: the test above holds both databases to the same answers
    async with shouhou_sessions() as session:
        conn = await session.connection()
        indexes = set((await conn.exec_driver_sql("SELECT indexname FROM pg_indexes")).scalars())
        leakproof = dict((await conn.exec_driver_sql(
            "SELECT proname, bool_and(proleakproof) FROM pg_proc WHERE proname = ANY($1) GROUP BY proname",
            (list(LEAKPROOF),))).all())
    assert set(INDEXES) <= indexes, set(INDEXES) - indexes
    assert leakproof == dict.fromkeys(LEAKPROOF, True), leakproof
    tenant = await make_tenant()
    customer = await tenant.customer(name="王女士", phone="13800138001", address="广州市天河区体育西路1号")
    await tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": customer["id"], "subject": "吸顶灯不亮"})
    for term in ("灯", "天河", "吸顶灯", "138 0013 8001"):
        statements = await _queue_statements(shouhou_app, tenant, f"/api/v1/tickets?q={term}")
        assert statements, term
        for statement, _parameters in statements:
            assert " IN (SELECT" not in statement and "= ANY(ARRAY(SELECT customers.id" in statement, statement
