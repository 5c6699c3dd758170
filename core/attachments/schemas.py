"""Wire types of attachments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import msgspec
from litestar.datastructures import UploadFile


@dataclass
class AttachmentUpload:
    """``multipart/form-data``: the file (a JPEG, PNG or WebP photo or a PDF, at most 10 MiB)."""

    file: UploadFile


class AttachmentRead(msgspec.Struct):
    id: UUID
    ticket_id: UUID
    filename: str
    #: The type the file's content proved to be (not what the client said).
    content_type: str
    size_bytes: int
    sha256: str
    uploaded_by: UUID
    created_at: datetime
