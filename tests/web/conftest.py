"""Fixtures of the page tests: a console plugin with settings and a nav entry, and page login."""

from __future__ import annotations

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
