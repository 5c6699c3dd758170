"""Reading a claim safely: the facts a lighting rule looks at, the dates it needs, and the
problem raised when a claim cannot be decided as given."""

from __future__ import annotations

from datetime import date

import msgspec

from core.i18n import LocalizedText
from core.warranty.types import Claim


class ClaimProblem(ValueError):
    """A claim that cannot be decided as given. ``field`` names the missing or wrong input
    (``purchase_date``, ``manufacture_date``, ``claim_date``, ``facts.cap_aged``, ``parts``…);
    ``text`` says what is wrong in both languages. Callers answer it as a 422 on that field."""

    def __init__(self, field: str, text: LocalizedText) -> None:
        self.field = field
        self.text = text
        super().__init__(f"{field}: {text['en']}")


class LightingFacts(msgspec.Struct, frozen=True):
    """What the technician found (API.md, Warranty decisions): unknown keys are ignored."""

    lights_up: bool = False
    tube_greyed: bool = False
    bridge_blackened: bool = False
    cap_aged: bool = False
    quality_fault: bool = True


def read_facts(raw: dict) -> LightingFacts:
    """The claim's facts with their defaults; a fact of the wrong type is a :class:`ClaimProblem`."""
    try:
        return msgspec.convert(raw or {}, LightingFacts, strict=False)
    except msgspec.ValidationError as exc:
        path = str(exc).rpartition("at `$.")[2].rstrip("`") or "facts"
        raise ClaimProblem(
            f"facts.{path}" if path != "facts" else path,
            {"zh_Hans": f"事实字段有误：{exc}", "en": f"invalid fact: {exc}"},
        ) from exc


def required_date(claim: Claim, field: str) -> date:
    """``claim.<field>`` (or the asset attribute of that name), which must not be after the
    claim date; otherwise a :class:`ClaimProblem` naming the field."""
    value = getattr(claim, field) or _attribute_date(claim, field)
    if value is None:
        raise ClaimProblem(
            field, {"zh_Hans": f"缺少{_FIELD_NAMES[field]}，无法判定。", "en": f"{field} is required."}
        )
    if value > claim.claim_date:
        raise ClaimProblem(
            field,
            {
                "zh_Hans": f"{_FIELD_NAMES[field]}（{value}）晚于报修日（{claim.claim_date}）。",
                "en": f"{field} ({value}) is after the claim date ({claim.claim_date}).",
            },
        )
    return value


_FIELD_NAMES = {"purchase_date": "购买日期", "manufacture_date": "出厂日期（喷码）"}


def _attribute_date(claim: Claim, field: str) -> date | None:
    raw = (claim.attributes or {}).get(field)
    if raw is None or isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError as exc:
        raise ClaimProblem(
            f"attributes.{field}",
            {"zh_Hans": f"日期格式有误：{raw!r}", "en": f"not a date (YYYY-MM-DD): {raw!r}"},
        ) from exc
