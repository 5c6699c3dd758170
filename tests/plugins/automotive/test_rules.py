"""Car repair rules: next maintenance, follow-up windows, warranty (三包) and first service (首保)
(DOMAIN §0, §3, §8; source 004)."""

from __future__ import annotations

from datetime import date

import pytest

from core.sdk import Claim, ClaimProblem, Part
from plugins.automotive import rules
from plugins.automotive.follow_ups import (
    FIRST_CALL_TOPICS,
    SECOND_CALL_TOPICS,
    first_follow_up,
    repeated_topics,
    second_follow_up,
)
from plugins.automotive.maintenance import Cycle, Usage, for_vehicle, next_maintenance, reminder_date
from plugins.automotive.settings import Settings
from plugins.automotive.vehicles import vehicle_problems

DEFAULTS = Settings()
SERVICED = date(2024, 1, 10)
CYCLE = Cycle(months=6, km=5000)


# -- next maintenance: whichever comes first of time and mileage ----------------------------------


def test_domain_8_time_first_when_the_car_is_driven_little():
    """DOMAIN §8: 6 months or 5,000 km, whichever first: 20 km/day reaches 5,000 km on day 250,
    after 2024-07-10, so time wins."""
    due = next_maintenance(Usage(SERVICED, last_km=30_000, daily_km=20), CYCLE, 7)
    assert (due.due_date, due.reason, due.rule_id) == (date(2024, 7, 10), "time", "automotive.maintenance.by_time")
    assert due.due_km == 35_000
    assert due.mileage_due_date == date(2024, 9, 16)


def test_domain_8_mileage_first_when_the_car_is_driven_a_lot():
    """DOMAIN §8: 100 km/day reaches 5,000 km on day 50 (2024-02-29), before six months."""
    due = next_maintenance(Usage(SERVICED, last_km=30_000, daily_km=100), CYCLE, 7)
    assert (due.due_date, due.reason, due.rule_id) == (date(2024, 2, 29), "mileage",
                                                       "automotive.maintenance.by_mileage")


def test_domain_8_daily_mileage_rounds_up_to_the_day_the_km_is_reached():
    """DOMAIN §8: 5,000 km at 30 km/day is reached during day 167 (166.7 days)."""
    due = next_maintenance(Usage(SERVICED, last_km=0, daily_km=30), Cycle(months=12, km=5000), 0)
    assert due.mileage_due_date == date(2024, 6, 25)  # 2024-01-10 + 167 days


def test_domain_8_same_day_tie_is_reported_as_time():
    """DOMAIN §0 ladder order: when time and mileage fall on the same day, the first row (time) wins."""
    due = next_maintenance(Usage(SERVICED, last_km=0, daily_km=25), Cycle(months=6, km=4550), 7)  # 182 days
    assert due.time_due_date == due.mileage_due_date == date(2024, 7, 10)
    assert due.reason == "time"


def test_domain_8_current_odometer_estimates_the_mileage_date():
    """DOMAIN §8: 3,000 km driven in 30 days (100 km/day): 2,000 km left from 2024-02-09 → 20 days."""
    usage = Usage(SERVICED, last_km=30_000, current_km=33_000, today=date(2024, 2, 9))
    due = next_maintenance(usage, CYCLE, 7)
    assert (due.due_date, due.reason) == (date(2024, 2, 29), "mileage")


def test_domain_8_odometer_past_the_cycle_is_due_today():
    """DOMAIN §8: the mileage cycle is already used up: due today, by mileage."""
    usage = Usage(SERVICED, last_km=30_000, current_km=35_200, today=date(2024, 3, 1))
    due = next_maintenance(usage, CYCLE, 7)
    assert (due.due_date, due.reason) == (date(2024, 3, 1), "mileage")


def test_domain_8_time_cycle_in_days():
    """DOMAIN §8: a cycle of 90 days counts days from the last service."""
    due = next_maintenance(Usage(SERVICED), Cycle(days=90), 7)
    assert (due.due_date, due.reason) == (date(2024, 4, 9), "time")


def test_domain_0_time_cycle_in_calendar_months():
    """DOMAIN §0: serviced 2023-08-31, 6 months → 2024-02-29."""
    due = next_maintenance(Usage(date(2023, 8, 31)), Cycle(months=6), 0)
    assert due.due_date == date(2024, 2, 29)


def test_domain_8_without_mileage_information_time_decides():
    """DOMAIN §8: no daily mileage and no odometer: the time cycle decides alone."""
    due = next_maintenance(Usage(SERVICED, last_km=30_000), CYCLE, 7)
    assert (due.reason, due.mileage_due_date) == ("time", None)


def test_domain_8_mileage_only_cycle():
    """DOMAIN §8: a km-only cycle is due when the km is reached."""
    due = next_maintenance(Usage(SERVICED, last_km=0, daily_km=50), Cycle(km=5000), 0)
    assert (due.due_date, due.reason) == (date(2024, 4, 19), "mileage")


