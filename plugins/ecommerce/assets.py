"""The shop item asset type and the JSON Schema of its attributes."""

from __future__ import annotations

from core.customers.types import AssetType

ITEM_ATTRIBUTES: dict = {
    "type": "object",
    "required": ["sku"],
    "properties": {
        "sku": {"type": "string", "minLength": 1, "maxLength": 64, "title": "商品编码 (SKU)"},
        "product_name": {"type": "string", "title": "商品名称 (product name)"},
        "price_type": {
            "type": "string",
            "enum": ["normal", "special", "gift"],
            "default": "normal",
            "title": "价格类型 (price type): 正价 / 特价 / 赠品",
        },
        "made_to_order": {"type": "boolean", "default": False, "title": "定制/特别加工 (made to order)"},
        "price_fen": {"type": "integer", "minimum": 0, "title": "售价，分 (price in fen)"},
        "order_no": {"type": "string", "title": "订单号或收银小票号 (order or receipt number)"},
        "channel": {"type": "string", "enum": ["online", "store"], "title": "购买渠道 (channel)"},
    },
    "additionalProperties": True,
}

ASSET_TYPES: tuple[AssetType, ...] = (
    AssetType(name="ecommerce.item", label={"zh_Hans": "商品", "en": "Shop item"},
              attributes_schema=ITEM_ATTRIBUTES),
)
