"""Every API controller is an ``ApiResource`` (core/auth/resource.py): signed-in callers only
unless it says otherwise, so a controller cannot be left open by a forgotten guard. Walked over
the running app: every operation but the public ones answers 401 to a caller without a
credential, before its handler runs."""

from __future__ import annotations

import importlib

from core.auth.resource import ApiResource
from tests.core.credentials.test_scope_walk import METHODS, PUBLIC, concrete, operations


def test_every_api_controller_is_a_resource(shouhou_app):
    """The core's API operations are methods of ``ApiResource`` classes (the plugins' are
    mounted under the core's signed-in, plugin-enabled guards)."""
    classes = set()
    for route in shouhou_app.routes:
        if route.path.startswith("/api/v1/") and not route.path.startswith("/api/v1/p/"):
            for handler in getattr(route, "route_handlers", []):
                owner = handler.fn.__qualname__.rpartition(".")[0]
                if owner and not handler.fn.__module__.startswith("litestar."):  # not the made OPTIONS
                    classes.add(getattr(importlib.import_module(handler.fn.__module__), owner))
    assert len(classes) > 40
    assert sorted(c.__name__ for c in classes if not issubclass(c, ApiResource)) == []


async def test_only_the_public_operations_answer_a_caller_without_a_credential(client):
    document = (await client.get("/schema/openapi.json")).json()
    walked = 0
    for method, path, _op in operations(document):
        if (method, path) in PUBLIC or not path.startswith("/api/v1/") or method not in METHODS:
            continue
        response = await client.request(method.upper(), concrete(path), json={})
        assert response.status_code == 401, (method, path, response.status_code)
        walked += 1
    assert walked > 150
