"""HTTP: a ticket's attachments under ``/api/v1/tickets/{ticket_id}/attachments``."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Request, Response, delete, get, post
from litestar.background_tasks import BackgroundTask
from litestar.enums import RequestEncodingType
from litestar.params import Body
from sqlalchemy.ext.asyncio import AsyncSession

from core.attachments import service
from core.attachments.models import TicketAttachment
from core.attachments.schemas import AttachmentRead, AttachmentUpload
from core.attachments.serving import file_response
from core.auth.guards import STAFF, requires_role
from core.auth.resource import ApiResource
from core.quotas import quotas_of
from tenants.context import TenantContext

#: The request may carry the file and its multipart framing, no more.
MAX_REQUEST = service.MAX_BYTES + 64 * 1024


def attachment_read(row: TicketAttachment) -> AttachmentRead:
    return msgspec.convert(row, AttachmentRead, from_attributes=True)


class AttachmentController(ApiResource, path="/api/v1/tickets/{ticket_id:uuid}/attachments", tag="tickets"):
    @post("/", guards=[requires_role(*STAFF)], request_max_body_size=MAX_REQUEST, opt={"errors": (413,)})
    async def upload(
        self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID,
        data: Annotated[AttachmentUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> AttachmentRead:
        """Attach a photo (JPEG, PNG, WebP) or a PDF to the ticket, at most 10 MiB; the type is
        read from the content (422 on ``file`` otherwise); 413 past the size or the company's
        storage quota."""
        content = await data.file.read(service.MAX_BYTES + 1)
        quota = quotas_of(ctx.tenant, request.app.state.settings).storage_mb
        row = await service.add(db, request.app.state.storage, ctx.tenant.id, quota, request.user, ticket_id,
                                data.file.filename or "file", content)
        return attachment_read(row)

    @get("/")
    async def list_attachments(self, db: AsyncSession, ticket_id: UUID) -> list[AttachmentRead]:
        """The ticket's files, oldest first."""
        return [attachment_read(row) for row in await service.of_ticket(db, ticket_id)]

    @get("/{attachment_id:uuid}", media_type="application/octet-stream")
    async def download(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID,
                       attachment_id: UUID) -> Response[bytes]:
        """The file itself, with the type its content proved to be."""
        row = await service.get(db, ticket_id, attachment_id)
        return file_response(row, await request.app.state.storage.read(ctx.tenant.id, row.id))

    @delete("/{attachment_id:uuid}", guards=[requires_role(*STAFF)], status_code=204)
    async def remove(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID,
                     attachment_id: UUID) -> Response[None]:
        """Remove a file (managers and the uploader; in the ticket's history); its bytes go once
        the removal is committed."""
        row = await service.remove(db, request.user, ticket_id, attachment_id)
        return Response(None, status_code=204,
                        background=BackgroundTask(request.app.state.storage.delete, ctx.tenant.id, row.id))
