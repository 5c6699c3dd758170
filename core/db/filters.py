"""A list's optional filters: the rows whose columns equal the values the caller gave."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select


def where_given(stmt: Select, *matches: tuple[Any, Any]) -> Select:
    """``stmt`` narrowed, for each ``(column, value)`` whose value is given (neither ``None`` nor
    empty), to the rows whose column equals it; a value not given filters nothing."""
    for column, value in matches:
        if value is not None and value != "":
            stmt = stmt.where(column == value)
    return stmt
