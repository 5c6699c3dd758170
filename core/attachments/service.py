"""Adding, listing, reading and removing a ticket's attachments.

A file is accepted by what its bytes are, not by its name or the type the client claims
(``filetype`` reads the signature): JPEG, PNG and WebP photos and PDF documents, at most
:data:`MAX_BYTES` each and :data:`MAX_PER_TICKET` per ticket, within the tenant's storage quota
(413 past it). Every addition and removal is in the ticket's history.
"""

from __future__ import annotations

import hashlib
import unicodedata
from uuid import UUID

import filetype
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.attachments.models import TicketAttachment
from core.attachments.storage import Storage
from core.auth.guards import MANAGERS
from core.auth.principal import Principal
from core.db.advisory import hold
from core.db.lookup import get_or_404
from core.errors import Forbidden, Invalid, TooLarge
from core.i18n.translate import N_
from core.related import all_of
from core.tickets import history
from core.tickets.service import get_ticket

#: What an attachment may be, by the type its content proves.
ALLOWED = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP", "application/pdf": "PDF"}
MAX_BYTES = 10 * 1024 * 1024
MAX_PER_TICKET = 50
MAX_NAME = 200

EMPTY = N_("the file is empty")
TOO_BIG = N_("must be at most 10 MiB")
WRONG_TYPE = N_("must be a JPEG, PNG or WebP photo or a PDF document")
TOO_MANY = N_("a ticket holds at most 50 files")
QUOTA_FULL = N_("the company's attachment storage is full")
NOT_YOURS = N_("only a manager or the person who uploaded a file may remove it")


def clean_filename(name: str) -> str:
    """The last part of a client's file name, without control characters, at most 200 long."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    return base[:MAX_NAME] or "file"


async def storage_used(session: AsyncSession) -> int:
    """Bytes the session's tenant keeps in attachments."""
    return int(await session.scalar(select(func.coalesce(func.sum(TicketAttachment.size_bytes), 0))) or 0)


async def add(session: AsyncSession, storage: Storage, tenant_id: UUID, quota_mb: int, who: Principal,
              ticket_id: UUID, filename: str, data: bytes) -> TicketAttachment:
    """Check and keep one uploaded file on the ticket (404 for another tenant's ticket)."""
    ticket = await get_ticket(session, ticket_id)
    if not data:
        raise Invalid("file", EMPTY)
    if len(data) > MAX_BYTES:
        raise TooLarge("file", TOO_BIG)
    kind = filetype.guess(data)
    if kind is None or kind.mime not in ALLOWED:
        raise Invalid("file", WRONG_TYPE)
    await hold(session, "attachments", tenant_id)  # the counts below, then the insert: one upload at a time
    count = await session.scalar(select(func.count()).select_from(TicketAttachment)
                                 .where(TicketAttachment.ticket_id == ticket.id))
    if count >= MAX_PER_TICKET:
        raise Invalid("file", TOO_MANY)
    if await storage_used(session) + len(data) > quota_mb * 1024 * 1024:
        raise TooLarge("file", QUOTA_FULL)
    row = TicketAttachment(ticket_id=ticket.id, filename=clean_filename(filename), content_type=kind.mime,
                           size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(), uploaded_by=who.user_id)
    session.add(row)
    await session.flush()
    await history.record(session, ticket, who.user_id, "attachment_added", history.snapshot(ticket),
                         data={"attachment_id": row.id, "filename": row.filename})
    await storage.save(tenant_id, row.id, data)
    return row


async def of_ticket(session: AsyncSession, ticket_id: UUID) -> list[TicketAttachment]:
    """The ticket's files, oldest first (404 for another tenant's ticket)."""
    ticket = await get_ticket(session, ticket_id)
    return await all_of(session, TicketAttachment.ticket_id, ticket.id)


async def get(session: AsyncSession, ticket_id: UUID, attachment_id: UUID) -> TicketAttachment:
    """One file of the ticket (404 when it is not this ticket's or not this tenant's)."""
    return await get_or_404(session, TicketAttachment, attachment_id, "attachment",
                            where=(TicketAttachment.ticket_id == ticket_id,))


async def remove(session: AsyncSession, who: Principal, ticket_id: UUID, attachment_id: UUID) -> TicketAttachment:
    """Remove a file's record (its bytes go once the transaction has committed: the caller's
    job); managers and the uploader only."""
    row = await get(session, ticket_id, attachment_id)
    if who.role not in MANAGERS and row.uploaded_by != who.user_id:
        raise Forbidden(NOT_YOURS)
    ticket = await get_ticket(session, ticket_id)
    await session.delete(row)
    await history.record(session, ticket, who.user_id, "attachment_removed", history.snapshot(ticket),
                         data={"attachment_id": row.id, "filename": row.filename})
    return row
