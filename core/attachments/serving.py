"""How a stored file is answered, to the API and to the console alike."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Response

from core.attachments.models import TicketAttachment


def file_response(row: TicketAttachment, data: bytes) -> Response[bytes]:
    """The file as it was stored: photos shown inline, documents downloaded; the browser may not
    guess another type, and the answer runs nothing (a sandboxing policy of its own)."""
    disposition = "inline" if row.content_type.startswith("image/") else "attachment"
    return Response(data, media_type=row.content_type, headers={
        "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(row.filename)}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
        "Cache-Control": "private, max-age=3600",
    })
