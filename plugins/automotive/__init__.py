"""The car repair plugin (汽车维修): hook implementations only; rules live in ``rules.py``."""

from __future__ import annotations

import sys

import msgspec

from core.customers.types import AssetType
from core.hookspecs import hookimpl
from core.plugins import PluginInfo

NAME = "automotive"
VERSION = "0.1.0"


class Settings(msgspec.Struct, frozen=True):
    """Tenant settings of the car repair plugin."""


@hookimpl
def shouhou_plugin_info():
    """Who this plugin is."""
    return PluginInfo(
        name=NAME,
        version=VERSION,
        title={"zh_Hans": "汽车维修", "en": "Car repair"},
        description={"zh_Hans": "车辆档案、保养周期与下次保养提醒、车辆回访。", "en": "Vehicle files, maintenance cycles and reminders, car-service follow-up calls."},
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
        AssetType(name="automotive.vehicle", label={"zh_Hans": "车辆", "en": "Vehicle"}),
    ]


plugin = sys.modules[__name__]
