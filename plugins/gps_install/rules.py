"""GPS terminal warranty and repair charge rules (DOMAIN §9, source 003 篇5 §二.3).

Pure functions, dates in and a :class:`~core.warranty.types.Decision` out. ``WARRANTY`` is the
table, walked top-down by :func:`warranty_rung` (first match wins): within ``warranty_months``
calendar months of installation the repair is free; after it only the parts are charged, the
labour is free (保修期外维修只收零部件费用).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from core.sdk import (
    Charge,
    Claim,
    Decision,
    DecisionKind,
    LocalizedText,
    Reason,
    add_months,
    decision,
    fill,
    first_match,
    parts_fen,
    warranty_start,
    yuan,
)
from plugins.gps_install.settings import Settings

TERMINAL = "gps_install.terminal"
OWN_TYPES = frozenset({TERMINAL})


class WarrantyRung(NamedTuple):
    """One rung: it matches when the claim is within ``months_setting`` months of the start
    (``None``: always). ``rule_id`` may name the months (``{months}``)."""

    rule_id: str
    months_setting: str | None
    decision: DecisionKind
    text: LocalizedText


WARRANTY: tuple[WarrantyRung, ...] = (
    WarrantyRung(
        "gps_install.warranty.{months}m", "warranty_months", "repair_free",
        {"zh_Hans": "GPS 终端自{start_name}（{start}）起保修{months}个月（至 {end}），报修日 {claim} 在保修期内："
                    "免费维修，配件和工时均不收费。",
         "en": "GPS terminal: {months}-month warranty from the {start_name_en} ({start}) until {end}; "
               "the claim on {claim} is within it: repaired free, parts and labour."},
    ),
    WarrantyRung(
        "gps_install.out_of_warranty.parts_only", None, "repair_paid",
        {"zh_Hans": "GPS 终端保修期（{months}个月，至 {end}）已过，报修日 {claim}：保修期外维修只收零部件费用"
                    "（{parts} 元），工时免费。",
         "en": "GPS terminal out of warranty ({months} months, ended {end}; claim on {claim}): only the "
               "parts are charged (CNY {parts}); labour is free."},
    ),
)

_START_NAMES = {"install_date": ("安装日期", "installation"), "purchase_date": ("购买日期", "purchase")}


def warranty_rung(start: date, claim_date: date, settings: Settings) -> WarrantyRung:
    """DOMAIN §0: the first rung whose period still covers ``claim_date`` (within N months means
    ``claim_date <= start + N months``)."""
    return first_match(WARRANTY, lambda rung: rung.months_setting is None
                       or claim_date <= add_months(start, getattr(settings, rung.months_setting)))


def repair_charge(claim: Claim, settings: Settings) -> Charge:
    """Out of warranty only the parts are charged; labour is free."""
    return Charge(amount_fen=parts_fen(claim.parts))


def decide(claim: Claim, settings: Settings) -> Decision:
    """Decide a claim on a GPS terminal. The warranty counts from the installation date, or from
    the purchase date when none is recorded (the reason says which)."""
    start_field, start = warranty_start(claim)
    rung = warranty_rung(start, claim.claim_date, settings)
    months = settings.warranty_months
    zh_name, en_name = _START_NAMES[start_field]
    parts = parts_fen(claim.parts)
    values = {"months": months, "start": start, "end": add_months(start, months), "claim": claim.claim_date,
              "start_name": zh_name, "start_name_en": en_name, "parts": yuan(parts)}
    reason = Reason(rung.rule_id.format(months=months), fill(rung.text, values))
    return decision(rung.decision, reason, charge_fen=parts if rung.decision == "repair_paid" else None)
