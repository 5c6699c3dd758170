"""Return to factory: region weeks (DOMAIN §6 第十一条) and the batch month (第六-七条)."""

from __future__ import annotations

from datetime import date

import pytest

from plugins.lighting.factory_returns import RETURN_WEEKS, batch_month, return_week


@pytest.mark.parametrize(
    ("code", "week"),
    [
        ("230000", 1), ("210000", 1), ("120000", 1), ("110000", 1), ("140000", 1), ("150000", 1),
        ("130000", 1), ("510000", 1), ("520000", 1), ("610000", 1), ("620000", 1), ("630000", 1),
        ("640000", 1), ("650000", 1), ("500000", 1), ("530000", 1),
        ("340000", 2), ("320000", 2), ("310000", 2), ("330000", 2), ("360000", 2),
        ("420000", 3), ("430000", 3), ("370000", 3), ("410000", 3), ("440000", 3), ("450000", 3),
        ("460000", 3),
    ],
)
def test_eleventh_article_province_weeks(code, week):
    """DOMAIN §6 第十一条: week 1 (北方 and 西部, 内蒙 with 山西, 青海/宁夏 with 甘肃), week 2 (华东),
    week 3 (华中 and 华南)."""
    assert return_week(code) == week


@pytest.mark.parametrize("city", ["福州", "厦门", "泉州", "350100", "350200", "350500"])
def test_eleventh_article_fujian_cities_in_week_two(city):
    """DOMAIN §6 第十一条: 福州, 厦门, 泉州 (cities of 福建) return in week 2."""
    assert return_week("350000", city) == 2


def test_eleventh_article_city_code_alone_is_read_as_its_city():
    """GB/T 2260: a city code (厦门 350200, or a district of it) carries its province."""
    assert return_week("350200") == 2
    assert return_week("350203") == 2


@pytest.mark.parametrize("args", [("350000",), ("350000", "350300"), ("350300",), ("350000", "莆田")])
def test_eleventh_article_other_fujian_cities_are_unassigned(args):
    """DOMAIN §6 第十一条: only three cities of 福建 are named; the others have no week."""
    assert return_week(*args) is None


@pytest.mark.parametrize("code", ["220000", "540000", "710000", "810000", "820000"])
def test_eleventh_article_regions_the_source_leaves_out_are_unassigned(code):
    """Source 001 第十一条 names neither 吉林 nor 西藏 (nor 台湾, 香港, 澳门)."""
    assert return_week(code) is None


def test_tenant_overrides_assign_a_missing_region_or_change_one():
    """Settings.return_week_overrides: assign 吉林, all of 福建, or move 广东."""
    assert return_week("220000", overrides={"220000": 1}) == 1
    assert return_week("350000", "莆田", overrides={"350000": 2}) == 2
    assert return_week("350000", "厦门", overrides={"350000": 3}) == 2
    assert return_week("440000", overrides={"440000": 2}) == 2


@pytest.mark.parametrize("bad", ["32", "江苏", "3200000", "", None])
def test_a_malformed_region_code_is_a_clear_error(bad):
    """API.md: regions are six-digit GB/T 2260 codes."""
    with pytest.raises(ValueError, match="GB/T 2260"):
        return_week(bad)


def test_region_table_has_only_weeks_one_to_three_and_valid_codes():
    """DOMAIN §6 第十一条: three weeks; 28 provinces plus 3 cities of 福建."""
    assert set(RETURN_WEEKS.values()) == {1, 2, 3}
    assert all(len(code) == 6 and code.isdigit() for code in RETURN_WEEKS)
    assert len(RETURN_WEEKS) == 31


def test_sixth_article_batch_on_the_last_day_of_its_week_counts_this_month():
    """DOMAIN §6 第六条: one return per month in the region's week (week 2 = days 8–14)."""
    assert batch_month(date(2024, 5, 14), 2) == date(2024, 5, 1)
    assert batch_month(date(2024, 5, 3), 2) == date(2024, 5, 1)


def test_sixth_article_late_batch_waits_for_next_month():
    """DOMAIN §6 第六条: a batch after its week is not accepted this month (存放到下月返厂)."""
    assert batch_month(date(2024, 5, 15), 2) == date(2024, 6, 1)
    assert batch_month(date(2024, 12, 8), 1) == date(2025, 1, 1)
    assert batch_month(date(2024, 5, 21), 3) == date(2024, 5, 1)
    assert batch_month(date(2024, 5, 22), 3) == date(2024, 6, 1)


def test_seventh_article_special_approval_keeps_a_late_batch_in_this_month():
    """DOMAIN §6 第七条: exceptions need special approval (特批)."""
    assert batch_month(date(2024, 5, 30), 1, specially_approved=True) == date(2024, 5, 1)


def test_unassigned_region_needs_special_approval():
    """DOMAIN §6 第十一条: a region without a week returns only with special approval."""
    with pytest.raises(ValueError, match="special approval"):
        batch_month(date(2024, 5, 2), None)
    assert batch_month(date(2024, 5, 2), None, specially_approved=True) == date(2024, 5, 1)
