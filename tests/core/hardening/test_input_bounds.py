"""Hostile input is a 4xx naming the field and the reason, on SQLite and PostgreSQL alike: NUL
characters, strings longer than their column, bodies nested a thousand deep, dates at the
calendar's edges and integers past the column's range. Nothing is half-written."""

from __future__ import annotations

import uuid

import pytest

from core.input_bounds import MAX_DEPTH


def fields_of(response) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


async def customers_named(tenant, name: str) -> int:
    listing = await tenant.get("/api/v1/customers", params={"q": name[:20]})
    return sum(1 for c in listing.json()["items"] if c["name"] == name)


@pytest.mark.parametrize("path", ["/api/v1/auth/login", "/api/v1/signup", "/api/v1/customers", "/api/v1/tickets"])
async def test_a_body_nested_a_thousand_deep_is_400_on_body(tenant_a, path):
    response = await tenant_a.client.post(
        path, content=deep(1000), headers={**tenant_a.headers, "Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert fields_of(response) == ["body"]
    assert "deeper than" in response.json()["errors"][0]["message"]


async def test_a_body_nested_within_the_bound_is_decoded(tenant_a):
    body = '{"tenant": "x", "email": "a@b.test", "password": "p", "extra": ' + deep(MAX_DEPTH - 1) + "}"
    response = await tenant_a.client.post("/api/v1/auth/login", content=body,
                                          headers={"Content-Type": "application/json"})
    assert response.status_code in (400, 401), response.text
    assert "deeper" not in response.text


async def test_nul_in_login_is_422_on_the_field(tenant_a):
    response = await tenant_a.client.post(
        "/api/v1/auth/login", json={"tenant": tenant_a.slug, "email": "a\x00@b.test", "password": "x" * 12})
    assert response.status_code == 422, response.text
    assert fields_of(response) == ["email"]
    assert "NUL" in response.json()["errors"][0]["message"]


async def test_nul_in_a_customer_name_or_free_attributes_writes_nothing(tenant_a):
    response = await tenant_a.post("/api/v1/customers", json={"name": "王\x00五"})
    assert response.status_code == 422, response.text
    assert fields_of(response) == ["name"]
    response = await tenant_a.post("/api/v1/customers", json={"name": "王五", "contacts": [{"name": "x\x00"}]})
    assert response.status_code == 422, response.text
    assert fields_of(response) == ["contacts[0].name"]
    assert await customers_named(tenant_a, "王五") == 0


async def test_a_string_longer_than_its_column_is_422_naming_the_field(tenant_a):
    response = await tenant_a.post("/api/v1/customers", json={"name": "王五", "title": "长" * 21})
    assert response.status_code == 422, response.text
    assert fields_of(response) == ["title"]
    assert "at most 20 characters" in response.json()["errors"][0]["message"]
    assert await customers_named(tenant_a, "王五") == 0
    response = await tenant_a.post("/api/v1/customers", json={"name": "长" * 200, "title": "长" * 20})
    assert response.status_code == 201, response.text


async def test_signup_fields_longer_than_their_columns_are_422(client):
    body = {"company_name": "公司", "slug": f"s-{uuid.uuid4().hex[:8]}", "admin_email": "a@b.test",
            "admin_password": "correct-horse-battery", "admin_name": "长" * 201}
    response = await client.post("/api/v1/signup", json=body)
    assert response.status_code == 400, response.text
    assert fields_of(response) == ["admin_name"]
    assert "length <= 200" in response.json()["errors"][0]["message"]
    login = await client.post("/api/v1/auth/login", json={"tenant": body["slug"], "email": "a@b.test",
                                                           "password": "correct-horse-battery"})
    assert login.status_code == 401, login.text


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
async def test_dates_at_the_calendars_edges_are_422(tenant_a, day):
    await tenant_a.enable("lighting")
    customer = await tenant_a.customer()
    response = await tenant_a.post("/api/v1/assets", json={
        "customer_id": customer["id"], "type": "lighting.ceiling_lamp", "purchase_date": day})
    assert response.status_code == 422, response.text
    assert fields_of(response) == ["purchase_date"]
    response = await tenant_a.post("/api/v1/warranty/decisions", json={
        "product": {"type": "lighting.ceiling_lamp", "purchase_date": "2026-01-01"}, "claim_date": day,
        "claimant": "consumer", "facts": {}})
    assert response.status_code == 422, response.text
    assert fields_of(response) == ["claim_date"]


async def test_an_amount_past_the_columns_range_is_422(tenant_a):
    await tenant_a.enable("lighting")
    asset = await tenant_a.asset((await tenant_a.customer())["id"], "lighting.ceiling_lamp")
    response = await tenant_a.post("/api/v1/warranty/decisions", json={
        "asset_id": asset["id"], "claim_date": "2026-01-01", "claimant": "consumer", "facts": {},
        "parts": [{"sku": "S", "name": "n", "unit_price_fen": 2**62, "qty": 1}]})
    assert response.status_code == 422, response.text
    assert fields_of(response) == ["parts[0].unit_price_fen"]
