"""Bounds every JSON body is held to before a handler sees it.

A body must not nest deeper than :data:`MAX_DEPTH` (400 on ``body``), must carry no NUL character
in any string (422 on the string's path), and the typed values it decodes to must fit where they
are stored: strings within the length of the column of the same name (the column of the schema's
own bounded context first, else the widest of that name), integers within the column's integer
type (32-bit unless the column is a ``BigInteger``), dates and timestamps within years
:data:`MIN_YEAR` to :data:`MAX_YEAR` (422 on the field's path). The column lengths are read once
from the models, so the schemas and the tables cannot disagree.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from typing import Any

import msgspec
from litestar import Request
from litestar.serialization import decode_json
from litestar.types import Empty
from sqlalchemy import BigInteger, Integer, String

from core.errors import DomainError, Invalid

#: Deepest nesting of arrays and objects a body may have.
MAX_DEPTH = 64
MIN_YEAR, MAX_YEAR = 1900, 2999
INT32 = 2**31 - 1
INT64 = 2**63 - 1

_BRACKETS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_NUL = "\x00"


def check_depth(body: bytes) -> None:
    """Refuse a body whose arrays and objects nest deeper than :data:`MAX_DEPTH`, before decoding
    it (the decoder would recurse once per level)."""
    if body.count(b"[") + body.count(b"{") <= MAX_DEPTH:
        return
    depth = 0
    for token in _BRACKETS.finditer(body):
        char = token.group()
        if char in (b"[", b"{"):
            depth += 1
            if depth > MAX_DEPTH:
                raise DomainError("the body nests too deeply",
                                  [("body", f"arrays and objects nest deeper than {MAX_DEPTH} levels")])
        elif char in (b"]", b"}"):
            depth -= 1


def check_no_nul(value: Any, path: str = "") -> None:
    """Refuse any string (or object key) holding the NUL character, naming its path."""
    if isinstance(value, str):
        if _NUL in value:
            raise Invalid(path or "body", "must not contain the NUL character (\\u0000)")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_no_nul(key, path or "body")
            check_no_nul(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_no_nul(item, f"{path}[{index}]")


@functools.cache
def column_bounds() -> tuple[dict[tuple[str, str], int], dict[str, int], dict[tuple[str, str], int], dict[str, int]]:
    """From every mapped model: string lengths and integer limits by (package, column name) and by
    column name alone (the widest of that name)."""
    from core.db.base import Base

    lengths: dict[tuple[str, str], int] = {}
    widest: dict[str, int] = {}
    ints: dict[tuple[str, str], int] = {}
    widest_int: dict[str, int] = {}
    for mapper in Base.registry.mappers:
        package = mapper.class_.__module__.rsplit(".", 1)[0]
        for column in mapper.columns:
            if isinstance(column.type, String) and column.type.length:
                length = column.type.length
                lengths[(package, column.name)] = max(length, lengths.get((package, column.name), 0))
                widest[column.name] = max(length, widest.get(column.name, 0))
            elif isinstance(column.type, Integer):
                limit = INT64 if isinstance(column.type, BigInteger) else INT32
                ints[(package, column.name)] = max(limit, ints.get((package, column.name), 0))
                widest_int[column.name] = max(limit, widest_int.get(column.name, 0))
    return lengths, widest, ints, widest_int


def _package(cls: type) -> str:
    return cls.__module__.rsplit(".", 1)[0]


def check_fits(value: Any, path: str = "", package: str = "", name: str | None = None) -> None:
    """Refuse typed values (a decoded body) that do not fit their columns; ``name`` is the schema
    field the value came from, ``package`` the bounded context of its schema."""
    if isinstance(value, msgspec.Struct):
        package = _package(type(value))
        for attr, wire in zip(value.__struct_fields__, value.__struct_encode_fields__, strict=True):
            check_fits(getattr(value, attr), f"{path}.{wire}" if path else wire, package, attr)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_fits(item, f"{path}.{key}" if path else str(key), package, None)
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            check_fits(item, f"{path}[{index}]", package, name)
    elif name is None:
        return
    elif isinstance(value, str):
        lengths, widest, _, _ = column_bounds()
        limit = lengths.get((package, name)) or widest.get(name)
        if limit and len(value) > limit:
            raise Invalid(path, f"must be at most {limit} characters")
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        _, _, ints, widest_int = column_bounds()
        limit = ints.get((package, name)) or widest_int.get(name) or INT32
        if abs(value) > limit:
            raise Invalid(path, f"must be between {-limit} and {limit}")
    elif isinstance(value, date) and not MIN_YEAR <= value.year <= MAX_YEAR:
        kind = "timestamp" if isinstance(value, datetime) else "date"
        raise Invalid(path, f"must be a {kind} in the years {MIN_YEAR} to {MAX_YEAR}")


async def reject_nul_parameters(request: Request) -> None:
    """Refuse a path or query parameter holding the NUL character (PostgreSQL cannot store or
    compare it), naming the parameter; runs before every handler."""
    for name, value in (*request.path_params.items(), *request.query_params.multi_items()):
        if isinstance(value, str) and _NUL in value:
            raise Invalid(name, "must not contain the NUL character (\\u0000)")


def body_type(request: Request) -> Any:
    """The type the handler declares for its ``data`` parameter, if any."""
    field = request.route_handler.parsed_fn_signature.parameters.get("data")
    return None if field is None else field.annotation


class BoundedRequest(Request):
    """The application's request: its JSON body is held to this module's bounds."""

    async def json(self) -> Any:
        """Decode the body once, after the depth check, and check strings, integers and dates."""
        if self._json is not Empty or self._connection_state.json is not Empty:
            return await super().json()
        body = await self.body()
        check_depth(body)
        value = decode_json(body or b"null", type_decoders=self.route_handler.resolve_type_decoders())
        if b"\\u0000" in body:
            check_no_nul(value)
        target = body_type(self)
        if target is not None and value is not None:
            try:
                typed = msgspec.convert(value, target, strict=False)
            except (msgspec.ValidationError, TypeError, ValueError):
                typed = None  # the signature model answers with its own 400
            if typed is not None:
                check_fits(typed)
        self._json = self._connection_state.json = value
        return value
