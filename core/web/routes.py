"""The console's route handlers: public pages, tenant pages and the static files."""

from __future__ import annotations

from pathlib import Path

from litestar.static_files import create_static_files_router

from core.web.account import AccountPages
from core.web.admin import AdminPages
from core.web.admin_forms import FormPages
from core.web.admin_scripts import ScriptPages
from core.web.admin_service_levels import ServiceLevelPages
from core.web.audits import AuditPages
from core.web.complaints import ComplaintPages
from core.web.credentials import CredentialPages
from core.web.customers import CustomerPages
from core.web.deletion import DeletionPages
from core.web.faults import FaultPages
from core.web.fines import FinePages
from core.web.home import HomePages
from core.web.imports import ImportPages
from core.web.notifications import NotificationPages
from core.web.patrols import PatrolPages
from core.web.privacy import PrivacyPages
from core.web.public import PublicPages
from core.web.rebates import RebatePages
from core.web.reports import ReportPages
from core.web.revisits import RevisitPages
from core.web.roster import DutyRosterPages, LeavePages
from core.web.shifts import ShiftPages
from core.web.sso import SsoAdminPages, SsoPages
from core.web.surveys import SurveyPages
from core.web.technician import TechnicianPages
from core.web.ticket_forms import TicketFormPages
from core.web.tickets import TicketPages
from core.web.transport import TransportPages
from core.web.visits import NewYearPages, ResidentialProjectPages, SeasonalVisitPages
from core.web.webhooks import WebhookPages
from core.web.weekly import WeeklyReportPages

STATIC_DIR = Path(__file__).parent / "static"

PAGE_ROUTES = [
    PublicPages,
    HomePages,
    AccountPages,
    AdminPages,
    ServiceLevelPages,
    ScriptPages,
    FormPages,
    DeletionPages,
    CredentialPages,
    SsoPages,
    SsoAdminPages,
    NotificationPages,
    CustomerPages,
    PrivacyPages,
    TicketPages,
    TicketFormPages,
    ComplaintPages,
    FinePages,
    WeeklyReportPages,
    TransportPages,
    ResidentialProjectPages,
    SeasonalVisitPages,
    NewYearPages,
    LeavePages,
    DutyRosterPages,
    SurveyPages,
    FaultPages,
    PatrolPages,
    AuditPages,
    ReportPages,
    RebatePages,
    ImportPages,
    RevisitPages,
    ShiftPages,
    TechnicianPages,
    WebhookPages,
    create_static_files_router(path="/static", directories=[STATIC_DIR], cache_control=None,
                               include_in_schema=False),
]
