"""DOMAIN §0: percentages are applied with round-half-up to the fen."""

import pytest

from core.money import NotYuan, percent_of, yuan, yuan_to_fen


@pytest.mark.parametrize(("fen", "percent", "share"), [
    (335, 10, 34),    # 33.5 → 34: half up, not to even
    (325, 10, 33),    # 32.5 → 33 (banker's rounding would give 32)
    (333, 10, 33),    # 33.3 → 33
    (333, 70, 233),   # 233.1
    (5, 70, 4),       # 3.5 → 4
    (1000, 12.5, 125),
    (1, 50, 1),       # 0.5 → 1
    (0, 10, 0),
])
def test_percent_of_rounds_half_up_to_the_fen(fen, percent, share):
    assert percent_of(fen, percent) == share


@pytest.mark.parametrize(("fen", "shown"), [
    (0, "0.00"), (5, "0.05"), (150, "1.50"), (123456, "1234.56"),
    (-5, "-0.05"), (-150, "-1.50"), (-123456, "-1234.56"),  # a refund: the sign, then the amount
])
def test_yuan_shows_fen_with_two_decimals_and_the_sign_in_front(fen, shown):
    assert yuan(fen) == shown


@pytest.mark.parametrize(("text", "reason"), [("abc", "number"), ("NaN", "number"), ("Infinity", "number"),
                                              ("0.001", "decimals"), ("1.005", "decimals")])
def test_yuan_to_fen_says_why_a_text_is_not_an_amount(text, reason):
    with pytest.raises(NotYuan) as refused:
        yuan_to_fen(text)
    assert refused.value.reason == reason


def test_pages_show_money_through_the_one_filter():
    from core.web.templating import environment

    assert environment("zh_Hans").from_string("{{ -150|yuan }}").render() == "-1.50"
