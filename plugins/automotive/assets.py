"""The vehicle asset type (车辆) and the JSON Schema of its attributes: the customer file's car
columns (客户档案基本资料表, source 004 (二)1)."""

from __future__ import annotations

from core.sdk import AssetType

ATTRIBUTES_SCHEMA: dict = {
    "type": "object",
    "properties": {
        "plate": {"type": "string", "minLength": 1, "maxLength": 16, "title": "车牌号 (plate)", "x-label": {"zh_Hans": "车牌号", "en": "Plate"}},
        "model": {"type": "string", "title": "车型 (model)", "x-label": {"zh_Hans": "车型", "en": "Model"}},
        "vehicle_type": {"type": "string", "title": "车种 (vehicle type, e.g. 轿车, SUV, 客车, 货车)", "x-label": {"zh_Hans": "车种", "en": "Vehicle type"}},
        "vin": {"type": "string", "pattern": "^[A-HJ-NPR-Z0-9]{17}$", "title": "车架号 VIN", "x-label": {"zh_Hans": "车架号 VIN", "en": "VIN"}},
        "mileage_km": {"type": "integer", "minimum": 0, "title": "当前里程 km (odometer)", "x-label": {"zh_Hans": "当前里程（公里）", "en": "Odometer (km)"}},
        "maintenance_cycle": {
            "type": "object",
            "title": "保养周期 (maintenance cycle: months or days, and km; whichever comes first)", "x-label": {"zh_Hans": "保养周期（以先到者为准）", "en": "Maintenance cycle (whichever comes first)"},
            "properties": {
                "months": {"type": "integer", "minimum": 1, "maximum": 120},
                "days": {"type": "integer", "minimum": 1, "maximum": 3650},
                "km": {"type": "integer", "minimum": 1, "maximum": 1000000},
            },
            "additionalProperties": False,
        },
        "last_service_date": {"type": "string", "format": "date", "title": "上次保养日期 (last service)", "x-label": {"zh_Hans": "上次保养日期", "en": "Last service"}},
        "last_service_km": {"type": "integer", "minimum": 0, "title": "上次保养里程 km (mileage at last service)", "x-label": {"zh_Hans": "上次保养里程（公里）", "en": "Mileage at last service (km)"}},
        "daily_km": {"type": "number", "exclusiveMinimum": 0, "title": "估计日均里程 km (estimated daily mileage)", "x-label": {"zh_Hans": "估计日均里程（公里）", "en": "Estimated daily mileage (km)"}},
        "next_maintenance_date": {"type": "string", "format": "date", "title": "下一次保养日期 (next due)", "x-label": {"zh_Hans": "下一次保养日期", "en": "Next maintenance date"}},
        "next_maintenance_km": {"type": "integer", "minimum": 0, "title": "下一次保养里程 km (next due at)", "x-label": {"zh_Hans": "下一次保养里程（公里）", "en": "Next maintenance at (km)"}},
    },
    "additionalProperties": True,
}

ASSET_TYPES: tuple[AssetType, ...] = (
    AssetType(name="automotive.vehicle", label={"zh_Hans": "车辆", "en": "Vehicle"},
              attributes_schema=ATTRIBUTES_SCHEMA),
)
