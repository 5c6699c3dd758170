"""The Shouhou plugin SDK: everything a plugin may import from the core, and nothing else.

A plugin imports ``core.sdk`` (and ``core.sdk.testing`` in its tests) only; the import-linter
contract "plugins use the SDK only" in ``pyproject.toml`` holds the built-in plugins to it. The
surface below is versioned by :data:`SDK_VERSION` (semantic versioning: a name removed or
changed incompatibly is a new major version) and listed in ``docs/plugins.md``, generated from
``__all__`` by ``python -m core.sdk.surface``.
"""

from __future__ import annotations

from core.auth.guards import DESK, MANAGERS, STAFF, requires_role
from core.auth.models import User
from core.auth.service import check_user, names_of
from core.complaints.types import PenaltyLadder, PenaltyStep, RoutingRule, routing_rule
from core.customers.models import Asset, Customer
from core.customers.queries import customers_by_id
from core.customers.service import asset_named, customer_named, get_asset, get_customer
from core.customers.types import AssetType
from core.db import migration_kit
from core.db.append_only import APPEND_ONLY, lift_append_only, make_append_only
from core.db.base import Base, TenantScoped, tenant_fk, utcnow
from core.db.lookup import get_or_404
from core.db.rls import enable_rls
from core.errors import Conflict, Forbidden, Invalid, InvalidTransition, NotFound, one_of
from core.forms.files import load_forms
from core.forms.types import FormDefinition, FormRequirement
from core.geo.plates import normalize_plate, plate_problem
from core.geo.provinces import province_code
from core.hookspecs import hookimpl
from core.i18n import LocalizedText
from core.i18n.translate import N_
from core.idempotency import create_once
from core.idempotency import replay as replay_idempotent
from core.idempotency import respond as respond_idempotent
from core.money import percent_of, yuan
from core.months import next_month, parse_month
from core.pagination import Page, paginate, paginate_by
from core.plugins import CORE_VERSION, EmptySettings, PluginInfo, SettingError, plugin_settings, setting_label
from core.privacy.fields import EMPTY, REDACTED, TEXT
from core.privacy.types import PersonalTable
from core.revisits.models import Revisit
from core.revisits.rules import REACHED as REACHED_OUTCOMES
from core.revisits.rules import Facts as RevisitFacts
from core.revisits.service import Origin as RevisitOrigin
from core.revisits.service import schedule as schedule_revisit
from core.revisits.stats import MonthStats
from core.revisits.types import NoticeSequence, RevisitRule
from core.safe_regex import UnsafePattern, compile_pattern
from core.scripts.files import load_scripts
from core.scripts.types import ScriptTemplate
from core.sdk.base import PluginBase
from core.sdk.paging import read_page
from core.sla.types import SlaDefaults
from core.tickets.models import Ticket
from core.tickets.queries import check_ticket
from core.tickets.service import check_staff
from core.timezones import tenant_today, tenant_zone
from core.warranty.ladder import add_months, decision, fill, first_match
from core.warranty.problems import (
    ClaimProblem,
    claim_date_field,
    missing_date,
    not_after_claim,
    parts_fen,
    read_facts_as,
    required_date,
    warranty_start,
)
from core.warranty.schemas import DecisionRequest, PartIn
from core.warranty.service import decide as decide_warranty_claim
from core.warranty.types import Charge, Claim, Decision, DecisionKind, Part, Reason, WarrantyRow, WarrantyTable
from core.web.customer_names import customer_names
from core.web.forms import FormState
from core.web.pages import tenant_page
from core.web.types import NavEntry
from tenants.context import TenantContext

#: The version of this surface. Major: a name removed or changed incompatibly; minor: names or
#: optional arguments added (1.9.0: ``paginate(oldest_first=)``).
SDK_VERSION = "1.9.0"

