"""The console's route handlers: public pages, tenant pages and the static files."""

from __future__ import annotations

from pathlib import Path

from litestar.static_files import create_static_files_router

from core.web.account import AccountPages
from core.web.admin import AdminPages
from core.web.complaints import ComplaintPages
from core.web.customers import CustomerPages
from core.web.home import HomePages
from core.web.imports import ImportPages
from core.web.public import PublicPages
from core.web.rebates import RebatePages
from core.web.reports import ReportPages
from core.web.revisits import RevisitPages
from core.web.shifts import ShiftPages
from core.web.technician import TechnicianPages
from core.web.ticket_forms import TicketFormPages
from core.web.tickets import TicketPages

STATIC_DIR = Path(__file__).parent / "static"

PAGE_ROUTES = [
    PublicPages,
    HomePages,
    AccountPages,
    AdminPages,
    CustomerPages,
    TicketPages,
    TicketFormPages,
    ComplaintPages,
    ReportPages,
    RebatePages,
    ImportPages,
    RevisitPages,
    ShiftPages,
    TechnicianPages,
    create_static_files_router(path="/static", directories=[STATIC_DIR], cache_control=None,
                               include_in_schema=False),
]
