"""The console navigation: the core's entries, then those of the tenant's enabled plugins."""

from __future__ import annotations

from dataclasses import dataclass

from core.auth.guards import DESK, MANAGERS, STAFF
from core.i18n import pick
from core.rebates.controller import READERS as REBATE_READERS
from core.reports.controller import READERS
from core.web.types import NavEntry

ADMIN = ("admin",)

#: Core pages, in menu order. ``path`` is relative to ``/t/{slug}``.
CORE_NAV = (
    NavEntry("home", {"zh_Hans": "工作台", "en": "Home"}, "/"),
    NavEntry("customers", {"zh_Hans": "客户", "en": "Customers"}, "/customers"),
    NavEntry("tickets", {"zh_Hans": "服务单", "en": "Tickets"}, "/tickets"),
    NavEntry("complaints", {"zh_Hans": "投诉", "en": "Complaints"}, "/complaints"),
    NavEntry("reports", {"zh_Hans": "服务质量", "en": "Service quality"}, "/reports", READERS),
    NavEntry("rebates", {"zh_Hans": "代理商返佣", "en": "Agent rebates"}, "/rebates", REBATE_READERS),
    NavEntry("revisits", {"zh_Hans": "回访", "en": "Revisits"}, "/revisits", DESK),
    NavEntry("shifts", {"zh_Hans": "交接班", "en": "Shift hand-over"}, "/shifts", STAFF),
    NavEntry("my-day", {"zh_Hans": "今日预约", "en": "My day"}, "/my-day", ("technician",)),
    NavEntry("privacy", {"zh_Hans": "个人信息请求", "en": "Personal information"}, "/privacy/", MANAGERS),
    NavEntry("imports", {"zh_Hans": "导入", "en": "Imports"}, "/imports", MANAGERS),
    NavEntry("plugins", {"zh_Hans": "插件", "en": "Plugins"}, "/admin/plugins", MANAGERS),
    NavEntry("service-levels", {"zh_Hans": "服务时限", "en": "Service levels"}, "/admin/service-levels/", MANAGERS),
    NavEntry("scripts", {"zh_Hans": "话术", "en": "Scripts"}, "/admin/scripts/", MANAGERS),
    NavEntry("users", {"zh_Hans": "用户", "en": "Users"}, "/admin/users", ADMIN),
    NavEntry("notifications", {"zh_Hans": "通知模板", "en": "Notifications"}, "/admin/notifications", ADMIN),
    NavEntry("profile", {"zh_Hans": "企业资料", "en": "Company"}, "/admin/profile", ADMIN),
    NavEntry("webhooks", {"zh_Hans": "Webhook 推送", "en": "Webhooks"}, "/admin/webhooks/", ADMIN),
    NavEntry("credentials", {"zh_Hans": "集成凭据", "en": "Integrations"}, "/admin/credentials", ADMIN),
    NavEntry("sso", {"zh_Hans": "单点登录", "en": "Single sign-on"}, "/admin/sso", ADMIN),
)


#: Core entries shown under "Settings" (a menu at the end of the bar) rather than in the bar
#: itself: what a company sets up once and visits now and then.
SETTINGS = frozenset({"plugins", "service-levels", "scripts", "users", "notifications", "profile", "webhooks",
                      "credentials", "sso", "imports", "privacy"})
SETTINGS_LABEL = {"zh_Hans": "设置", "en": "Settings"}
#: The enabled plugins' pages go under this menu.
INDUSTRY_LABEL = {"zh_Hans": "行业工具", "en": "Industry"}


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
            links.append(NavLink(entry.id, pick(entry.label, locale), href, current))
        return links

    core = links_of(CORE_NAV)
    menus = [Menu(pick(INDUSTRY_LABEL, locale), links_of(hooks.collect("shouhou_nav_entries"))),
             Menu(pick(SETTINGS_LABEL, locale), [link for link in core if link.id in SETTINGS])]
    return Nav(links=[link for link in core if link.id not in SETTINGS], menus=[m for m in menus if m.links])
