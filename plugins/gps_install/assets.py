"""The GPS terminal asset type and the JSON Schema of its attributes."""

from __future__ import annotations

from core.sdk import AssetType

ATTRIBUTES_SCHEMA: dict = {
    "type": "object",
    "properties": {
        "terminal_number": {"type": "string", "minLength": 1, "maxLength": 40, "title": "终端号 (terminal number)", "x-label": {"zh_Hans": "终端号", "en": "Terminal number"}},
        "sim_iccid": {"type": "string", "pattern": "^[0-9 ]{19,24}$",
                      "title": "SIM 卡 ICCID (19–20 digits, Luhn check digit)", "x-label": {"zh_Hans": "SIM 卡 ICCID（19–20 位）", "en": "SIM card ICCID (19–20 digits)"}},
        "vehicle_plate": {"type": "string", "minLength": 1, "maxLength": 16, "title": "车牌号 (vehicle plate)", "x-label": {"zh_Hans": "车牌号", "en": "Vehicle plate"}},
        "vehicle_model": {"type": "string", "title": "车型 (vehicle model)", "x-label": {"zh_Hans": "车型", "en": "Vehicle model"}},
        "driver": {
            "type": "object",
            "title": "司机 (driver)", "x-label": {"zh_Hans": "司机", "en": "Driver"},
            "properties": {
                "name": {"type": "string", "title": "姓名 (name)", "x-label": {"zh_Hans": "姓名", "en": "Name"}},
                "phone": {"type": "string", "title": "电话 (phone)", "x-label": {"zh_Hans": "电话", "en": "Phone"}},
            },
            "additionalProperties": True,
        },
        "install_location": {"type": "string", "title": "安装位置 (where in the vehicle)", "x-label": {"zh_Hans": "安装位置", "en": "Where in the vehicle"}},
    },
    "additionalProperties": True,
}

ASSET_TYPES: tuple[AssetType, ...] = (
    AssetType(name="gps_install.terminal", label={"zh_Hans": "GPS 终端", "en": "GPS terminal"},
              attributes_schema=ATTRIBUTES_SCHEMA),
)
