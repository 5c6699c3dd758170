"""The shop item asset type and the JSON Schema of its attributes."""

from __future__ import annotations

from core.sdk import AssetType

ITEM_ATTRIBUTES: dict = {
    "type": "object",
    "required": ["sku"],
    "properties": {
        "sku": {"type": "string", "minLength": 1, "maxLength": 64, "title": "商品编码 (SKU)", "x-label": {"zh_Hans": "商品编码", "en": "SKU"}},
        "product_name": {"type": "string", "title": "商品名称 (product name)", "x-label": {"zh_Hans": "商品名称", "en": "Product name"}},
        "price_type": {
            "type": "string",
            "enum": ["normal", "special", "gift"],
            "default": "normal",
            "title": "价格类型 (price type): 正价 / 特价 / 赠品", "x-label": {"zh_Hans": "价格类型（正价、特价、赠品）", "en": "Price type (normal, special, gift)"},
        },
        "made_to_order": {"type": "boolean", "default": False, "title": "定制/特别加工 (made to order)", "x-label": {"zh_Hans": "定制/特别加工", "en": "Made to order"}},
        "price_fen": {"type": "integer", "minimum": 0, "title": "售价，分 (price in fen)", "x-label": {"zh_Hans": "售价（分）", "en": "Price (fen)"}},
        "order_no": {"type": "string", "title": "订单号或收银小票号 (order or receipt number)", "x-label": {"zh_Hans": "订单号或收银小票号", "en": "Order or receipt number"}},
        "channel": {"type": "string", "enum": ["online", "store"], "title": "购买渠道 (channel)", "x-label": {"zh_Hans": "购买渠道", "en": "Channel"}},
    },
    "additionalProperties": True,
}

ASSET_TYPES: tuple[AssetType, ...] = (
    AssetType(name="ecommerce.item", label={"zh_Hans": "商品", "en": "Shop item"},
              attributes_schema=ITEM_ATTRIBUTES),
)
