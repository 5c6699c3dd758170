"""Form definitions that plugins and tenants declare."""

from __future__ import annotations

import msgspec

from core.i18n import LocalizedText


class FormDefinition(msgspec.Struct, frozen=True):
    """A form, named ``<plugin>.<form>``, with a JSON Schema for its data.

    ``version`` goes up whenever the schema changes; a ticket keeps the version it was filled with.
    ``ticket_kinds`` lists the ticket kinds the form belongs to (empty: any kind, or not a ticket form).
    """

    id: str
    version: int
    title: LocalizedText
    schema: dict
    ticket_kinds: tuple[str, ...] = ()
    description: LocalizedText | None = None