@pytest.mark.parametrize("usage,cycle", [
    (Usage(SERVICED), Cycle()),
    (Usage(SERVICED, last_km=10, current_km=5, today=date(2024, 2, 1)), CYCLE),
    (Usage(SERVICED, last_km=0, daily_km=-1), CYCLE),
    (Usage(SERVICED, last_km=0), Cycle(km=5000)),
])
def test_impossible_maintenance_inputs_are_refused(usage, cycle):
    with pytest.raises(ValueError):
        next_maintenance(usage, cycle, 7)


def test_domain_8_reminder_n_days_before_the_due_date():
    """DOMAIN §8: the reminder goes out N days (default 7) before the next due date."""
    due = next_maintenance(Usage(SERVICED), CYCLE, DEFAULTS.reminder_days_before)
    assert due.reminder_date == date(2024, 7, 3)
    assert reminder_date(date(2024, 3, 1), 7) == date(2024, 2, 23)


# -- follow-up calls: 3 days to 1 week, then 7 days later within a further 7 -----------------------


@pytest.mark.parametrize("day,inside", [(2, False), (3, True), (5, True), (7, True), (8, False)])
def test_domain_3_first_follow_up_3_to_7_days_after_collection(day, inside):
    """DOMAIN §3 / 004 (三)4: first follow-up 3 days to 1 week after the car is collected (day 0)."""
    collected = date(2024, 5, 1)
    window = first_follow_up(collected, DEFAULTS)
    assert window.contains(date.fromordinal(collected.toordinal() + day)) is inside
    assert window.rule_id == "automotive.follow_up.first"


@pytest.mark.parametrize("day,inside", [(6, False), (7, True), (14, True), (15, False)])
def test_domain_3_second_follow_up_a_week_later_within_7_days(day, inside):
    """DOMAIN §3 / 004 (三)5: second follow-up one week after the first, within a further 7 days."""
    first_call = date(2024, 5, 5)
    window = second_follow_up(first_call, DEFAULTS)
    assert window.contains(date.fromordinal(first_call.toordinal() + day)) is inside


def test_domain_3_follow_up_topics_must_not_repeat():
    """DOMAIN §3 / 004 (三)5 内容避免重复: the default second-call topics differ from the first's,
    and a repeated topic is found."""
    assert repeated_topics(FIRST_CALL_TOPICS, SECOND_CALL_TOPICS) == []
    assert repeated_topics(["vehicle_use", "promotions"], ["promotions", "car_care_tips"]) == ["promotions"]


# -- warranty (三包), first service (首保), dealer stock --------------------------------------------

DELIVERED = date(2022, 6, 15)
PARTS = (Part("bp", "brake pads", 33_333), Part("oil", "oil", 5_000, 2))


def car_claim(claim_date: date, **kw) -> Claim:
    kw.setdefault("purchase_date", DELIVERED)
    return Claim(asset_type="automotive.vehicle", claim_date=claim_date, **kw)


def test_domain_8_first_service_is_free_and_maker_pays_80_yuan():
    """DOMAIN §8 / 004 合作方案1: 首保 80 CNY per car, paid by the maker; free to the customer."""
    d = rules.decide(car_claim(date(2022, 8, 1), facts={"first_service": True}), DEFAULTS)
    assert (d.decision, d.covered, d.charge, d.rule_ids) == ("repair_free", True, None,
                                                             ("automotive.first_service",))
    assert "80.00" in d.reasons[0].text["zh_Hans"] and "80.00" in d.reasons[0].text["en"]
    assert rules.first_service_fee(DEFAULTS).amount_fen == 8000
    assert rules.first_service_fee(Settings(first_service_fee_fen=10_000)).amount_fen == 10_000


def test_domain_8_warranty_last_day_covered():
    """DOMAIN §8 三包 (default 36 months or 60,000 km): the last day of 36 months is covered."""
    d = rules.decide(car_claim(date(2025, 6, 15), parts=PARTS, facts={"odometer_km": 59_999}), DEFAULTS)
    assert (d.decision, d.covered, d.charge) == ("repair_free", True, None)
    assert d.rule_ids == ("automotive.warranty.period",)


def test_domain_8_warranty_next_day_paid_parts_and_labour():
    """DOMAIN §8: the day after 36 months: paid, parts + labour."""
    d = rules.decide(car_claim(date(2025, 6, 16), parts=PARTS, facts={"labour_fen": 12_000}), DEFAULTS)
    assert (d.decision, d.covered) == ("repair_paid", False)
    assert d.charge.amount_fen == 33_333 + 10_000 + 12_000
    assert d.rule_ids == ("automotive.out_of_warranty",)


@pytest.mark.parametrize("km,decision", [(60_000, "repair_free"), (60_001, "repair_paid")])
def test_domain_8_warranty_ends_at_the_km_limit_whichever_first(km, decision):
    """DOMAIN §8: 60,000 km inside the months: 60,000 covered, 60,001 not (whichever first)."""
    assert rules.decide(car_claim(date(2023, 1, 1), facts={"odometer_km": km}), DEFAULTS).decision == decision


