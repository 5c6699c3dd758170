"""How a context shows a row through its API: a read struct filled from the row's attributes."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

S = TypeVar("S", bound=msgspec.Struct)


def read_of(schema: type[S], row: object, **shown: Any) -> S:
    """``schema`` with each field taken from ``row``'s attribute of the same name, except the
    fields given in ``shown``: those the row does not have (computed) or shows otherwise (a time
    in the tenant's zone, a list of ids parsed). Like the field-by-field constructor, it checks
    no types."""
    return schema(**{name: getattr(row, name) for name in schema.__struct_fields__ if name not in shown}, **shown)
