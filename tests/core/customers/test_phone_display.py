"""Phone numbers are stored in E.164 and shown as people in China read them (issue: console for a
real service-desk day, item 8)."""

from __future__ import annotations

import pytest

from core.customers.phones import national, to_e164


@pytest.mark.parametrize(("typed", "shown"), [
    ("13800138000", "138 0013 8000"),
    ("+86 138-0013-8000", "138 0013 8000"),
    ("0512-66668888", "0512 6666 8888"),
    ("010 6552 9988", "010 6552 9988"),
    ("+852 2345 6789", "+852 2345 6789"),
])
def test_a_number_typed_any_way_is_shown_in_the_national_format(typed, shown):
    assert national(to_e164(typed)) == shown


def test_nothing_or_an_unreadable_stored_value_is_shown_as_is():
    assert national(None) == "" and national("") == "" and national("not a number") == "not a number"
