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


def routing_rule(source: str, name: str, match: dict[str, str], department: str, zh_hans: str, en: str) -> RoutingRule:
    """The routing rule ``<source>.route.<name>`` (``source``: ``core`` or the proposing plugin):
    what it matches, the department it sends to and its label (Chinese, English)."""
    return RoutingRule(id=f"{source}.route.{name}", match=match, department=department,
                       label={"zh_Hans": zh_hans, "en": en})


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
