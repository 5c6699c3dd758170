"""Chosen OpenAPI operation ids: ``<resource>.<handler>`` (``tickets.create``,
``attachments.download``, ``lighting.offices.read``) instead of Litestar's default, a camel-cased
run of every path segment (``ApiV1TicketsTicketIdSlaPausePause``).

The resource is the last fixed segment of the path the handler's controller is mounted at (a
controller mounted at the API root names it by its own first segment: ``sla.read_policy``,
``tickets.pause``); a plugin's operations carry the plugin's name first. A handler serving several
paths (``export.csv``, ``export.xlsx``) gets the file type as a suffix, one serving several methods
the method. Litestar refuses two operations with one id when it builds the document, and
``tests/core/test_openapi_ids.py`` walks it.
"""

from __future__ import annotations

from litestar.handlers import HTTPRouteHandler
from litestar.types import Method
from litestar.types.internal_types import PathParameterDefinition

from core.auth.credentials.scopes import API_ROOT, PLUGIN_SEGMENT


def _fixed(path: str) -> list[str]:
    """The segments of ``path`` that are not parameters."""
    return [s for s in path.split("/") if s and not s.startswith("{")]


#: The API root's segments, which name no resource.
ROOT = _fixed(API_ROOT)


def operation_id(handler: HTTPRouteHandler, method: Method, components: list[str | PathParameterDefinition]) -> str:
    """The operation id of ``handler`` answering ``method`` at the route made of ``components``."""
    fixed = [c for c in components if not isinstance(c, PathParameterDefinition)]
    # The handler's own path: of its paths, the longest whose fixed segments end the route's.
    own = max((s for s in map(_fixed, handler.paths) if fixed[len(fixed) - len(s):] == s), key=len)
    mount = fixed[:len(fixed) - len(own)]
    prefix = []
    if mount[:len(ROOT)] == ROOT:
        mount = mount[len(ROOT):]
    if mount[:1] == [PLUGIN_SEGMENT] and len(mount) > 1:
        prefix, mount = [mount[1]], mount[2:]
    resource = mount[-1] if mount else (own[0] if own else "root")
    name = handler.handler_name
    if len(handler.paths) > 1 and own:
        name += "_" + own[-1].rsplit(".", 1)[-1]
    if len(handler.http_methods) > 1:
        name += "_" + str(method).lower()
    return ".".join(part.replace("-", "_") for part in (*prefix, resource, name))
