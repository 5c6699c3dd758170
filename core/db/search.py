"""Search that does not scan: the shapes PostgreSQL can answer from indexes.

A queue or customer search is an ``OR`` of substring matches (``ILIKE '%term%'``) over several
columns and, through subqueries, over related tables. On PostgreSQL each column has a trigram
index (``pg_trgm``, migration 0032), so each arm is an index scan and the ``OR`` a ``BitmapOr`` —
as long as every arm can be an index condition:

- a match through a related table is :func:`member_of`, ``column = ANY(ARRAY(subquery))``: the
  subquery runs once and its ids are looked up in the ``(tenant_id, column)`` index, where
  ``column IN (subquery)`` would be a filter over every row;
- under row-level security only *leakproof* operators may become index conditions (others must
  wait until the policy has filtered the rows). ``LIKE``/``ILIKE`` and ``jsonb ->> text`` are
  marked leakproof by migration 0032 (see docs/security.md for why that is safe);
- a trigram index needs three characters. A shorter term (one Chinese character, 灯; a surname,
  王; a district, 天河) is looked up in indexes of the characters and pairs of characters
  (``shouhou_grams(…)``, :func:`grams_contain`) of the tickets' subjects and the customers'
  names and addresses; descriptions, phones, serials and plates are searched from three
  characters on (:data:`MIN_INDEXED_TERM`).

SQLite compiles the same clauses to plain ``IN`` and ``LIKE`` (an embedded deployment is small):
the two databases find the same rows.
"""

from __future__ import annotations

import re

from sqlalchemy import Boolean, String, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

#: The longest term :func:`grams_contain` looks up (single characters and pairs are indexed).
MAX_GRAM = 2
#: The shortest term searched with the trigram indexes (they cannot find fewer characters).
MIN_INDEXED_TERM = MAX_GRAM + 1


class member_of(FunctionElement[bool]):
    """``member_of(column, select(...).scalar_subquery())``: the column's value is one of the
    subquery's. ``IN (subquery)`` in general; on PostgreSQL ``= ANY(ARRAY(subquery))``, an index
    condition (see the module docstring)."""

    type = Boolean()
    inherit_cache = True
    name = "member_of"


def _arguments(element: FunctionElement, compiler, kw: dict) -> list[str]:
    """A construct's two arguments, compiled."""
    return [compiler.process(argument, **kw) for argument in element.clauses]


@compiles(member_of)
def _member_in(element: member_of, compiler, **kw) -> str:
    column, subquery = _arguments(element, compiler, kw)
    return f"({column} IN {subquery})"


@compiles(member_of, "postgresql")
def _member_any(element: member_of, compiler, **kw) -> str:
    column, subquery = _arguments(element, compiler, kw)
    return f"({column} = ANY(ARRAY{subquery}))"


class json_text(FunctionElement[str]):
    """``json_text(column, "plate")``: the text of a top-level key of a JSON column, written so
    that PostgreSQL matches it to an expression index on ``(column ->> 'plate')`` (a key sent as a
    parameter would not match it once the statement's plan is generic)."""

    type = String()
    inherit_cache = True
    name = "json_text"


def _key_of(element: json_text) -> tuple[object, str]:
    column, key = element.clauses
    name = key.value
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"not a plain JSON key: {name!r}")
    return column, name


@compiles(json_text)
def _json_extract(element: json_text, compiler, **kw) -> str:
    column, name = _key_of(element)
    return f"json_extract({compiler.process(column, **kw)}, '$.{name}')"


@compiles(json_text, "postgresql")
def _json_field_text(element: json_text, compiler, **kw) -> str:
    column, name = _key_of(element)
    return f"({compiler.process(column, **kw)} ->> '{name}')"


class grams_contain(FunctionElement[bool]):
    """``grams_contain(column, term)`` for a term of one or two characters: the column contains
    it. On PostgreSQL ``shouhou_grams(column) @> ARRAY[term]``, answered by the GIN index of the
    column's characters and character pairs (migration 0032); elsewhere ``LIKE '%term%'``."""

    type = Boolean()
    inherit_cache = True
    name = "grams_contain"

    def __init__(self, column, term: str) -> None:
        if not 0 < len(term) <= MAX_GRAM:
            raise ValueError(f"grams_contain looks up 1 to {MAX_GRAM} characters, not {term!r}")
        super().__init__(column, literal(term.lower(), String()))


@compiles(grams_contain)
def _contains_like(element: grams_contain, compiler, **kw) -> str:
    column, term = _arguments(element, compiler, kw)
    return f"(lower({column}) LIKE '%' || {term} || '%')"


@compiles(grams_contain, "postgresql")
def _contains_gram(element: grams_contain, compiler, **kw) -> str:
    column, term = _arguments(element, compiler, kw)
    return f"(shouhou_grams({column}) @> ARRAY[CAST({term} AS TEXT)])"
