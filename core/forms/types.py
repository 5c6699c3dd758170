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


class FormRequirement(msgspec.Struct, frozen=True):
    """A form a ticket must carry before an action (e.g. the on-site service registration before
    dispatch, DOMAIN §1/§7): filled at intake or attached to the ticket later. ``ticket_kinds``
    narrows it to some kinds of ticket (empty: every kind). ``company_confirms`` lists the
    dotted paths of the form's data that must be ``true`` when the customer is a company (the
    stamp 盖章 a company adds to its signature)."""

    form_id: str
    before_action: str
    reason: LocalizedText
    ticket_kinds: tuple[str, ...] = ()
    company_confirms: tuple[str, ...] = ()
