"""Lubrication equipment rules: warranty, out-of-scope problems, revisit windows and the
three-strike ladder (DOMAIN §0, §2, §7; source 000)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from core.sdk import Claim, ClaimProblem, Part
from plugins.lubricants import rules, service_rules
from plugins.lubricants.revisits import days_always_within, install_revisit_window, quarter_of
from plugins.lubricants.settings import Settings

DEFAULTS = Settings()
INSTALLED = date(2024, 4, 30)
PARTS = (Part("pump", "grease pump", 120_000), Part("valve", "distributor valve", 3_550, 2))


def claim(claim_date: date, **kw) -> Claim:
    kw.setdefault("install_date", INSTALLED)
    return Claim(asset_type="lubricants.equipment", claim_date=claim_date, **kw)


# -- warranty: 12 months from installation (configurable default) --------------------------------


def test_domain_7_warranty_last_day_covered():
    """DOMAIN §7 (default 12 months from installation, 004 §2.3.1): the last day is a free repair."""
    d = rules.decide(claim(date(2025, 4, 30), parts=PARTS), DEFAULTS)
    assert (d.decision, d.covered, d.charge, d.rule_ids) == ("repair_free", True, None,
                                                             ("lubricants.warranty.period",))
    assert set(d.reasons[0].text) == {"zh_Hans", "en"}


def test_domain_7_warranty_next_day_paid_parts_and_labour():
    """DOMAIN §7: the day after 12 months the customer pays parts and labour."""
    d = rules.decide(claim(date(2025, 5, 1), parts=PARTS, facts={"labour_fen": 30_000}), DEFAULTS)
    assert (d.decision, d.covered, d.rule_ids) == ("repair_paid", False, ("lubricants.out_of_warranty",))
    assert d.charge.amount_fen == 120_000 + 7_100 + 30_000
    assert "1571.00" in d.reasons[0].text["zh_Hans"]


def test_domain_0_month_end_installation():
    """DOMAIN §0: installed 2024-02-29, 12 months ends 2025-02-28."""
    c = Claim(asset_type="lubricants.equipment", claim_date=date(2025, 2, 28), install_date=date(2024, 2, 29))
    assert rules.decide(c, DEFAULTS).decision == "repair_free"
    c = Claim(asset_type="lubricants.equipment", claim_date=date(2025, 3, 1), install_date=date(2024, 2, 29))
    assert rules.decide(c, DEFAULTS).decision == "repair_paid"


def test_domain_7_warranty_is_configurable():
    """DOMAIN §7 configurable: a tenant with 24 months."""
    assert rules.decide(claim(date(2026, 4, 30)), Settings(warranty_months=24)).decision == "repair_free"


def test_domain_7_purchase_date_when_no_installation_is_recorded():
    """DOMAIN §7: without an installation date the purchase date starts the warranty."""
    c = Claim(asset_type="lubricants.equipment", claim_date=date(2025, 5, 1), purchase_date=date(2024, 5, 1))
    d = rules.decide(c, DEFAULTS)
    assert d.decision == "repair_free" and "购买" in d.reasons[0].text["zh_Hans"]


def test_domain_7_customer_damage_is_paid_inside_the_warranty():
    """004 承诺书5: damage by the user, misuse or modification: paid even inside the warranty."""
    d = rules.decide(claim(date(2024, 6, 1), parts=PARTS, facts={"customer_damage": True}), DEFAULTS)
    assert (d.decision, d.charge.amount_fen, d.rule_ids) == ("repair_paid", 127_100,
                                                             ("lubricants.warranty.excluded",))


# -- out of scope: explained, not repaired ----------------------------------------------------------


@pytest.mark.parametrize("fact,rule_id", [
    ("general_equipment", "lubricants.out_of_scope.general_equipment"),
    ("operating_system", "lubricants.out_of_scope.operating_system"),
    ("not_our_product", "lubricants.out_of_scope.not_our_product"),
])
def test_domain_7_out_of_scope_is_explained_not_repaired(fact, rule_id):
    """DOMAIN §7 / 000 第四条(三)10, 第三条(一)5: general equipment or operating system problems
    (and other makers' products) are explained, not repaired: reject, with the reason — even
    inside the warranty."""
    d = rules.decide(claim(date(2024, 6, 1), parts=PARTS, facts={fact: True}), DEFAULTS)
    assert (d.decision, d.covered, d.charge, d.rule_ids) == ("reject", False, None, (rule_id,))
    assert d.reasons[0].text["zh_Hans"] and d.reasons[0].text["en"]


def test_domain_7_out_of_scope_needs_no_dates():
    """DOMAIN §7: an out-of-scope answer does not depend on the warranty, so no date is needed."""
    c = Claim(asset_type="lubricants.equipment", claim_date=date(2024, 6, 1), facts={"operating_system": True})
    assert rules.decide(c, DEFAULTS).decision == "reject"


def test_warranty_without_dates_is_a_problem():
    with pytest.raises(ClaimProblem) as err:
        rules.decide(Claim(asset_type="lubricants.equipment", claim_date=date(2024, 6, 1)), DEFAULTS)
    assert err.value.field == "install_date"


def test_wrong_fact_type_is_a_problem():
    with pytest.raises(ClaimProblem) as err:
        rules.decide(claim(date(2024, 6, 1), facts={"labour_fen": -5}), DEFAULTS)
    assert err.value.field == "facts.labour_fen"


# -- revisits: within 1 month of installation, each customer every quarter --------------------------


@pytest.mark.parametrize("installed,last_day", [
    (date(2024, 4, 30), date(2024, 5, 30)),
    (date(2024, 1, 31), date(2024, 2, 29)),
    (date(2023, 1, 31), date(2023, 2, 28)),
])
def test_domain_7_install_revisit_within_one_calendar_month(installed, last_day):
    """DOMAIN §7 / 000 第四条(三)8: at least one call within 1 month of installation (calendar month)."""
    assert install_revisit_window(installed, 1) == (installed, last_day)


def test_domain_7_install_revisit_rule_window_never_passes_one_month():
    """DOMAIN §7: the revisit rule's day window (28 days) ends within one calendar month for any
    installation day, including 2023-02-01 (non-leap February, exactly 28 days)."""
    rule = service_rules.revisit_rules(DEFAULTS)[0]
    assert (rule.id, rule.trigger, rule.due_from_days, rule.due_by_days) == (
        "lubricants.install_revisit", "installation.done", 0, 28)
    for offset in range(0, 3 * 366):
        day = date(2023, 1, 1) + timedelta(days=offset)
        assert day + timedelta(days=rule.due_by_days) <= day + relativedelta(months=1)
    assert date(2023, 2, 1) + timedelta(days=28) == date(2023, 2, 1) + relativedelta(months=1)
    assert days_always_within(3) == 89


def test_domain_7_every_customer_at_least_quarterly():
    """DOMAIN §7: each customer at least once a quarter: a per-quarter cadence rule."""
    rule = service_rules.revisit_rules(DEFAULTS)[1]
    assert (rule.id, rule.trigger, rule.cadence) == ("lubricants.quarterly_revisit", "cadence", {"per": "quarter"})
    assert quarter_of(date(2024, 5, 31)) == (date(2024, 4, 1), date(2024, 6, 30))
    assert quarter_of(date(2024, 12, 1)) == (date(2024, 10, 1), date(2024, 12, 31))


# -- complaints: three strikes ------------------------------------------------------------------------


def test_domain_2_lubricants_penalty_ladder_warning_penalty_dismissal():
    """DOMAIN §2 / 000 第五条(二): 1st warning (警告), 2nd penalty (处罚), 3rd dismissal (解雇)."""
    (ladder,) = service_rules.PENALTY_LADDERS
    assert [s.level for s in ladder.steps] == ["warning", "penalty", "dismissal"]
    assert [s.label["zh_Hans"][-2:] for s in ladder.steps] == ["警告", "处罚", "解雇"]
    assert all(s.fine_fen is None for s in ladder.steps)


def test_domain_1_sla_8_hours_in_province_24_out():
    """DOMAIN §1 SLA (004 §1.3): on site within 8 h in the province, 24 h outside it."""
    sla = service_rules.sla_defaults(DEFAULTS)
    assert (sla.source, sla.respond_in_province_hours, sla.respond_out_of_province_hours) == ("lubricants", 8, 24)
    assert service_rules.sla_defaults(Settings(respond_in_province_hours=6)).respond_in_province_hours == 6