#: The SDK surface, by group (the groups title the listing in ``docs/plugins.md``).
GROUPS: dict[str, tuple[str, ...]] = {
    "Plugin definition": (
        "SDK_VERSION", "CORE_VERSION", "hookimpl", "PluginBase", "PluginInfo", "EmptySettings", "SettingError",
        "plugin_settings", "setting_label", "load_forms", "load_scripts", "LocalizedText", "N_",
    ),
    "Declarations": (
        "AssetType", "FormDefinition", "ScriptTemplate", "FormRequirement", "RevisitRule", "NoticeSequence", "SlaDefaults", "RoutingRule",
        "routing_rule", "PenaltyLadder", "PenaltyStep", "NavEntry",
    ),
    "Warranty rules": (
        "Claim", "Part", "Decision", "DecisionKind", "Reason", "Charge", "WarrantyRow", "WarrantyTable",
        "ClaimProblem", "claim_date_field", "missing_date", "not_after_claim", "required_date", "warranty_start",
        "read_facts_as", "parts_fen", "add_months", "first_match", "decision", "fill",
        "DecisionRequest", "PartIn", "decide_warranty_claim",
    ),
    "Plugin tables": (
        "Base", "TenantScoped", "tenant_fk", "utcnow", "enable_rls", "migration_kit", "APPEND_ONLY",
        "make_append_only", "lift_append_only",
    ),
    "Personal information": ("PersonalTable", "TEXT", "EMPTY", "REDACTED"),
    "Core records (read)": ("Customer", "Asset", "User", "Ticket", "Revisit", "MonthStats"),
    "Core services": (
        "TenantContext", "get_or_404", "get_customer", "get_asset", "customer_named", "asset_named", "customers_by_id",
        "check_user", "check_staff", "check_ticket", "names_of",
        "schedule_revisit",
        "RevisitOrigin", "RevisitFacts", "REACHED_OUTCOMES",
    ),
    "API and pages": (
        "requires_role", "DESK", "STAFF", "MANAGERS", "NotFound", "Invalid", "Conflict", "Forbidden",
        "InvalidTransition", "one_of", "Page", "paginate", "paginate_by", "read_page", "replay_idempotent", "respond_idempotent",
        "create_once", "tenant_page", "customer_names", "FormState",
    ),
    "Helpers": (
        "yuan", "percent_of", "tenant_today", "tenant_zone", "next_month", "parse_month", "province_code",
        "plate_problem", "normalize_plate",
        "compile_pattern", "UnsafePattern",
    ),
}

#: Every name of the surface (each in exactly one of :data:`GROUPS`; a test holds the two together).
__all__ = [
    "APPEND_ONLY",
    "CORE_VERSION",
    "DESK",
    "EMPTY",
    "MANAGERS",
    "N_",
    "REACHED_OUTCOMES",
    "REDACTED",
    "SDK_VERSION",
    "STAFF",
    "TEXT",
    "Asset",
    "AssetType",
    "Base",
    "Charge",
    "Claim",
    "ClaimProblem",
    "Conflict",
    "Customer",
    "Decision",
    "DecisionKind",
    "DecisionRequest",
    "EmptySettings",
    "Forbidden",
    "FormDefinition",
    "FormRequirement",
    "FormState",
    "Invalid",
    "InvalidTransition",
    "LocalizedText",
    "MonthStats",
    "NavEntry",
    "NotFound",
    "NoticeSequence",
    "Page",
    "Part",
    "PartIn",
    "PenaltyLadder",
    "PenaltyStep",
    "PersonalTable",
    "PluginBase",
    "PluginInfo",
    "Reason",
    "Revisit",
    "RevisitFacts",
    "RevisitOrigin",
    "RevisitRule",
    "RoutingRule",
    "ScriptTemplate",
    "SettingError",
    "SlaDefaults",
    "TenantContext",
    "TenantScoped",
    "Ticket",
    "UnsafePattern",
    "User",
    "WarrantyRow",
    "WarrantyTable",
    "add_months",
    "asset_named",
    "check_staff",
    "check_ticket",
    "check_user",
    "claim_date_field",
    "compile_pattern",
    "create_once",
    "customer_named",
    "customer_names",
    "customers_by_id",
    "decide_warranty_claim",
    "decision",
    "enable_rls",
    "fill",
    "first_match",
    "get_asset",
    "get_customer",
    "get_or_404",
    "hookimpl",
    "lift_append_only",
    "load_forms",
    "load_scripts",
    "make_append_only",
    "migration_kit",
    "missing_date",
    "names_of",
    "next_month",
    "normalize_plate",
    "not_after_claim",
    "one_of",
    "paginate",
    "paginate_by",
    "parse_month",
    "parts_fen",
    "percent_of",
    "plate_problem",
    "plugin_settings",
    "province_code",
    "read_facts_as",
    "read_page",
    "replay_idempotent",
    "required_date",
    "requires_role",
    "respond_idempotent",
    "routing_rule",
    "schedule_revisit",
    "setting_label",
    "tenant_fk",
    "tenant_page",
    "tenant_today",
    "tenant_zone",
    "utcnow",
    "warranty_start",
    "yuan",
]
