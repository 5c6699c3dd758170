"""The online shop plugin (电商/门店): hook implementations only; rules live in ``rules.py``."""

from __future__ import annotations

import sys

import msgspec

from core.customers.types import AssetType
from core.hookspecs import hookimpl
from core.plugins import PluginInfo

NAME = "ecommerce"
VERSION = "0.1.0"


class Settings(msgspec.Struct, frozen=True):
    """Tenant settings of the online shop plugin."""


@hookimpl
def shouhou_plugin_info():
    """Who this plugin is."""
    return PluginInfo(
        name=NAME,
        version=VERSION,
        title={"zh_Hans": "电商/门店", "en": "Online shop"},
        description={"zh_Hans": "退换货阶梯、维修完成通知、缺货登记与在线客服时限。", "en": "Return/exchange/repair ladder, repair-ready notices, out-of-stock registration and chat response times."},
        core_requires=">=0.1,<1",
    )


@hookimpl
def shouhou_settings_schema():
    """The tenant settings of this plugin."""
    return Settings


@hookimpl
def shouhou_asset_types():
    """The asset types this plugin adds."""
    return [
        AssetType(name="ecommerce.item", label={"zh_Hans": "商品", "en": "Shop item"}),
    ]


plugin = sys.modules[__name__]
