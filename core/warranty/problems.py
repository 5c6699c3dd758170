"""Reading a claim safely, for the plugins that decide it: each missing or wrong input is a
:class:`ClaimProblem` naming it, which the engine answers as a 422 on that field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TypeVar

import msgspec

from core.i18n import LocalizedText
from core.warranty.types import Claim, Part

F = TypeVar("F", bound=msgspec.Struct)

#: What the dates the warranty may count from are called in Chinese.
DATE_NAMES = {"purchase_date": "购买日期", "install_date": "安装日期", "manufacture_date": "出厂日期"}


class ClaimProblem(ValueError):
    """A claim that cannot be decided as given. ``field`` names the missing or wrong input
    (``purchase_date``, ``attributes.manufacture_date``, ``facts.cap_aged``, ``parts``…);
    ``text`` says what is wrong in both languages. The engine answers it as a 422 on that field."""

    def __init__(self, field: str, text: LocalizedText) -> None:
        self.field = field
        self.text = text
        super().__init__(f"{field}: {text['en']}")


def read_facts_as(raw: Mapping | None, cls: type[F]) -> F:
    """The claim's facts as ``cls``, with its defaults (unknown keys are ignored); a fact of the
    wrong type is a :class:`ClaimProblem` on ``facts.<name>``."""
    try:
        return msgspec.convert(raw or {}, cls, strict=False)
    except msgspec.ValidationError as exc:
        path = str(exc).rpartition("at `$.")[2].rstrip("`")
        raise ClaimProblem(f"facts.{path}" if path and path != str(exc) else "facts",
                           {"zh_Hans": f"事实字段有误：{exc}", "en": f"invalid fact: {exc}"}) from exc


def claim_date_field(claim: Claim, field: str) -> date | None:
    """``claim.<field>``, or the asset attribute of that name (``YYYY-MM-DD``)."""
    value = getattr(claim, field, None)
    if value is not None:
        return value
    raw = (claim.attributes or {}).get(field)
    if raw is None or isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError as exc:
        raise ClaimProblem(f"attributes.{field}", {"zh_Hans": f"日期格式有误：{raw!r}",
                                                   "en": f"not a date (YYYY-MM-DD): {raw!r}"}) from exc


def missing_date(field: str, name: str) -> ClaimProblem:
    """The problem of a date the decision needs and the claim lacks; ``name`` is its Chinese name."""
    return ClaimProblem(field, {"zh_Hans": f"缺少{name}，无法判定。", "en": f"{field} is required."})


def not_after_claim(claim: Claim, field: str, value: date, name: str, *, claim_name: str = "报修日") -> date:
    """``value`` (the claim's ``field``, called ``name``), which must not be after the claim date."""
    if value > claim.claim_date:
        raise ClaimProblem(field, {"zh_Hans": f"{name}（{value}）晚于{claim_name}（{claim.claim_date}）。",
                                   "en": f"{field} ({value}) is after the claim date ({claim.claim_date})."})
    return value


def required_date(claim: Claim, field: str, name: str | None = None) -> date:
    """``claim.<field>`` (or the asset attribute of that name), which must be known and not after
    the claim date."""
    name = name or DATE_NAMES[field]
    value = claim_date_field(claim, field)
    if value is None:
        raise missing_date(field, name)
    return not_after_claim(claim, field, value, name)


def warranty_start(claim: Claim) -> tuple[str, date]:
    """The installation date (安装日期), or the purchase date when no installation is recorded;
    returns which one and its value. Neither, or one after the claim date: :class:`ClaimProblem`."""
    for field in ("install_date", "purchase_date"):
        value = claim_date_field(claim, field)
        if value is not None:
            return field, not_after_claim(claim, field, value, DATE_NAMES[field])
    raise ClaimProblem("install_date", {"zh_Hans": "缺少安装日期（或购买日期），无法判定保修。",
                                        "en": "install_date (or purchase_date) is required."})


def parts_fen(parts: tuple[Part, ...]) -> int:
    """The price of the parts replaced, in fen; a negative price or a quantity below 1 is a
    :class:`ClaimProblem` on ``parts``."""
    for part in parts:
        if part.unit_price_fen < 0 or part.qty < 1:
            raise ClaimProblem("parts", {"zh_Hans": f"配件 {part.sku} 的单价或数量有误。",
                                         "en": f"part {part.sku}: price must be >= 0 and qty >= 1."})
    return sum(part.unit_price_fen * part.qty for part in parts)
