"""Return to factory (不良品返厂, source 001 §2): which week of the month a region returns its
defective products in (第十一条), and which month a batch counts for (第六-七条).

Regions are GB/T 2260 codes. 福建 is assigned per city (福州, 厦门, 泉州 in week 2); the source
leaves the other cities of 福建, and 吉林, 西藏, 台湾, 香港 and 澳门, without a week: for those
:func:`return_week` answers ``None`` (the batch needs special approval, 特批, or a tenant
override).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from dateutil.relativedelta import relativedelta

#: 第十一条 ①②③: region code → week of the month. Provinces "incl." another in the source
#: (山西 含内蒙, 甘肃 含青海、宁夏) give that province the same week.
RETURN_WEEKS: Mapping[str, int] = {
    # week 1: 黑龙江, 辽宁, 天津, 北京, 山西 (含内蒙), 河北;
    #         四川, 贵州, 陕西, 甘肃 (含青海, 宁夏), 新疆, 重庆, 云南
    "230000": 1, "210000": 1, "120000": 1, "110000": 1, "140000": 1, "150000": 1, "130000": 1,
    "510000": 1, "520000": 1, "610000": 1, "620000": 1, "630000": 1, "640000": 1, "650000": 1,
    "500000": 1, "530000": 1,
    # week 2: 安徽, 江苏, 上海, 浙江; 福州, 厦门, 泉州 (cities of 福建); 江西
    "340000": 2, "320000": 2, "310000": 2, "330000": 2, "350100": 2, "350200": 2, "350500": 2,
    "360000": 2,
    # week 3: 湖北, 湖南, 山东, 河南; 广东, 广西, 海南
    "420000": 3, "430000": 3, "370000": 3, "410000": 3, "440000": 3, "450000": 3, "460000": 3,
}

#: Provinces whose week depends on the city.
PER_CITY_PROVINCES = frozenset({"350000"})

#: City names accepted in place of a city code.
CITY_CODES: Mapping[str, str] = {"福州": "350100", "厦门": "350200", "泉州": "350500"}

DAYS_PER_WEEK = 7


def return_week(
    province_code: str, city: str | None = None, overrides: Mapping[str, int] | None = None
) -> int | None:
    """The week of the month (1–3) in which the region returns defective products, or ``None``
    when the source assigns it none.

    ``province_code`` is a six-digit GB/T 2260 code; a city code (``"350200"``) is accepted and
    read as that city of its province. ``city`` is a city code or name (``"厦门"``). ``overrides``
    (the tenant's ``return_week_overrides``) win over the table, the city before the province.
    """
    if not (isinstance(province_code, str) and len(province_code) == 6 and province_code.isdigit()):
        raise ValueError(f"province_code must be a six-digit GB/T 2260 code, not {province_code!r}")
    province = province_code[:2] + "0000"
    city_code = CITY_CODES.get(city, city) if city else None
    if city_code is None and province_code != province:
        city_code = province_code[:4] + "00"
    weeks = {**RETURN_WEEKS, **(overrides or {})}
    if city_code is not None and city_code in weeks:
        return weeks[city_code]
    if province in PER_CITY_PROVINCES and province not in (overrides or {}):
        return None
    return weeks.get(province)


def batch_month(return_date: date, week: int | None, *, specially_approved: bool = False) -> date:
    """The month (its first day) a return batch counts for (第六-七条).

    A batch returned by the end of its region's week (week *n* ends on day ``7 × n`` of the
    month) counts for this month; a later one waits for next month, unless specially approved
    (特批). A region without a week (``None``) can only return with special approval.
    """
    this_month = return_date.replace(day=1)
    if specially_approved:
        return this_month
    if week is None:
        raise ValueError("this region has no return week: the batch needs special approval (特批)")
    if return_date.day <= week * DAYS_PER_WEEK:
        return this_month
    return this_month + relativedelta(months=1)
