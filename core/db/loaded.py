"""Reading a mapped object's columns in bulk.

A page of tickets, a history snapshot or a response reads dozens of columns of each object; each
read through the attribute's descriptor costs several times a dict lookup. :func:`column_values`
hands out the object's loaded state when every column is loaded, and reads through the
attributes (which load what is expired or deferred) otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any


@cache
def columns_of(mapped: type) -> frozenset[str]:
    """The column attributes of a mapped class."""
    return frozenset(column.key for column in mapped.__table__.columns)


def column_values(obj: Any) -> Mapping[str, Any]:
    """Every column value of ``obj`` by attribute name (read-only: its loaded state itself)."""
    wanted = columns_of(type(obj))
    loaded = obj.__dict__
    return loaded if loaded.keys() >= wanted else {key: getattr(obj, key) for key in wanted}
