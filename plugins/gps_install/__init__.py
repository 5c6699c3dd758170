"""The gps installation plugin (GPS 安装): hook implementations only; rules live in ``rules.py``."""

from __future__ import annotations

import sys

import msgspec

from core.customers.types import AssetType
from core.hookspecs import hookimpl
from core.plugins import PluginInfo

NAME = "gps_install"
VERSION = "0.1.0"


class Settings(msgspec.Struct, frozen=True):
    """Tenant settings of the gps installation plugin."""


@hookimpl
def shouhou_plugin_info():
    """Who this plugin is."""
    return PluginInfo(
        name=NAME,
        version=VERSION,
        title={"zh_Hans": "GPS 安装", "en": "GPS installation"},
        description={"zh_Hans": "GPS 终端安装派工单、维修服务单、终端与 SIM 卡更换记录。", "en": "GPS terminal install work orders, repair forms, terminal and SIM swap history."},
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
        AssetType(name="gps_install.terminal", label={"zh_Hans": "GPS 终端", "en": "GPS terminal"}),
    ]


plugin = sys.modules[__name__]
