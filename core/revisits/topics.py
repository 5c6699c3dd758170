"""What a call talked about, and the rule that two calls on one case do not repeat it (DOMAIN §3,
004 (三)5: 第二次跟踪服务内容避免重复).

A rule's ``topics`` is the list a reached call picks from; the call records the topics it
covered. A rule with ``topics_differ_from`` refuses topics already covered by an earlier reached
call of those rules on the same case (the same ticket, else the same customer).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import Invalid
from core.i18n import LocalizedText
from core.revisits.models import Revisit, RevisitReason
from core.revisits.rules import REACHED
from core.revisits.types import RevisitRule


def _rules_of(reasons, rules: dict[str, RevisitRule]) -> list[RevisitRule]:
    return [rules[r.rule_id] for r in reasons if r.rule_id in rules]


def vocabulary(reasons, rules: dict[str, RevisitRule]) -> dict[str, LocalizedText]:
    """The topics the revisit's rules offer (id → title), in their order."""
    return {t: title for rule in _rules_of(reasons, rules) for t, title in rule.topics.items()}


async def covered_before(session: AsyncSession, revisit: Revisit, reasons, rules: dict[str, RevisitRule]) -> list[str]:
    """The topics earlier reached calls of the rules this one must differ from already covered."""
    earlier_rules = {rid for rule in _rules_of(reasons, rules) for rid in rule.topics_differ_from}
    if not earlier_rules:
        return []
    same_case = (Revisit.ticket_id == revisit.ticket_id) if revisit.ticket_id else (
        Revisit.customer_id == revisit.customer_id)
    stmt = (
        select(Revisit.topics)
        .join(RevisitReason, RevisitReason.revisit_id == Revisit.id)
        .where(same_case, Revisit.id != revisit.id, Revisit.outcome.in_(REACHED),
               RevisitReason.rule_id.in_(earlier_rules))
        .order_by(Revisit.completed_at)
    )
    return list(dict.fromkeys(t for topics in await session.scalars(stmt) for t in topics or ()))


async def check_topics(session: AsyncSession, revisit: Revisit, reasons, rules: dict[str, RevisitRule],
                       topics: list[str]) -> list[str]:
    """The topics a reached call records: from its rules' list, at least one when there is a
    list, none covered by the earlier call it must differ from (422 field ``topics``)."""
    offered = vocabulary(reasons, rules)
    if not offered:
        return list(dict.fromkeys(topics))
    if not topics:
        needing = [rule.id for rule in _rules_of(reasons, rules) if rule.topics]
        raise Invalid("topics", f"this call's rule {', '.join(needing)} needs the topics it talked about, so that "
                                f"a later call does not repeat them (004 (三)5); choose from: {', '.join(offered)}")
    unknown = [t for t in topics if t not in offered]
    if unknown:
        raise Invalid("topics", f"not a topic of this call: {', '.join(unknown)}; choose from {', '.join(offered)}")
    covered = set(await covered_before(session, revisit, reasons, rules))
    repeated = [t for t in topics if t in covered]
    if repeated:
        raise Invalid("topics", f"already talked about in the earlier call, do not repeat: {', '.join(repeated)}")
    return list(dict.fromkeys(topics))
