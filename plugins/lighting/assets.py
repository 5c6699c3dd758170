"""The lighting asset types (one per warranty row) and the JSON Schema of their attributes."""

from __future__ import annotations

from core.sdk import AssetType
from plugins.lighting.rules import PERIODS


def attributes_schema(lamp_category: str) -> dict:
    """Attributes of a lighting product. ``manufacture_date`` is read from the spray code (喷码)
    printed on energy-saving lamps; the dealer rule counts 15 months from it."""
    return {
        "type": "object",
        "properties": {
            "lamp_category": {"const": lamp_category, "title": "灯具类别 (lamp category)", "x-label": {"zh_Hans": "灯具类别", "en": "Lamp category"}},
            "spray_code": {"type": "string", "maxLength": 64, "title": "喷码 (spray code)", "x-label": {"zh_Hans": "喷码", "en": "Spray code"}},
            "manufacture_date": {
                "type": "string", "format": "date",
                "title": "出厂日期 (manufacture date, from the spray code)", "x-label": {"zh_Hans": "出厂日期（据喷码）", "en": "Manufacture date (from the spray code)"},
            },
            "wattage_w": {"type": "number", "exclusiveMinimum": 0, "title": "功率 W (wattage)", "x-label": {"zh_Hans": "功率（瓦）", "en": "Wattage (W)"}},
            "dealer": {"type": "string", "title": "经销商 (dealer)", "x-label": {"zh_Hans": "经销商", "en": "Dealer"}},
            "proof_of_purchase": {"type": "string", "title": "购买凭证号 (proof of purchase)", "x-label": {"zh_Hans": "购买凭证号", "en": "Proof of purchase"}},
        },
        "additionalProperties": True,
    }


ASSET_TYPES: tuple[AssetType, ...] = tuple(
    AssetType(
        name=row.asset_type,
        label={"zh_Hans": row.product["zh_Hans"], "en": row.product["en"]},
        attributes_schema=attributes_schema(row.asset_type.removeprefix("lighting.")),
    )
    for row in PERIODS
)
