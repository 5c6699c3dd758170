"""The lubrication equipment asset type and the JSON Schema of its attributes."""

from __future__ import annotations

from core.sdk import AssetType

ATTRIBUTES_SCHEMA: dict = {
    "type": "object",
    "properties": {
        "model": {"type": "string", "minLength": 1, "maxLength": 80, "title": "型号 (model)", "x-label": {"zh_Hans": "型号", "en": "Model"}},
        "system_type": {"type": "string", "title": "润滑系统类型 (lubrication system, e.g. 干油, 稀油)", "x-label": {"zh_Hans": "润滑系统类型（如干油、稀油）", "en": "Lubrication system (e.g. grease, oil)"}},
        "installed_at": {"type": "string", "title": "安装位置 (where it is installed)", "x-label": {"zh_Hans": "安装位置", "en": "Where it is installed"}},
        "commissioned_on": {"type": "string", "format": "date", "title": "投运日期 (put into operation)", "x-label": {"zh_Hans": "投运日期", "en": "Put into operation"}},
    },
    "additionalProperties": True,
}

ASSET_TYPES: tuple[AssetType, ...] = (
    AssetType(name="lubricants.equipment", label={"zh_Hans": "润滑设备", "en": "Lubrication equipment"},
              attributes_schema=ATTRIBUTES_SCHEMA),
)
