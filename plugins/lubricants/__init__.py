"""The lubrication equipment plugin (润滑设备): hook implementations only; rules live in ``rules.py``."""

from __future__ import annotations

import sys

import msgspec

from core.customers.types import AssetType
from core.hookspecs import hookimpl
from core.plugins import PluginInfo

NAME = "lubricants"
VERSION = "0.1.0"


class Settings(msgspec.Struct, frozen=True):
    """Tenant settings of the lubrication equipment plugin."""


@hookimpl
def shouhou_plugin_info():
    """Who this plugin is."""
    return PluginInfo(
        name=NAME,
        version=VERSION,
        title={"zh_Hans": "润滑设备", "en": "Lubrication equipment"},
        description={"zh_Hans": "润滑设备现场服务登记、服务反馈单、工具保管与安装回访。", "en": "On-site service registration and feedback forms, tool custody and installation revisits for lubrication equipment."},
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
        AssetType(name="lubricants.equipment", label={"zh_Hans": "润滑设备", "en": "Lubrication equipment"}),
    ]


plugin = sys.modules[__name__]
