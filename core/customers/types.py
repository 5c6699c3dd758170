"""Asset types that plugins declare: what a customer's product, vehicle or terminal looks like."""

from __future__ import annotations

import msgspec

from core.i18n import LocalizedText


class AssetType(msgspec.Struct, frozen=True):
    """An asset type, named ``<plugin>.<type>`` (e.g. ``lighting.cfl``).

    ``attributes_schema`` is a JSON Schema (object) that an asset's ``attributes`` must satisfy.
    """

    name: str
    label: LocalizedText
    attributes_schema: dict = msgspec.field(default_factory=lambda: {"type": "object"})
