"""OpenTelemetry tracing through Litestar's plugin, off unless ``SHOUHOU_TRACING_ENABLED`` is set.

Spans go to the tracer provider given to :func:`tracing_plugins` or, by default, to the global
one: configure it the OpenTelemetry way (for example ``opentelemetry-instrument`` with an
exporter package and the ``OTEL_*`` variables). Span names are the route templates.
"""

from __future__ import annotations

from typing import Any

from litestar.plugins import PluginProtocol
from litestar.plugins.opentelemetry import OpenTelemetryConfig, OpenTelemetryPlugin
from litestar.types import Scope
from opentelemetry import trace
from opentelemetry.trace import TracerProvider

from core.settings import Settings


def tracing_plugins(settings: Settings, tracer_provider: TracerProvider | None = None) -> list[PluginProtocol]:
    """Litestar's OpenTelemetry plugin when tracing is on (request headers are not recorded:
    they carry tokens and cookies); nothing when it is off."""
    if not settings.tracing_enabled:
        return []
    config = OpenTelemetryConfig(
        tracer_provider=tracer_provider, exclude=["^/metrics$"], scope_span_details_extractor=_method_only
    )
    return [OpenTelemetryPlugin(config)]


def _method_only(scope: Scope) -> tuple[str, dict[str, Any]]:
    """The span's first name: the plugin runs before routing, and the raw path would name a span
    per object; :func:`name_span_by_route` renames it once the route is known."""
    return scope.get("method", scope["type"]), {}


def name_span_by_route(scope: Scope) -> None:
    """Name the request's server span ``METHOD /route/{template}`` and record ``http.route``."""
    route = scope.get("path_template")
    span = trace.get_current_span()
    if route and span.is_recording():
        span.update_name(f"{scope['method']} {route}")
        span.set_attribute("http.route", route)
