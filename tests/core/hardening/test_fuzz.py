"""Property-based runs against the live server over every operation of the OpenAPI document.

``test_schemathesis_checks_hold`` is the bounded schemathesis run: generated requests for every
operation, checked for server errors and for answers (error answers included) that do not match
the schema the document declares. ``test_hostile_values_in_every_json_body`` takes valid bodies of
every JSON operation and puts one hostile value in one place (a NUL character, a string longer
than any column, a date at the calendar's edge, an integer past 64 bits, a body nested a thousand
deep): the answer is a 4xx naming a field, never a 500. Both are bounded (examples per operation,
no shrinking) so the pair adds about a minute to each database's run.
"""

from __future__ import annotations

import re
import uuid

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
BOUNDED = settings(max_examples=6, deadline=None, database=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
                   suppress_health_check=list(HealthCheck))
#: Hostile values by the kind of value they replace; a field the body left out gets every kind.
LONG = "长" * 5000
HOSTILE_BOUND = settings(BOUNDED, max_examples=1)
HOSTILE = {
    str: ["nul\x00byte", LONG, "9999-12-31"],
    int: [2**63],
    None: ["\x00", LONG, "0001-01-01", 2**31],
}
DEEP = "[" * 1000 + "]" * 1000


def api_operations(live_api):
    """Every operation under ``/api/`` of the live document."""
    schema = schemathesis.openapi.from_url(f"{live_api.url}/schema/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    return [op for op in operations if op.path.startswith("/api/")]


def run_each(operations, test) -> list[str]:
    """Run ``test(operation)``; the failures, one line per operation."""
    failures = []
    for operation in operations:
        try:
            test(operation)
        except Exception as exc:  # collected so that one run reports every failing operation
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:600]}")
    return failures


def test_schemathesis_checks_hold(live_api):
    session = requests.Session()

    def test(operation):
        @BOUNDED
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(session=session, headers=live_api.headers, checks=CHECKS)

        check()

    failures = run_each(api_operations(live_api), test)
    assert not failures, "\n".join(failures)


def leaves(value, path=()):
    """The paths of the scalar leaves of a JSON value, with the value found there."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))
    else:
        yield path, value


def top_level_properties(document, operation) -> list[str]:
    """The property names of an operation's JSON body, optional ones included."""
    schema = operation.definition.raw["requestBody"]["content"]["application/json"].get("schema", {})
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return list(schema.get("properties", {}))


def hostile_bodies(body, properties):
    """``body`` with one hostile value in one place, for every place and every value of its kind."""
    seen = set()
    for path, value in leaves(body):
        shape = tuple("[]" if isinstance(step, int) else step for step in path)
        if shape in seen:  # the first item of a list stands for the others
            continue
        seen.add(shape)
        kind = str if isinstance(value, str) else int if isinstance(value, int) and not isinstance(value, bool) else None
        for hostile in HOSTILE[kind]:
            yield replaced(body, path, hostile)
    if isinstance(body, dict):
        for name in properties:
            if name not in body:
                for hostile in HOSTILE[None]:
                    yield {**body, name: hostile}


def replaced(value, path, new):
    """``value`` with the leaf at ``path`` replaced by ``new`` (the whole value at the empty path)."""
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = replaced(value[path[0]], path[1:], new)
    return copy


def assert_answered_as_client_error(response, case):
    assert response.status_code < 500, f"{response.status_code} for {case.body!r}: {response.text[:300]}"
    if response.status_code in (400, 422):
        body = response.json()
        assert body["errors"] and all(error["field"] for error in body["errors"]), response.text
        assert "Traceback" not in response.text and "Error:" not in body["detail"], response.text


def test_hostile_values_in_every_json_body(live_api):
    session = requests.Session()
    document = session.get(f"{live_api.url}/schema/openapi.json").json()
    operations = [op for op in api_operations(live_api)
                  if "application/json" in op.definition.raw.get("requestBody", {}).get("content", {})]

    def test(operation):
        path = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), operation.path)
        response = session.request(operation.method.upper(), f"{live_api.url}{path}", data=DEEP,
                                   headers={**live_api.headers, "Content-Type": "application/json"})
        assert response.status_code < 500, f"{response.status_code} for a body nested 1000 deep"
        properties = top_level_properties(document, operation)

        @HOSTILE_BOUND
        @given(case=operation.as_strategy())
        def check(case):
            for body in hostile_bodies(case.body, properties):
                case.body = body
                response = case.call(session=session, headers=live_api.headers)
                assert_answered_as_client_error(response, case)
                case.validate_response(response, checks=[response_schema_conformance])

        check()

    failures = run_each(operations, test)
    assert not failures, "\n".join(failures)
