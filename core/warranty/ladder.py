"""Walking a plugin's rule table and writing its answer: the first row that matches wins
(DOMAIN §0), periods run in calendar months, amounts are shown in yuan, the decision carries the
reasons that led to it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import TypeVar

from dateutil.relativedelta import relativedelta

from core.i18n import LocalizedText
from core.warranty.types import Charge, Decision, DecisionKind, Reason

R = TypeVar("R")


def first_match(rows: Iterable[R], matches: Callable[[R], bool]) -> R:
    """DOMAIN §0: walk ``rows`` top-down; the first that ``matches`` wins. A rule table ends with a
    row that always matches."""
    for row in rows:
        if matches(row):
            return row
    raise AssertionError("a rule table ends with a row that always matches")


def add_months(start: date, months: int) -> date:
    """``start`` plus calendar months (DOMAIN §0): 2024-01-31 + 1 month = 2024-02-29."""
    return start + relativedelta(months=months)


def fill(text: LocalizedText, values: Mapping[str, object]) -> LocalizedText:
    """A two-language reason template with its values filled in."""
    return {locale: template.format(**values) for locale, template in text.items()}


def decision(kind: DecisionKind, *reasons: Reason, charge_fen: int | None = None) -> Decision:
    """A decision explained by ``reasons`` (their rule ids in order, each once); covered by the
    warranty when it is a return, an exchange or a free repair."""
    return Decision(
        decision=kind,
        covered=kind in ("return", "exchange", "repair_free"),
        rule_ids=tuple(dict.fromkeys(r.rule_id for r in reasons)),
        reasons=reasons,
        charge=None if charge_fen is None else Charge(amount_fen=charge_fen),
    )
