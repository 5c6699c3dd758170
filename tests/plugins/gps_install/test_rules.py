"""GPS terminal warranty, identifier checks and swap records (DOMAIN §9, source 003 篇5)."""

from __future__ import annotations

from datetime import date

import pytest

from core.sdk import Claim, ClaimProblem, Part, plate_problem
from plugins.gps_install import rules
from plugins.gps_install.identifiers import iccid_problem, luhn_valid, terminal_number_problem
from plugins.gps_install.settings import Settings
from plugins.gps_install.swaps import swap_problems

DEFAULTS = Settings()
INSTALLED = date(2024, 3, 10)
PARTS = (Part("ant", "GPS antenna", 4550, 2), Part("pwr", "power cable", 1999))


def with_check_digit(body: str) -> str:
    """Append the Luhn check digit (computed here independently of the plugin)."""
    digits = [int(c) for c in body]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return body + str((10 - total % 10) % 10)


ICCID19 = with_check_digit("898600123456789012")
ICCID20 = with_check_digit("8986011234567890123")


def wrong_check_digit(iccid: str) -> str:
    return iccid[:-1] + str((int(iccid[-1]) + 1) % 10)


def claim(claim_date: date, **kw) -> Claim:
    kw.setdefault("install_date", INSTALLED)
    return Claim(asset_type="gps_install.terminal", claim_date=claim_date, **kw)


# -- warranty: 12 months from installation, then parts only -----------------------------------------


def test_domain_9_twelve_months_from_installation_last_day_is_free():
    """DOMAIN §9: 12 months from installation: the last day covered (gps_install.warranty.12m)."""
    d = rules.decide(claim(date(2025, 3, 10), parts=PARTS), DEFAULTS)
    assert (d.decision, d.covered, d.charge) == ("repair_free", True, None)
    assert d.rule_ids == ("gps_install.warranty.12m",)
    assert set(d.reasons[0].text) == {"zh_Hans", "en"}


def test_domain_9_twelve_months_next_day_only_parts_charged():
    """DOMAIN §9 / 003 篇5 §二.3: the day after 12 months only the parts are charged, labour free."""
    d = rules.decide(claim(date(2025, 3, 11), parts=PARTS, facts={"labour_fen": 5000}), DEFAULTS)
    assert (d.decision, d.covered) == ("repair_paid", False)
    assert d.charge.amount_fen == 4550 * 2 + 1999
    assert d.charge.currency == "CNY"
    assert d.rule_ids == ("gps_install.out_of_warranty.parts_only",)
    assert "110.99" in d.reasons[0].text["zh_Hans"]


def test_domain_9_out_of_warranty_without_parts_costs_nothing():
    """DOMAIN §9: labour is free out of warranty, so a repair without parts is charged 0."""
    d = rules.decide(claim(date(2026, 1, 1)), DEFAULTS)
    assert (d.decision, d.charge.amount_fen) == ("repair_paid", 0)


def test_domain_0_calendar_months_end_of_month():
    """DOMAIN §0: calendar months: installed 2024-01-31, 1-month warranty ends 2024-02-29."""
    s = Settings(warranty_months=1)
    c = Claim(asset_type="gps_install.terminal", claim_date=date(2024, 2, 29), install_date=date(2024, 1, 31))
    assert rules.decide(c, s).decision == "repair_free"
    c = Claim(asset_type="gps_install.terminal", claim_date=date(2024, 3, 1), install_date=date(2024, 1, 31))
    assert rules.decide(c, s).decision == "repair_paid"


def test_domain_9_warranty_months_are_configurable():
    """DOMAIN §9 configurable: 24 months; the rule id names the tenant's period."""
    d = rules.decide(claim(date(2026, 3, 10)), Settings(warranty_months=24))
    assert (d.decision, d.rule_ids) == ("repair_free", ("gps_install.warranty.24m",))


def test_domain_9_falls_back_to_purchase_date_without_installation():
    """DOMAIN §9: no installation date recorded: the purchase date starts the warranty (said so)."""
    c = Claim(asset_type="gps_install.terminal", claim_date=date(2025, 3, 11), purchase_date=date(2024, 3, 11))
    d = rules.decide(c, DEFAULTS)
    assert d.decision == "repair_free"
    assert "购买日期" in d.reasons[0].text["zh_Hans"]


def test_domain_9_installation_date_from_asset_attributes():
    """DOMAIN §9: an installation date kept in the asset's attributes counts too."""
    c = Claim(asset_type="gps_install.terminal", claim_date=date(2025, 3, 11),
              attributes={"install_date": "2024-03-10"})
    assert rules.decide(c, DEFAULTS).decision == "repair_paid"


def test_claim_without_any_start_date_is_a_problem_on_install_date():
    """A claim with neither installation nor purchase date cannot be decided (422 on install_date)."""
    with pytest.raises(ClaimProblem) as err:
        rules.decide(Claim(asset_type="gps_install.terminal", claim_date=date(2025, 1, 1)), DEFAULTS)
    assert err.value.field == "install_date"


def test_installation_after_claim_date_is_a_problem():
    """DOMAIN §0: the start day is day 0; an installation after the claim cannot be."""
    with pytest.raises(ClaimProblem):
        rules.decide(claim(date(2024, 3, 9)), DEFAULTS)


