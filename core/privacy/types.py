"""What a plugin declares about the personal information its own tables hold."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement


@dataclass(frozen=True)
class PersonalTable:
    """A plugin table holding personal information about customers (``shouhou_personal_fields``).

    ``rows_of(customer_id)`` is the ``WHERE`` clause of the customer's rows; ``columns`` maps each
    personal column to its rule, as in :mod:`core.privacy.fields`: ``None`` (cleared to ``NULL``),
    :data:`~core.privacy.fields.TEXT` (``[已删除]`` where filled), :data:`~core.privacy.fields.EMPTY`
    (an empty list or object), or a function of the value returning what is kept (e.g. a list of
    vehicles without their plates). The access report lists every column of those rows; erasure
    applies the rules. ``unfinished(customer_id)``, when given, selects the customer's rows whose
    work is not finished: an erasure is refused while there are any (409 naming them).
    """

    model: Any
    rows_of: Callable[[UUID], ColumnElement[bool]]
    columns: Mapping[str, Any]
    unfinished: Callable[[UUID], ColumnElement[bool]] | None = None