def test_domain_8_odometer_read_from_the_vehicle_mileage():
    """DOMAIN §8: without an odometer fact the vehicle's recorded mileage counts."""
    c = car_claim(date(2023, 1, 1), attributes={"mileage_km": 61_000})
    assert rules.decide(c, DEFAULTS).decision == "repair_paid"


def test_domain_8_customer_damage_is_paid_even_in_warranty():
    """004 承诺书5: damage by the user, misuse or modification is a paid repair inside the warranty."""
    d = rules.decide(car_claim(date(2023, 1, 1), parts=PARTS, facts={"customer_damage": True}), DEFAULTS)
    assert (d.decision, d.charge.amount_fen, d.rule_ids) == ("repair_paid", 43_333,
                                                             ("automotive.warranty.excluded",))


def test_domain_8_dealer_stock_car_at_70_percent_round_half_up():
    """004 合作方案 乙方4: a dealer's stock car repaired here pays 70 % of the market price, rounded
    half up to the fen (DOMAIN §0): 70 % of 43,335 fen = 30,334.5 → 30,335."""
    c = Claim(asset_type="automotive.vehicle", claim_date=date(2024, 1, 1), claimant="dealer",
              parts=(Part("x", "bumper", 43_335),))
    d = rules.decide(c, DEFAULTS)
    assert (d.decision, d.charge.amount_fen, d.rule_ids) == ("repair_paid", 30_335,
                                                             ("automotive.dealer_stock.discount",))
    assert "7折" in d.reasons[0].text["zh_Hans"]


def test_domain_0_percent_round_half_up():
    """DOMAIN §0: percentages are applied with round-half-up to the fen."""
    assert rules.percent_of(333, 70) == 233  # 233.1
    assert rules.percent_of(5, 70) == 4  # 3.5 → 4
    assert rules.percent_of(15, 10) == 2  # 1.5 → 2


def test_domain_8_warranty_months_and_km_are_configurable():
    """DOMAIN §8 configurable: a 24-month / 50,000 km warranty."""
    s = Settings(warranty_months=24, warranty_km=50_000)
    assert rules.decide(car_claim(date(2024, 6, 16)), s).decision == "repair_paid"
    assert rules.decide(car_claim(date(2024, 6, 15), facts={"odometer_km": 50_001}), s).decision == "repair_paid"
    assert rules.decide(car_claim(date(2024, 6, 15)), s).decision == "repair_free"


def test_warranty_claim_without_delivery_date_is_a_problem():
    """A warranty claim needs the delivery date; a first service does not."""
    with pytest.raises(ClaimProblem) as err:
        rules.decide(Claim(asset_type="automotive.vehicle", claim_date=date(2024, 1, 1)), DEFAULTS)
    assert err.value.field == "purchase_date"
    free = Claim(asset_type="automotive.vehicle", claim_date=date(2024, 1, 1), facts={"first_service": True})
    assert rules.decide(free, DEFAULTS).decision == "repair_free"


def test_bad_fact_type_is_a_problem_on_that_fact():
    with pytest.raises(ClaimProblem) as err:
        rules.decide(car_claim(date(2023, 1, 1), facts={"odometer_km": "far"}), DEFAULTS)
    assert err.value.field == "facts.odometer_km"


# -- vehicle attributes ------------------------------------------------------------------------------


def test_vehicle_attributes_beyond_the_schema():
    """DOMAIN §8 customer file: plate 车牌号 form; mileage at last service not above the odometer."""
    assert vehicle_problems({"plate": "苏F12345", "mileage_km": 100, "last_service_km": 90}) == []
    problems = dict(vehicle_problems({"plate": "F12345", "mileage_km": 100, "last_service_km": 190,
                                      "maintenance_cycle": {"months": 6, "days": 180}}))
    assert set(problems) == {"plate", "last_service_km", "maintenance_cycle"}


def test_domain_8_next_maintenance_from_vehicle_attributes_with_default_cycle():
    """DOMAIN §8: a vehicle file without a cycle uses the tenant's default (6 months / 5,000 km);
    the current odometer (3,000 km in 30 days) makes mileage come first."""
    attrs = {"last_service_date": "2024-01-10", "last_service_km": 30_000, "mileage_km": 33_000}
    due = for_vehicle(attrs, date(2024, 2, 9), DEFAULTS.default_cycle_months, DEFAULTS.default_cycle_km, 7)
    assert (due.due_date, due.reason, due.due_km, due.reminder_date) == (
        date(2024, 2, 29), "mileage", 35_000, date(2024, 2, 22))
    own_cycle = {**attrs, "maintenance_cycle": {"months": 1}}
    assert for_vehicle(own_cycle, date(2024, 2, 9), 6, 5000, 7).due_date == date(2024, 2, 10)
    with pytest.raises(ValueError):
        for_vehicle({}, date(2024, 2, 9), 6, 5000, 7)
