"""OpenTelemetry tracing through Litestar's plugin, off unless ``SHOUHOU_TRACING_ENABLED`` is set.

Spans go to the tracer provider given to :func:`tracing_plugins` or, by default, to the global
one: configure it the OpenTelemetry way (for example ``opentelemetry-instrument`` with an
exporter package and the ``OTEL_*`` variables). Span names are the route templates.
"""

from __future__ import annotations

from litestar.plugins import PluginProtocol
from litestar.plugins.opentelemetry import OpenTelemetryConfig, OpenTelemetryPlugin
from opentelemetry.trace import TracerProvider

from core.settings import Settings


def tracing_plugins(settings: Settings, tracer_provider: TracerProvider | None = None) -> list[PluginProtocol]:
    """Litestar's OpenTelemetry plugin when tracing is on (request headers are not recorded:
    they carry tokens and cookies); nothing when it is off."""
    if not settings.tracing_enabled:
        return []
    return [OpenTelemetryPlugin(OpenTelemetryConfig(tracer_provider=tracer_provider, exclude=["^/metrics$"]))]
