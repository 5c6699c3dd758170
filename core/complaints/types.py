"""Complaint routing and penalty ladders that core and plugins propose."""

from __future__ import annotations

import msgspec

from core.i18n import LocalizedText


class RoutingRule(msgspec.Struct, frozen=True):
    """Route complaints matching ``match`` (e.g. ``{"type": "quality"}`` or
    ``{"category": "transport"}``) to ``department``."""

    id: str
    match: dict
    department: str
    label: LocalizedText


class PenaltyStep(msgspec.Struct, frozen=True):
    """One step of a penalty ladder: its level and what it is called."""

    level: str
    label: LocalizedText
    fine_fen: int | None = None


class PenaltyLadder(msgspec.Struct, frozen=True):
    """Steps for the 1st, 2nd, 3rd substantiated complaint against one staff member in 12 months."""

    id: str
    title: LocalizedText
    steps: tuple[PenaltyStep, ...]
