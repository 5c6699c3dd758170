"""The application factory."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from datetime import timedelta

from litestar import Litestar, Router
from litestar.config.compression import CompressionConfig
from litestar.connection import ASGIConnection
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.handlers import BaseRouteHandler
from litestar.middleware import DefineMiddleware
from litestar.middleware.session.client_side import CookieBackendConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin
from litestar.openapi.spec import Components
from sqlalchemy import select

from core.attachments.controller import AttachmentController
from core.attachments.storage import LocalDisk
from core.audits.controller import OfficeAuditController
from core.auth.controller import LoginController, UserController
from core.auth.credentials import oauth, scopes
from core.auth.credentials.controller import CredentialController
from core.auth.guards import Guard, authenticated, in_turn, tenant_active
from core.auth.middleware import AuthMiddleware
from core.auth.passwords import configure_hasher, configure_pool
from core.auth.sso.controller import SsoSettingsController
from core.calls.controller import CallRecordController
from core.campaigns.controller import CampaignController
from core.chat.controller import ChatController
from core.complaints.controller import ComplaintController
from core.confidentiality.controller import ConfidentialityController
from core.customers.controller import AssetController, CustomerController, LateFileController
from core.db import registry
from core.db.engine import app_engine, make_session_maker
from core.db.session import provide_db
from core.db.tenancy import bind_tenant
from core.defaults import build_plugin_manager
from core.errors import EXCEPTION_HANDLERS
from core.faults.controller import MajorFaultController
from core.fines.controller import StaffBreachController
from core.forms.controller import FormController
from core.health import health, live, ready
from core.heap import freeze_start_up
from core.imports.controller import ImportController
from core.input_bounds import BoundedRequest, reject_nul_parameters
from core.notes.controller import NoteController
from core.notifications.controller import NotificationController
from core.notifications.password_reset import send_reset_link
from core.observability.logs import RequestContextMiddleware
from core.observability.metrics import instrument_pool, prometheus_config, release_pool
from core.observability.tracing import tracing_plugins
from core.openapi_errors import document_errors
from core.openapi_ids import operation_id
from core.patrols.controller import ServiceVisitController
from core.plugin_faults.controller import PluginFaultController
from core.plugins import CORE_PLUGIN, PluginManager
from core.privacy.controller import PrivacyController
from core.prometheus import metrics
from core.quotas import within_request_quota
from core.rebates.controller import RebateController
from core.reports.controller import ReportController
from core.revisits.controller import RevisitController
from core.roster.controller import DutyRosterController, LeaveRequestController
from core.script_subjects import SUBJECT_LOADERS  # noqa: F401 - installs the subjects scripts are rendered about
from core.scripts.controller import ScriptController
from core.settings import Settings, load_settings
from core.shifts.controller import ShiftHandoverController
from core.sla.controller import SlaController
from core.surveys.controller import SurveyController
from core.sweeps import PERIODIC  # noqa: F401 - installs the worker's sweeps and the core subscribers
from core.tickets.controller import TicketController, TicketNotificationController
from core.transport.controller import TransportClaimController
from core.visits.controller import (
    InspectionVisitController,
    NewYearCampaignController,
    ResidentialProjectController,
    SeasonalCampaignController,
)
from core.warranty.controller import WarrantyController
from core.web.errors import for_pages
from core.web.plugin_pages import plugin_page_routers
from core.web.routes import PAGE_ROUTES
from core.web.security import csrf_config
from core.webhooks.controller import WebhookController
from core.weekly.controller import WeeklyReportController
from tenants.context import TenantContext, provide_tenant_context
from tenants.controller import PluginCatalogController, SignupController, TenantController
from tenants.models import PluginEnablement

log = logging.getLogger(__name__)

#: The API reference's script, served from the package's static folder at a pinned version.
SCALAR_JS = "/static/vendor/scalar-api-reference-1.76.4.js"

API_ROUTES = [
    health,
    live,
    ready,
    SignupController,
    LoginController,
    UserController,
    CredentialController,
    oauth.token,
    TenantController,
    SsoSettingsController,
    PluginCatalogController,
    PluginFaultController,
    CustomerController,
    AssetController,
    WarrantyController,
    TicketController,
    NoteController,
    AttachmentController,
    ChatController,
    SlaController,
    FormController,
    ScriptController,
    ConfidentialityController,
    LateFileController,
    RevisitController,
    CampaignController,
    ComplaintController,
    ShiftHandoverController,
    StaffBreachController,
    WeeklyReportController,
    TransportClaimController,
    ResidentialProjectController,
    SeasonalCampaignController,
    InspectionVisitController,
    NewYearCampaignController,
    SurveyController,
    MajorFaultController,
    ServiceVisitController,
    OfficeAuditController,
    CallRecordController,
    DutyRosterController,
    LeaveRequestController,
    ReportController,
    RebateController,
    WebhookController,
    PrivacyController,
    NotificationController,
    TicketNotificationController,
    ImportController,
]


#: Where each plugin's own API (hook ``shouhou_api_routes``) is mounted: ``/api/v1/p/<plugin>``.
PLUGIN_API_PREFIX = "/api/v1/p"


def plugin_enabled(name: str) -> Guard:
    """A guard answering 404 unless the caller's tenant has enabled plugin ``name`` (one indexed
    read of the tenant's enablement row, in its own short transaction)."""

    async def guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
        async with connection.app.state.session_maker() as session:
            bind_tenant(session, connection.scope["user"].tenant_id)
            enabled = await session.scalar(
                select(PluginEnablement.enabled).where(PluginEnablement.plugin == name)
            )
        if not enabled:
            raise NotFoundException(f"plugin {name!r} is not enabled for this tenant")

    guard.__name__ = f"plugin_enabled_{name}"
    return guard


