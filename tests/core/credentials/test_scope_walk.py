"""Issue 14 item 2 / issue 18 item 4: every operation declares its security and scope in the
OpenAPI document, and the scope is enforced. The test walks the document and calls every
operation that integrator credentials may use twice: with a credential holding every scope but
the operation's (refused 403 by the scope guard, whose answer names the scope, before the
handler runs) and with one holding it (allowed: neither 401 nor 403). Both with API keys and with
OAuth client tokens."""

from __future__ import annotations

import uuid

import pytest

from core.auth.credentials.scopes import API_KEY_BEARER_SCHEME, API_KEY_SCHEME, LOGIN_SCHEME, OAUTH_SCHEME
from tests.core.credentials.conftest import client_token, issue

METHODS = ("get", "post", "put", "patch", "delete")
#: Operations that take no credential at all (sign-up, login, password reset, health, token).
PUBLIC = {
    ("post", "/api/v1/signup"), ("post", "/api/v1/auth/login"), ("post", "/api/v1/auth/password-reset"),
    ("post", "/api/v1/auth/password-reset/confirm"), ("post", "/api/v1/oauth/token"),
    ("get", "/health"), ("get", "/health/live"), ("get", "/health/ready"),
}
#: Path parameters that are not ids.
SAMPLE_PARAMETERS = {"month": "2026-01", "year": "2026", "name": "lighting", "plate": "苏A12345"}


def operations(document: dict) -> list[tuple[str, str, dict]]:
    return [(method, path, op) for path, item in document["paths"].items()
            for method, op in item.items() if method in METHODS]


def scope_of(op: dict) -> str | None:
    """The scope an operation declares for integrator credentials (``None``: login tokens only)."""
    scopes = {tuple(scopes) for requirement in op.get("security", []) for name, scopes in requirement.items()
              if name in (API_KEY_SCHEME, API_KEY_BEARER_SCHEME, OAUTH_SCHEME)}
    assert len(scopes) <= 1, f"one scope per operation: {scopes}"
    return scopes.pop()[0] if scopes else None


def concrete(path: str) -> str:
    for name, value in SAMPLE_PARAMETERS.items():
        path = path.replace("{" + name + "}", value)
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        path = path[:start] + str(uuid.uuid4()) + path[end + 1:]
    return path


async def test_every_operation_declares_security_and_scope(client):
    """Each operation lists its security: public ones none, login-only ones the login scheme,
    the others the login scheme and the three integrator schemes with one scope, which the OAuth
    scheme lists."""
    document = (await client.get("/schema/openapi.json")).json()
    schemes = document["components"]["securitySchemes"]
    assert schemes[LOGIN_SCHEME] == {"type": "http", "scheme": "bearer", "description": schemes[LOGIN_SCHEME]["description"]}
    assert schemes[API_KEY_SCHEME]["type"] == "apiKey" and schemes[API_KEY_SCHEME]["in"] == "header"
    listed = schemes[OAUTH_SCHEME]["flows"]["clientCredentials"]["scopes"]
    assert schemes[OAUTH_SCHEME]["flows"]["clientCredentials"]["tokenUrl"] == "/api/v1/oauth/token"
    assert {"tickets:read", "tickets:write", "customers:read", "customers:write", "admin"} <= set(listed)
    for method, path, op in operations(document):
        if (method, path) in PUBLIC:
            assert "security" not in op, (method, path)
            continue
        assert op.get("security"), f"{method.upper()} {path} declares no security"
        assert {LOGIN_SCHEME: []} in op["security"], (method, path)
        scope = scope_of(op)
        if scope is None:
            assert op["security"] == [{LOGIN_SCHEME: []}], (method, path)
            assert path.startswith(("/api/v1/auth/", "/api/v1/credentials")), (method, path)
            continue
        assert scope in listed, (method, path, scope)
        resource = path.split("/")[4] if path.startswith("/api/v1/p/") else path.split("/")[3]
        expected = f"{resource}:{'read' if method == 'get' else 'write'}"
        assert scope in (expected, "admin"), f"{method.upper()} {path}: {scope}, the rule gives {expected} or admin"


@pytest.mark.parametrize("kind", ["api_key", "oauth_client"])
async def test_walk_every_operation_with_and_without_its_scope(tenant_a, client, kind):
    document = (await client.get("/schema/openapi.json")).json()
    granted = set(document["components"]["securitySchemes"][OAUTH_SCHEME]["flows"]["clientCredentials"]["scopes"])
    await tenant_a.enable("lighting", "lubricants", "gps_install", "automotive")

    async def headers_for(scopes: set[str]) -> dict[str, str]:
        credential = await issue(tenant_a, scopes, kind=kind)
        if kind == "api_key":
            return {"X-API-Key": credential["secret"]}
        return {"Authorization": f"Bearer {(await client_token(client, credential))['access_token']}"}

    everything = await headers_for(granted)
    all_but: dict[str, dict[str, str]] = {}
    walked = 0
    for method, path, op in operations(document):
        scope = scope_of(op)
        if scope is None:
            continue
        if scope not in all_but:
            all_but[scope] = await headers_for(granted - {scope})
        url = concrete(path)
        body = {} if method != "get" else None
        refused = await client.request(method.upper(), url, json=body, headers=all_but[scope])
        assert refused.status_code == 403, f"{method.upper()} {path} without {scope}: {refused.status_code}"
        assert refused.json()["detail"] == f"this credential lacks the scope {scope}", refused.text
        allowed = await client.request(method.upper(), url, json=body, headers=everything)
        assert allowed.status_code not in (401, 403), f"{method.upper()} {path} with {scope}: {allowed.text}"
        walked += 1
    assert walked > 100


async def test_login_only_operations_refuse_integrator_credentials(tenant_a, client):
    """A credential never manages credentials nor the creator's login: 403 whatever its scopes."""
    key = await issue(tenant_a, ["admin", "users:read"])
    headers = {"X-API-Key": key["secret"]}
    for method, url in (("GET", "/api/v1/credentials"), ("POST", "/api/v1/credentials"),
                        ("POST", "/api/v1/auth/logout-all"), ("POST", "/api/v1/auth/password")):
        response = await client.request(method, url, json={}, headers=headers)
        assert response.status_code == 403, (method, url, response.text)
        assert "login token" in response.json()["detail"]
    assert (await tenant_a.get("/api/v1/users/me")).status_code == 200, "the admin's login survived"


async def test_login_tokens_keep_their_role_checks(tenant_a):
    """Scopes do not touch users: an agent's login token is still refused an admin operation by
    its role, and allowed its own reads."""
    agent = await tenant_a.add_user("agent")
    assert (await agent.get("/api/v1/customers")).status_code == 200
    response = await agent.post("/api/v1/users", json={"email": "x@y.test", "name": "x", "role": "agent",
                                                       "password": "correct-horse-battery"})
    assert response.status_code == 403 and "roles" in response.json()["detail"]


async def test_a_refused_write_never_reaches_the_handler(tenant_a, client):
    """A valid body sent without the scope writes nothing (the guard answers before the handler)."""
    key = await issue(tenant_a, ["customers:read"])
    body = {"name": "测试客户", "phone": "13800138000", "province": "320000"}
    refused = await client.post("/api/v1/customers", json=body, headers={"X-API-Key": key["secret"]})
    assert refused.status_code == 403
    assert (await tenant_a.get("/api/v1/customers")).json()["items"] == []
    writer = await issue(tenant_a, ["customers:write"])
    created = await client.post("/api/v1/customers", json=body, headers={"X-API-Key": writer["secret"]})
    assert created.status_code == 201, created.text
