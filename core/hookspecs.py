"""Every hook a Shouhou plugin can implement.

Hooks come in three kinds:

* **declarations** return data the core collects from every enabled plugin (lists are flattened);
* **decisions** (``firstresult``) return the first non-``None`` answer of an enabled plugin;
* **reactions** are told that something happened, each plugin in its own SAVEPOINT; one that
  raises is rolled back alone, logged and counted against its plugin, recorded for the tenant's
  admin, and never breaks the request. A decision that raises anything but an exception naming a
  ``field`` is the plugin's bug: a 500 logged against it.

Arguments are passed by keyword; an implementation may accept any subset of them. Never give an
implementation argument a default value (pluggy ignores it).
"""

from __future__ import annotations

import pluggy

from core.events import EventContext

hookspec = pluggy.HookspecMarker("shouhou")
hookimpl = pluggy.HookimplMarker("shouhou")


# ---------------------------------------------------------------------------------------------
# Declarations: who the plugin is and what it adds
# ---------------------------------------------------------------------------------------------


@hookspec
def shouhou_plugin_info():
    """Describe the plugin: return a :class:`core.plugins.PluginInfo` (name, version, title,
    description and the core versions it works with). Called once when the plugin is loaded;
    a plugin whose ``core_requires`` excludes this core is refused."""


@hookspec
def shouhou_settings_schema():
    """Return the ``msgspec.Struct`` class of the plugin's tenant settings (periods, percentages,
    windows…). Every field needs a default. A tenant's settings are validated against it when
    saved, and the defaults apply to a tenant that saved none."""


@hookspec
def shouhou_asset_types():
    """Return a list of :class:`core.customers.types.AssetType` this plugin adds. Only tenants
    that enabled the plugin can create assets of these types."""


@hookspec
def shouhou_ticket_kinds():
    """Return a list of extra ticket kind names (``<plugin>.<kind>``) beyond the core kinds."""


@hookspec
def shouhou_forms():
    """Return a list of :class:`core.forms.types.FormDefinition` (JSON Schema forms)."""


@hookspec
def shouhou_scripts():
    """Return a list of :class:`core.scripts.types.ScriptTemplate` (call scripts, per locale)."""


@hookspec
def shouhou_personal_fields():
    """Declare the plugin's tables that hold personal information about customers: a list of
    :class:`core.privacy.types.PersonalTable` (the rows of one customer and the rule of each
    personal column). Every installed plugin's declarations apply, enabled or not: the access
    report lists those rows and an erasure clears those columns (PIPL Art. 45, 47)."""


@hookspec
def shouhou_warranty_tables(settings):
    """Return a list of :class:`core.warranty.types.WarrantyTable` to publish the plugin's
    warranty rules (``GET /api/v1/warranty/tables``) as the tenant has set them. ``settings`` maps
    plugin name to that plugin's settings for the tenant."""


@hookspec
def shouhou_revisit_rules(settings):
    """Return a list of :class:`core.revisits.types.RevisitRule`: which events schedule which
    revisits, and cadence rules for the periodic generator, with windows as the tenant has set
    them. ``settings`` maps plugin name to that plugin's settings for the tenant."""


@hookspec
def shouhou_required_forms(settings):
    """Return a list of :class:`core.forms.types.FormRequirement`: forms a ticket must carry
    before an action of the workflow (409 field ``form`` otherwise). ``settings`` maps plugin name
    to that plugin's settings for the tenant."""


@hookspec
def shouhou_sla_defaults(settings):
    """Return a :class:`core.sla.types.SlaDefaults` the plugin proposes for tenants that enable
    it. ``settings`` maps plugin name to that plugin's settings for the tenant."""


@hookspec
def shouhou_complaint_routing():
    """Return a list of :class:`core.complaints.types.RoutingRule` defaults for the routing
    table; a tenant's own table overrides them."""


@hookspec
def shouhou_penalty_ladders():
    """Return a list of :class:`core.complaints.types.PenaltyLadder` presets."""


@hookspec
def shouhou_nav_entries():
    """Return a list of :class:`core.web.types.NavEntry` for the console navigation."""


@hookspec
def shouhou_page_routes():
    """Return a list of Litestar route handlers (pages) mounted under ``/t/{tenant_slug}/``.
    The core refuses them (404) for tenants that have not enabled the plugin."""


@hookspec
def shouhou_api_routes():
    """Return a list of Litestar route handlers (controllers, routers or handlers) for the
    plugin's own JSON API. Called once when the app is created. They are mounted under
    ``/api/v1/p/<plugin name>/``, behind authentication; the core answers 404 for tenants that
    have not enabled the plugin."""


@hookspec
def shouhou_template_dirs():
    """Return a list of directories holding the plugin's Jinja2 page templates."""


@hookspec
def shouhou_notification_channels():
    """Return a list of notification channel adapters (see
    :mod:`core.notifications.channels.base`): each has a unique ``name``, a ``recipient`` kind
    (``"email"``, ``"phone"`` or ``"group"``), ``check_config(config) -> dict`` validating the
    tenant's settings of the channel, and ``async send(message) -> Result``. Only tenants that
    enabled the plugin can use its channels. Core ships ``email``, ``sms``, ``wecom`` and
    ``dingtalk``."""


# ---------------------------------------------------------------------------------------------
# Decisions: the first plugin that answers wins
# ---------------------------------------------------------------------------------------------


@hookspec(firstresult=True)
def shouhou_warranty_decision(claim, settings):
    """Decide a warranty claim (:class:`core.warranty.types.Claim`) for an asset type the plugin
    owns. Return a :class:`core.warranty.types.Decision` with rule ids and reasons, or ``None``
    when the claim is not the plugin's. ``settings`` maps plugin name to its tenant settings."""


@hookspec(firstresult=True)
def shouhou_service_charge(claim, settings):
    """Price a repair that warranty does not cover. Return a :class:`core.warranty.types.Charge`
    or ``None`` to let another plugin (or the core: sum of parts) answer."""


@hookspec(firstresult=True)
def shouhou_route_complaint(complaint, settings):
    """Propose where a complaint goes. ``complaint`` is a dict with ``type``, ``category`` and
    ``description``. Return a :class:`core.complaints.types.RoutingRule` or ``None``."""


@hookspec(firstresult=True)
def shouhou_validate_asset(asset_type, attributes, settings):
    """Check an asset's attributes beyond its JSON Schema (e.g. a SIM ICCID's Luhn digit).
    Return a list of ``(field, message)`` problems, or ``None`` when the type is not the
    plugin's. An empty list means valid."""


# ---------------------------------------------------------------------------------------------
# Reactions: told that something happened
# ---------------------------------------------------------------------------------------------


@hookspec
def shouhou_ticket_event(event, ctx: EventContext):
    """A ticket changed (:class:`core.events.DomainEvent`: ``ticket.created``, ``ticket.assigned``,
    ``ticket.resolved``, ``ticket.closed``, ``ticket.reopened`` …). ``ctx`` is a
    :class:`core.events.EventContext`. May be async."""


@hookspec
def shouhou_complaint_event(event, ctx: EventContext):
    """A complaint moved a step (``complaint.created``, ``complaint.<step>``, ``complaint.closed``).
    May be async."""


@hookspec
def shouhou_revisit_event(event, ctx: EventContext):
    """A revisit was scheduled or got an outcome (``revisit.scheduled``, ``revisit.outcome``).
    May be async."""


@hookspec
def shouhou_asset_event(event, ctx: EventContext):
    """An asset was created or changed (``asset.created``, ``installation.done``). May be async."""
