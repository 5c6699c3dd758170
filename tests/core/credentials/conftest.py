"""Helpers of the integrator-credential tests: an admin issues a credential over the API."""

from __future__ import annotations

import base64
from typing import Any

import pytest

TOKEN_URL = "/api/v1/oauth/token"


async def issue(tenant, scopes, kind: str = "api_key", name: str = "ERP 同步", rate_limit: int = 100_000) -> dict:
    """Create a credential as the tenant's admin; returns the answer (with its secret)."""
    response = await tenant.post("/api/v1/credentials", json={
        "kind": kind, "name": name, "scopes": sorted(scopes), "rate_limit": rate_limit,
    })
    assert response.status_code == 201, response.text
    return response.json()


def basic(client_id: str, secret: str) -> dict[str, str]:
    """An HTTP Basic ``Authorization`` header (client_secret_basic)."""
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


async def client_token(http, client: dict, scope: str | None = None) -> dict:
    """An access token for an OAuth client (client_secret_basic)."""
    form: dict[str, Any] = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    response = await http.post(TOKEN_URL, data=form, headers=basic(client["client_id"], client["secret"]))
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def key_headers():
    """``key_headers(key)``: the headers carrying an API key."""
    return lambda key: {"X-API-Key": key}
