"""Fixtures of the page tests: a console plugin with settings and a nav entry, and page login."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

import msgspec
import pytest

from core.hookspecs import hookimpl
from core.plugins import PluginInfo
from core.testing import PASSWORD
from core.web.types import NavEntry
from tests.web.helpers import csrf_of

MONTHS_LABEL = {"zh_Hans": "保修月数", "en": "Warranty months"}


class WidgetSettings(msgspec.Struct, frozen=True):
    """Settings of the test plugin."""

    period_months: Annotated[int, msgspec.Meta(ge=1, le=60, extra_json_schema={"x-label": MONTHS_LABEL})] = 12
    repair_fee_percent: float = 10.0
    notify_dealer: bool = True
    channel: Literal["phone", "sms", "letter"] = "phone"


class WidgetPlugin:
    """A plugin with settings and a navigation entry, for console tests."""

    @staticmethod
    @hookimpl
    def shouhou_plugin_info():
        """Who the test plugin is."""
        return PluginInfo(name="widgets", version="1.0", title={"zh_Hans": "小部件", "en": "Widgets"},
                          description={"zh_Hans": "测试插件", "en": "Test plugin"})

    @staticmethod
    @hookimpl
    def shouhou_settings_schema():
        """Its settings."""
        return WidgetSettings

    @staticmethod
    @hookimpl
    def shouhou_nav_entries():
        """Its navigation entry."""
        return [NavEntry("widgets", {"zh_Hans": "小部件台账", "en": "Widget ledger"}, "/widgets")]


@pytest.fixture
def widget_plugin(register_plugin):
    assert register_plugin(WidgetPlugin, "widgets")
    return "widgets"


@pytest.fixture
def page_login(client):
    """``await page_login(slug, email)`` signs the client in through the login page."""

    async def login(slug: str, email: str, password: str = PASSWORD):
        page = await client.get("/login")
        response = await client.post(
            "/login",
            data={"_csrf_token": csrf_of(page.text), "tenant": slug, "email": email, "password": password},
        )
        return response

    return login


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
#: Screenshots that illustrate the docs go here (tracked) only when SHOUHOU_SCREENSHOTS=1 asks for
#: new ones; an ordinary run leaves them with the others in the ignored tests/web/screenshots.
DOCS_SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="session")
async def browser():
    """Debian's Chromium driven by Playwright (skipped when it is not installed)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


@pytest.fixture
async def page(browser):
    """A fresh browser context (its own cookies) and page; CSP violations fail the test."""
    context = await browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
    page = await context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.problems = problems
    yield page
    await context.close()
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems


async def screenshot(page, name: str, *, docs: bool = False) -> None:
    """Save the whole page as ``name.png``; ``docs=True`` for a picture the docs show."""
    folder = DOCS_SCREENSHOTS if docs and os.environ.get("SHOUHOU_SCREENSHOTS") == "1" else SCREENSHOTS
    folder.mkdir(exist_ok=True)
    await page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


async def follow_menu_link(page, name: str) -> None:
    """Open the navigation menu (Industry, Settings) holding the link ``name`` and follow it."""
    menu = page.locator(".nav-menu", has=page.get_by_role("link", name=name, exact=True, include_hidden=True))
    await menu.locator("summary").click()
    await menu.get_by_role("link", name=name, exact=True).click()


async def add_user(page, slug: str, name: str, login: str, role: str) -> None:
    """Add a user on the users page, and see them in the list."""
    await page.get_by_label("姓名").fill(name)
    await page.get_by_label("电子邮箱").fill(f"{login}@{slug}.test")
    await page.get_by_label("角色").select_option(role)
    await page.get_by_label("初始密码").fill(PASSWORD)
    await page.get_by_role("button", name="添加", exact=True).click()
    await page.get_by_role("cell", name=f"{login}@{slug}.test").wait_for()
