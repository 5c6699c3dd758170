"""Every API operation has a chosen, stable id, ``<resource>.<handler>`` (``core/openapi_ids.py``),
not a camel-cased run of its path segments: what a generated client names its methods after."""

from __future__ import annotations

import re

import pytest

from tests.core.test_openapi_errors import api_operations

DOTTED = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


@pytest.fixture
async def document(client):
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    return response.json()


async def test_every_operation_has_a_unique_dotted_id(document):
    ids = [operation.get("operationId", "") for _path, _method, operation in api_operations(document)]
    assert len(ids) > 200  # the walk found the API
    assert [i for i in ids if not DOTTED.match(i)] == []
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(("path", "method", "expected"), [
    ("/api/v1/tickets", "post", "tickets.create"),
    ("/api/v1/tickets", "get", "tickets.list_tickets"),
    ("/api/v1/tickets/{ticket_id}/sla/pause", "post", "tickets.pause"),  # a controller at the API root
    ("/api/v1/tickets/{ticket_id}/attachments/{attachment_id}", "get", "attachments.download"),
    ("/api/v1/customers/export.csv", "get", "customers.download_csv"),  # one handler, two paths
    ("/api/v1/customers/export.xlsx", "get", "customers.download_xlsx"),
    ("/api/v1/sla/policy", "put", "sla.save_policy"),
    ("/api/v1/p/lighting/offices/{office_id}", "get", "lighting.offices.read"),  # a plugin's
    ("/api/v1/p/lighting/returns/{batch_id}", "get", "lighting.returns.read"),
])
async def test_ids_name_the_resource_and_the_handler(document, path, method, expected):
    assert document["paths"][path][method]["operationId"] == expected
