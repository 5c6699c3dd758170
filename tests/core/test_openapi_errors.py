"""The OpenAPI document declares the error answers as they are really sent (issue: a bodiless
``POST /api/v1/signup`` answered a 400 without the declared shape; the document described ``extra``).

The bounded schemathesis run in ``tests/core/hardening/test_fuzz.py`` checks every generated answer's
status and body against these declarations; here the declarations themselves and real answers of
each kind are checked against the declared ``ErrorBody``.
"""

from __future__ import annotations

import jsonschema
import pytest

ERROR_REF = "#/components/schemas/ErrorBody"


@pytest.fixture
async def document(client):
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    return response.json()


def api_operations(document):
    for path, item in document["paths"].items():
        if path.startswith("/api/"):
            for method, operation in item.items():
                if method in ("get", "post", "put", "patch", "delete"):
                    yield path, method, operation


def validator(document):
    schema = {**document["components"]["schemas"]["ErrorBody"], "components": document["components"]}
    return jsonschema.Draft202012Validator(schema)


async def test_every_error_answer_is_declared_with_the_error_body(document):
    assert document["components"]["schemas"]["ErrorBody"]["required"] == ["status_code", "detail", "errors"]
    operations = list(api_operations(document))
    assert len(operations) > 100
    schemas = document["components"]["schemas"]
    for path, method, operation in operations:
        errors = {code: answer for code, answer in operation["responses"].items() if code[0] in "45"}
        assert "503" in errors, (method, path)
        for code, answer in errors.items():
            ref = answer["content"]["application/json"]["schema"]["$ref"]
            # ErrorBody, or a handler's own error body with the same fields (the OAuth token endpoint)
            assert {"status_code", "detail", "errors"} <= set(schemas[ref.rsplit("/", 1)[1]]["properties"]), \
                (method, path, code)
            assert "extra" not in str(answer), (method, path, code)


async def test_statuses_follow_guards_paths_and_limits(document):
    paths = document["paths"]
    ticket = paths["/api/v1/tickets/{ticket_id}"]["get"]["responses"]
    assert {"401", "404", "503"} <= set(ticket)
    users = paths["/api/v1/users"]["post"]["responses"]
    assert {"400", "401", "403", "409", "422"} <= set(users)
    for limited in ("/api/v1/auth/login", "/api/v1/signup", "/api/v1/auth/password-reset"):
        answer = paths[limited]["post"]["responses"]["429"]
        assert "Retry-After" in answer["headers"], limited
    assert "429" in paths["/api/v1/customers"]["post"]["responses"]  # the tenant's request quota
    assert "401" not in paths["/api/v1/signup"]["post"]["responses"]


async def test_real_error_answers_match_the_declared_body(document, tenant_a, client):
    check = validator(document)
    bodiless = await client.post("/api/v1/signup", content=b"", headers={"Content-Type": "application/json"})
    malformed = await tenant_a.client.post("/api/v1/customers", content=b"{not json",
                                           headers={**tenant_a.headers, "Content-Type": "application/json"})
    unauthenticated = await client.get("/api/v1/tickets")
    missing = await tenant_a.client.get("/api/v1/tickets/00000000-0000-0000-0000-000000000000",
                                        headers=tenant_a.headers)
    invalid = await tenant_a.client.post("/api/v1/customers", json={"name": "张三", "address": "长" * 5000},
                                         headers=tenant_a.headers)
    answers = [bodiless, malformed, unauthenticated, missing, invalid]
    assert [a.status_code for a in answers] == [400, 400, 401, 404, 422]
    for answer in answers:
        check.validate(answer.json())
        assert answer.json()["status_code"] == answer.status_code