def plugin_api_routers(plugins: PluginManager) -> list[Router]:
    """One router per plugin that implements ``shouhou_api_routes``, at ``/api/v1/p/<plugin>``,
    guarded by authentication and the plugin's enablement. A plugin whose hook raises is logged
    and left out; the others are mounted."""
    routers = []
    for impl in plugins.pm.hook.shouhou_api_routes.get_hookimpls():
        name = impl.plugin_name
        try:
            handlers = list(impl.function() or [])
        except Exception:
            log.exception("plugin %s failed in shouhou_api_routes", name)
            continue
        if not handlers:
            continue
        guards = [authenticated] if name == CORE_PLUGIN else [authenticated, plugin_enabled(name)]
        routers.append(Router(path=f"{PLUGIN_API_PREFIX}/{name}", route_handlers=handlers, guards=guards))
    return routers


def session_config(settings: Settings) -> CookieBackendConfig:
    """Signed, encrypted session cookie for the pages: HttpOnly, SameSite=Lax, Secure in production.
    It carries only the id of a server-side session (:mod:`core.auth.tokens`), so logging out
    ends it everywhere, whatever copy of the cookie survives."""
    return CookieBackendConfig(
        secret=hashlib.sha256(settings.secret_key.encode()).digest(),
        key="shouhou_session",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=settings.token_ttl_seconds,
        # The API takes bearer credentials only (core.auth.middleware): its requests neither read
        # nor renew the cookie, and skip decrypting it.
        exclude=["^/api/"],
    )


def start_in_process_sweeps(settings: Settings, session_maker, plugins: PluginManager) -> asyncio.Task | None:
    """On the embedded default (``settings.sweeps_in_process``) the server runs the worker's
    rounds itself; PostgreSQL deployments run ``shouhou worker`` processes instead."""
    if not settings.sweeps_in_process:
        return None
    from core.webhooks import delivery
    from core.worker.runner import run_forever, worker_name

    delivery.configure(settings)
    return asyncio.create_task(
        run_forever(session_maker, plugins, f"server:{worker_name()}", settings.sweep_interval_seconds,
                    lease=timedelta(seconds=settings.job_lease_seconds), owner_maker=session_maker,
                    max_running=settings.quota_running_jobs)
    )


def observed_middleware(settings: Settings) -> list[DefineMiddleware]:
    """The middleware stack: request metrics outermost (latency includes authentication), then
    the session cookie and authentication (not for static files, the schema, metrics and health
    checks), then the request's log context, which needs the principal."""
    return [
        *([prometheus_config().middleware] if settings.metrics_enabled else []),
        session_config(settings).middleware,
        DefineMiddleware(AuthMiddleware, exclude=["^/static/", "^/schema", "^/metrics$", "^/health"]),
        DefineMiddleware(RequestContextMiddleware, count_tenants=settings.metrics_tenant_label,
                         name_spans=settings.tracing_enabled),
    ]


def create_app(settings: Settings | None = None, plugins: PluginManager | None = None,
               tracer_provider=None) -> Litestar:
    """Build the app: database, plugins, auth, API routes and pages; metrics, request logs and
    (when ``tracing_enabled``) OpenTelemetry spans sent to ``tracer_provider`` or the global one."""
    settings = settings or load_settings()
    plugins = plugins or build_plugin_manager()
    registry.load_models()
    configure_pool(settings.password_workers, settings.password_niceness)
    configure_hasher(*settings.password_cost)
    engine = app_engine(settings)
    session_maker = make_session_maker(engine, settings)
    components = Components(security_schemes=scopes.security_schemes())

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncGenerator[None, None]:
        instrument_pool(engine)
        document_errors(app, app.openapi_schema)
        sweeps = start_in_process_sweeps(settings, session_maker, plugins)
        freeze_start_up()
        try:
            yield
        finally:
            if sweeps is not None:
                sweeps.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sweeps
            await engine.dispose()
            release_pool(engine)

    app = Litestar(
        route_handlers=[*API_ROUTES, *([metrics] if settings.metrics_enabled else []),
                        *plugin_api_routers(plugins), *PAGE_ROUTES, *plugin_page_routers(plugins, plugin_enabled)],
        dependencies={
            "db": Provide(provide_db),
            "ctx": Provide(provide_tenant_context),
        },
        signature_namespace={"TenantContext": TenantContext},
        guards=[in_turn(scopes.require_scope, tenant_active, within_request_quota)],
        request_class=BoundedRequest,
        before_request=reject_nul_parameters,
        middleware=observed_middleware(settings),
        plugins=tracing_plugins(settings, tracer_provider),
        exception_handlers=for_pages(EXCEPTION_HANDLERS),
        csrf_config=csrf_config(settings),
        openapi_config=OpenAPIConfig(
            title="Shouhou API",
            version="1",
            path="/schema",
            operation_id_creator=operation_id,
            components=components,
            render_plugins=[ScalarRenderPlugin(js_url=SCALAR_JS, css_url="/static/schema.css", favicon="",
                                               options={"withDefaultFonts": False})],
        ),
        compression_config=CompressionConfig(backend="gzip", minimum_size=1024),
        lifespan=[lifespan],
        # Logging is ours (core.observability.logs, JSON lines): Litestar's default configuration
        # would replace the root handler when the app is built.
        logging_config=None,
        debug=settings.debug,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.storage = LocalDisk(settings.storage_dir)
    app.state.session_maker = session_maker
    app.state.plugins = plugins
    # the password-reset mail goes through the notification outbox, which the accounts do not know
    app.state.send_reset_link = send_reset_link
    app.state.credential_scopes = scopes.install(app, components)
    return app
