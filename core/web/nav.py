"""The console navigation: the core's entries, then those of the tenant's enabled plugins."""

from __future__ import annotations

from dataclasses import dataclass

from core.auth.guards import DESK, MANAGERS, STAFF
from core.i18n import pick
from core.i18n.translate import N_, gettext
from core.rebates.controller import READERS as REBATE_READERS
from core.reports.controller import READERS
from core.web.types import NavEntry

ADMIN = ("admin",)

#: Core pages, in menu order, labelled by catalog messages. ``path`` is relative to ``/t/{slug}``.
CORE_NAV = (
    NavEntry("home", N_("Home"), "/"),
    NavEntry("customers", N_("Customers"), "/customers"),
    NavEntry("tickets", N_("Tickets"), "/tickets"),
    NavEntry("complaints", N_("Complaints"), "/complaints"),
    NavEntry("reports", N_("Service quality"), "/reports", READERS),
    NavEntry("rebates", N_("Agent rebates"), "/rebates", REBATE_READERS),
    NavEntry("revisits", N_("Revisits"), "/revisits", DESK),
    NavEntry("shifts", N_("Shift hand-over"), "/shifts", STAFF),
    NavEntry("my-day", N_("My day"), "/my-day", ("technician",)),
    NavEntry("weekly-report", N_("Weekly report"), "/weekly-report/", ("technician",)),
    NavEntry("leave", N_("Leave"), "/leave/", STAFF),
    NavEntry("duty-roster", N_("Holiday duty roster"), "/duty-roster/"),
    NavEntry("privacy", N_("Personal information"), "/privacy/", MANAGERS),
    NavEntry("imports", N_("Imports"), "/imports", MANAGERS),
    NavEntry("plugins", N_("Plugins"), "/admin/plugins", MANAGERS),
    NavEntry("service-levels", N_("Service levels"), "/admin/service-levels/", MANAGERS),
    NavEntry("scripts", N_("Scripts"), "/admin/scripts/", MANAGERS),
    NavEntry("forms", N_("Forms"), "/admin/forms/", MANAGERS),
    NavEntry("users", N_("Users"), "/admin/users", ADMIN),
    NavEntry("notifications", N_("Notification templates"), "/admin/notifications", ADMIN),
    NavEntry("profile", N_("Company"), "/admin/profile", ADMIN),
    NavEntry("webhooks", N_("Webhooks"), "/admin/webhooks/", ADMIN),
    NavEntry("credentials", N_("Integrations"), "/admin/credentials", ADMIN),
    NavEntry("sso", N_("Single sign-on"), "/admin/sso", ADMIN),
)


#: Core entries shown under "Settings" (a menu at the end of the bar) rather than in the bar
#: itself: what a company sets up once and visits now and then.
SETTINGS = frozenset({"plugins", "service-levels", "scripts", "forms", "users", "notifications", "profile", "webhooks",
                      "credentials", "sso", "imports", "privacy"})
SETTINGS_LABEL = N_("Settings")
#: The enabled plugins' pages go under this menu.
INDUSTRY_LABEL = N_("Industry")


@dataclass(frozen=True)
class NavLink:
    id: str
    label: str
    href: str
    current: bool


@dataclass(frozen=True)
class Menu:
    """A menu at the end of the bar: its label and links."""

    label: str
    links: list[NavLink]

    @property
    def current(self) -> bool:
        """Whether the page shown is one of its links."""
        return any(link.current for link in self.links)


@dataclass(frozen=True)
class Nav:
    """The bar's links, then its menus (the enabled plugins' pages, the settings), empty ones
    left out."""

    links: list[NavLink]
    menus: list[Menu]


def label_of(label, locale: str) -> str:
    """An entry's label in ``locale``: the core's own are catalog messages, a plugin's carry both
    languages (a plugin cannot add to the core's catalogs)."""
    return gettext(locale, label) if isinstance(label, str) else pick(label, locale)


def nav_links(hooks, slug: str, role: str, locale: str, path: str) -> Nav:
    """The links a user of ``role`` sees: the core's daily pages in the bar, the enabled plugins'
    pages and the settings in menus (so the bar fits a laptop screen in English)."""

    def links_of(entries) -> list[NavLink]:
        links = []
        for entry in entries:
            if role not in entry.roles:
                continue
            href = f"/t/{slug}{entry.path}" if entry.path != "/" else f"/t/{slug}/"
            current = path == href or (entry.path != "/" and path.startswith(href))
            links.append(NavLink(entry.id, label_of(entry.label, locale), href, current))
        return links

    core = links_of(CORE_NAV)
    menus = [Menu(gettext(locale, INDUSTRY_LABEL), links_of(hooks.collect("shouhou_nav_entries"))),
             Menu(gettext(locale, SETTINGS_LABEL), [link for link in core if link.id in SETTINGS])]
    return Nav(links=[link for link in core if link.id not in SETTINGS], menus=[m for m in menus if m.links])
