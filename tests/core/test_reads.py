"""``read_of``: a read struct filled from a row's attributes, some fields shown otherwise."""

from types import SimpleNamespace

import msgspec
import pytest

from core.reads import read_of


class Shown(msgspec.Struct):
    id: int
    name: str
    days: int
    note: str | None = None


def test_fields_come_from_the_row_unless_given():
    row = SimpleNamespace(id=1, name="a", days=99, note="n", other="ignored")
    assert read_of(Shown, row, days=3) == Shown(id=1, name="a", days=3, note="n")


def test_a_field_the_row_lacks_must_be_given():
    with pytest.raises(AttributeError):
        read_of(Shown, SimpleNamespace(id=1, name="a", note=None))
