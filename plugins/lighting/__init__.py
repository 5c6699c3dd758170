"""The lighting plugin (照明): hook implementations only; rules live in ``rules.py``."""

from __future__ import annotations

import sys

import msgspec

from core.customers.types import AssetType
from core.hookspecs import hookimpl
from core.plugins import PluginInfo

NAME = "lighting"
VERSION = "0.1.0"


class Settings(msgspec.Struct, frozen=True):
    """Tenant settings of the lighting plugin."""


@hookimpl
def shouhou_plugin_info():
    """Who this plugin is."""
    return PluginInfo(
        name=NAME,
        version=VERSION,
        title={"zh_Hans": "照明", "en": "Lighting"},
        description={"zh_Hans": "照明产品保修、节能灯换货规则、不良品返厂批次与批量质量处理。", "en": "Lighting warranty, energy-saving lamp exchange rules, return-to-factory batches and batch-quality visits."},
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
        AssetType(name="lighting.ceiling_lamp", label={"zh_Hans": "吸顶灯", "en": "Ceiling lamp"}),
        AssetType(name="lighting.recessed_ballast", label={"zh_Hans": "嵌入式灯镇流器", "en": "Recessed-lamp ballast"}),
        AssetType(name="lighting.tube", label={"zh_Hans": "灯管", "en": "Lamp tube"}),
        AssetType(name="lighting.plastic_part", label={"zh_Hans": "塑件", "en": "Plastic part"}),
        AssetType(name="lighting.cfl", label={"zh_Hans": "节能灯", "en": "Energy-saving lamp"}),
    ]


plugin = sys.modules[__name__]
