"""OpenTelemetry tracing through Litestar's plugin: off by default, spans named by route template
when ``tracing_enabled`` is on."""

from __future__ import annotations

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tests.core.observability.conftest import app_client, open_ticket


def provider() -> tuple[TracerProvider, InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    return tracer_provider, exporter


async def test_tracing_on_produces_spans_named_by_route(shouhou_settings, shouhou_plugins, tenant_a):
    ticket = await open_ticket(tenant_a)
    tracer_provider, exporter = provider()
    async with app_client(shouhou_settings, shouhou_plugins, tracer_provider, tracing_enabled=True) as client:
        response = await client.get(f"/api/v1/tickets/{ticket['id']}", headers=tenant_a.headers)
    assert response.status_code == 200
    spans = exporter.get_finished_spans()
    server = [s for s in spans if s.kind.name == "SERVER"]
    assert len(server) == 1
    assert server[0].name == "GET /api/v1/tickets/{ticket_id}"
    assert server[0].attributes["http.status_code"] == 200
    assert not any("authorization" in key.lower() for span in spans for key in span.attributes)


async def test_tracing_is_off_by_default(shouhou_settings, shouhou_plugins):
    tracer_provider, exporter = provider()
    async with app_client(shouhou_settings, shouhou_plugins, tracer_provider) as client:
        assert (await client.get("/health")).status_code == 200
    assert exporter.get_finished_spans() == ()
