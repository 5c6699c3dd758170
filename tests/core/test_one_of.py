"""``errors.one_of``: a value among its allowed choices, or 422 naming the field and listing them."""

import pytest

from core.errors import Invalid, one_of


def test_an_allowed_value_is_returned():
    assert one_of("open", ("open", "done"), "status") == "open"


def test_another_value_names_the_field_and_the_choices():
    with pytest.raises(Invalid) as caught:
        one_of("late", ("open", "done"), "status")
    assert caught.value.errors == [("status", "must be one of open, done")]
