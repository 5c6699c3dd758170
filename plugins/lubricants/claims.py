"""Reading a claim safely: the problem raised when a claim cannot be decided as given, the facts
a lubrication-equipment rule looks at, and the date the warranty counts from."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec

from core.i18n import LocalizedText
from core.warranty.types import Claim


class ClaimProblem(ValueError):
    """A claim that cannot be decided as given. ``field`` names the missing or wrong input;
    ``text`` says what is wrong in both languages. Callers answer it as a 422 on that field."""

    def __init__(self, field: str, text: LocalizedText) -> None:
        self.field = field
        self.text = text
        super().__init__(f"{field}: {text['en']}")


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


class EquipmentFacts(msgspec.Struct, frozen=True):
    """What the technician found (unknown keys are ignored). A problem of general equipment
    (通用设备), of the operating system (操作系统) or of another maker's product is out of scope;
    ``customer_damage`` is damage by the user, misuse or modification; ``labour_fen`` prices the
    labour of a paid repair."""

    general_equipment: bool = False
    operating_system: bool = False
    not_our_product: bool = False
    customer_damage: bool = False
    labour_fen: Annotated[int, msgspec.Meta(ge=0)] = 0


def read_facts(claim: Claim) -> EquipmentFacts:
    """The claim's facts with their defaults; a fact of the wrong type is a :class:`ClaimProblem`."""
    try:
        return msgspec.convert(claim.facts or {}, EquipmentFacts, strict=False)
    except msgspec.ValidationError as exc:
        path = str(exc).rpartition("at `$.")[2].rstrip("`")
        raise ClaimProblem(f"facts.{path}" if path and path != str(exc) else "facts",
                           {"zh_Hans": f"事实字段有误：{exc}", "en": f"invalid fact: {exc}"}) from exc


_FIELD_NAMES = {"install_date": "安装日期", "purchase_date": "购买日期"}


def warranty_start(claim: Claim) -> tuple[str, date]:
    """The installation date (安装日期), or the purchase date when no installation is recorded;
    returns which one and its value. Neither, or one after the claim date: :class:`ClaimProblem`."""
    for field in ("install_date", "purchase_date"):
        value = claim_date_field(claim, field)
        if value is None:
            continue
        if value > claim.claim_date:
            raise ClaimProblem(field, {"zh_Hans": f"{_FIELD_NAMES[field]}（{value}）晚于报修日（{claim.claim_date}）。",
                                       "en": f"{field} ({value}) is after the claim date ({claim.claim_date})."})
        return field, value
    raise ClaimProblem("install_date", {"zh_Hans": "缺少安装日期（或购买日期），无法判定保修。",
                                        "en": "install_date (or purchase_date) is required."})
