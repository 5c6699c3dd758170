"""Lubrication equipment warranty and scope rules (DOMAIN §7, source 000 第三条(一)5 and
第四条(三)10; the warranty period is a configurable default, see :mod:`.settings`).

Pure functions, dates in and a :class:`~core.warranty.types.Decision` out. ``LADDER`` is walked
top-down (first match wins):

1. general equipment, the operating system or another maker's product: out of scope — explained
   to the customer, not repaired (reject);
2. damage by the user, misuse or modification: paid (004 承诺书 5);
3. within the warranty (default 12 months from installation): free, parts and labour;
4. otherwise: paid, parts plus labour.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, NamedTuple

from core.sdk import (
    Charge,
    Claim,
    ClaimProblem,
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
from plugins.lubricants.claims import EquipmentFacts, read_facts
from plugins.lubricants.settings import Settings

EQUIPMENT = "lubricants.equipment"
OWN_TYPES = frozenset({EQUIPMENT})


class Case(NamedTuple):
    claim: Claim
    facts: EquipmentFacts
    settings: Settings


def within_warranty(case: Case) -> bool:
    """DOMAIN §0: within N months means ``claim_date <= start + N months``."""
    _, start = warranty_start(case.claim)
    return case.claim.claim_date <= add_months(start, case.settings.warranty_months)


class Rung(NamedTuple):
    rule_id: str
    matches: Callable[[Case], bool]
    decision: DecisionKind
    charge: Literal["none", "parts_and_labour"]
    text: LocalizedText


LADDER: tuple[Rung, ...] = (
    Rung("lubricants.out_of_scope.general_equipment", lambda c: c.facts.general_equipment, "reject", "none",
         {"zh_Hans": "该问题属于通用设备问题，不在本公司产品的服务范围内。我们向您说明原因，请您自行解决（第四条(三)10）。",
          "en": "This is a problem of general equipment, outside our product's service: we explain the cause "
                "and the customer resolves it (art. 4 (3) 10)."}),
    Rung("lubricants.out_of_scope.operating_system", lambda c: c.facts.operating_system, "reject", "none",
         {"zh_Hans": "该问题属于操作系统问题，不在本公司产品的服务范围内。我们向您说明原因，请您自行解决（第四条(三)10）。",
          "en": "This is an operating-system problem, outside our product's service: we explain the cause "
                "and the customer resolves it (art. 4 (3) 10)."}),
    Rung("lubricants.out_of_scope.not_our_product", lambda c: c.facts.not_our_product, "reject", "none",
         {"zh_Hans": "该技术问题不属于本公司产品，非常抱歉，我们向您说明情况（第三条(一)5）。",
          "en": "This technical problem does not concern our product: we apologise politely and explain "
                "(art. 3 (1) 5)."}),
    Rung("lubricants.warranty.excluded", lambda c: c.facts.customer_damage, "repair_paid", "parts_and_labour",
         {"zh_Hans": "人为损坏、操作不当或改装造成的故障不在免费保修范围内：配件 {parts} 元、工时 {labour} 元，合计 {total} 元。",
          "en": "Damage by the user, misuse or modification is not covered: parts CNY {parts}, labour "
                "CNY {labour}, total CNY {total}."}),
    Rung("lubricants.warranty.period", within_warranty, "repair_free", "none",
         {"zh_Hans": "设备自{start_name} {start} 起保修 {months} 个月（至 {end}），报修日 {claim} 在保修期内：免费维修。",
          "en": "Warranty of {months} months from {start_name_en} on {start} (until {end}); the claim on "
                "{claim} is within it: free repair."}),
    Rung("lubricants.out_of_warranty", lambda c: True, "repair_paid", "parts_and_labour",
         {"zh_Hans": "设备保修期（{months} 个月，至 {end}）已过，报修日 {claim}：维修费用由用户承担，配件 {parts} 元、"
                     "工时 {labour} 元，合计 {total} 元。",
          "en": "Out of warranty ({months} months, ended {end}; claim on {claim}): the customer pays, parts "
                "CNY {parts}, labour CNY {labour}, total CNY {total}."}),
)

_START_NAMES = {"install_date": ("安装", "installation"), "purchase_date": ("购买", "purchase")}


def repair_charge(claim: Claim) -> Charge:
    """A paid repair: the parts plus the labour (``facts.labour_fen``)."""
    return Charge(amount_fen=parts_fen(claim.parts) + read_facts(claim).labour_fen)


def decide(claim: Claim, settings: Settings) -> Decision:
    """Decide a claim on lubrication equipment. Raises :class:`ClaimProblem` when the warranty must
    be checked and no installation or purchase date is known, or a fact is wrong."""
    case = Case(claim, read_facts(claim), settings)
    rung = first_match(LADDER, lambda r: r.matches(case))
    amount = repair_charge(claim).amount_fen if rung.charge == "parts_and_labour" else None
    reason = Reason(rung.rule_id, fill(rung.text, _values(case, amount)))
    return decision(rung.decision, reason, charge_fen=amount)


def _values(case: Case, amount: int | None) -> dict[str, object]:
    values: dict[str, object] = {
        "months": case.settings.warranty_months, "claim": case.claim.claim_date,
        "parts": yuan(parts_fen(case.claim.parts)), "labour": yuan(case.facts.labour_fen),
        "total": yuan(amount or 0), "start": "—", "end": "—", "start_name": "", "start_name_en": "",
    }
    try:
        field, start = warranty_start(case.claim)
    except ClaimProblem:  # an out-of-scope answer needs no date
        return values
    values.update(start=start, end=add_months(start, case.settings.warranty_months),
                  start_name=_START_NAMES[field][0], start_name_en=_START_NAMES[field][1])
    return values