def test_negative_part_price_is_a_problem():
    with pytest.raises(ClaimProblem) as err:
        rules.decide(claim(date(2026, 1, 1), parts=(Part("x", "x", -1),)), DEFAULTS)
    assert err.value.field == "parts"


# -- SIM ICCID: 19-20 digits with a Luhn check digit ---------------------------------------------


def test_luhn_known_vector():
    """ISO/IEC 7812 Luhn: 79927398713 is valid, 79927398710 is not."""
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")


@pytest.mark.parametrize("iccid", [ICCID19, ICCID20, "8986 0012 3456 7890 12" + ICCID19[-1]])
def test_domain_9_iccid_19_or_20_digits_with_luhn_is_valid(iccid):
    """DOMAIN §9 SIM swap: 19 and 20 digit ICCIDs with a good check digit (spaces allowed)."""
    assert iccid_problem(iccid) is None


@pytest.mark.parametrize("iccid", [with_check_digit("89860012345678901"),
                                   with_check_digit("89860112345678901234")])
def test_domain_9_iccid_18_and_21_digits_are_refused(iccid):
    """DOMAIN §9: 18 and 21 digits are not ICCIDs even with a good Luhn digit."""
    assert len(iccid) in (18, 21)
    assert "19 or 20 digits" in iccid_problem(iccid)


@pytest.mark.parametrize("iccid", [ICCID19, ICCID20])
def test_domain_9_iccid_bad_check_digit_is_refused(iccid):
    """DOMAIN §9: a wrong Luhn check digit is refused (a mistyped digit)."""
    assert "Luhn" in iccid_problem(wrong_check_digit(iccid))


@pytest.mark.parametrize("value", ["89860012345678901A2", "", 8986001234567890123, None])
def test_iccid_with_letters_or_not_a_string_is_refused(value):
    assert iccid_problem(value) is not None


# -- terminal numbers and plates ----------------------------------------------------------------


@pytest.mark.parametrize("value,ok", [("013912345678", True), ("gt06n1234", True), ("12345", False),
                                      ("ABC-123456", False), ("1" * 21, False)])
def test_domain_9_terminal_number_default_pattern(value, ok):
    """DOMAIN §9: a terminal number is 6-20 letters or digits by default (case ignored)."""
    assert (terminal_number_problem(value, DEFAULTS.terminal_number_pattern) is None) is ok


@pytest.mark.parametrize("value,ok", [("苏F12345", True), ("粤BD12345", True), ("京A·12345", True),
                                      ("沪A1234挂", True), ("沪A123", False), ("苏I12345", False), ("ABC123", False)])
def test_vehicle_plate(value, ok):
    """DOMAIN §9: the terminal is labelled with the vehicle plate (车牌号)."""
    assert (plate_problem(value) is None) is ok


# -- the swap record on the repair service form -----------------------------------------------------


def test_domain_9_terminal_swap_needs_old_new_plate_and_fault():
    """003 篇5 §四.5: old and new terminal numbers, plate and fault on the label."""
    ok = {"plate": "苏F12345", "fault": "不定位", "old_terminal_no": "013912345678",
          "new_terminal_no": "013912345679"}
    assert swap_problems(ok, DEFAULTS) == []
    problems = dict(swap_problems({"old_terminal_no": "013912345678"}, DEFAULTS))
    assert set(problems) == {"new_terminal_no", "plate", "fault"}


def test_domain_9_sim_swap_records_old_and_new_valid_iccids():
    """003 篇5 §四.6: a SIM swap records the old and the new SIM; both must be valid ICCIDs."""
    assert swap_problems({"old_iccid": ICCID19, "new_iccid": ICCID20}, DEFAULTS) == []
    problems = dict(swap_problems({"old_iccid": ICCID19, "new_iccid": wrong_check_digit(ICCID20)}, DEFAULTS))
    assert "Luhn" in problems["new_iccid"]
    assert set(dict(swap_problems({"new_iccid": ICCID20}, DEFAULTS))) == {"old_iccid"}


def test_domain_9_swap_old_and_new_must_differ():
    """DOMAIN §9: a swap whose new ICCID or terminal number is the old one records no swap."""
    assert dict(swap_problems({"old_iccid": ICCID19, "new_iccid": ICCID19}, DEFAULTS)) == {
        "new_iccid": "is the same as old_iccid"}
    same = {"plate": "苏F12345", "fault": "x", "old_terminal_no": "abc123456", "new_terminal_no": "ABC123456"}
    assert set(dict(swap_problems(same, DEFAULTS))) == {"new_terminal_no"}


def test_domain_9_empty_swap_record_is_refused():
    """DOMAIN §9: a swap record must swap the terminal, the SIM or both."""
    assert [f for f, _ in swap_problems({}, DEFAULTS)] == ["swap"]


def test_domain_9_swap_of_both_terminal_and_sim():
    record = {"plate": "粤BD12345", "fault": "掉线", "old_terminal_no": "T000001", "new_terminal_no": "T000002",
              "old_iccid": ICCID19, "new_iccid": ICCID20}
    assert swap_problems(record, DEFAULTS) == []
