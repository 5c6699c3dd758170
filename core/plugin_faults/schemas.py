"""Plugin faults as the API shows them."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec


class PluginFaultRead(msgspec.Struct):
    """A plugin hook that failed and was rolled back alone; the core's write stood."""

    id: UUID
    plugin: str
    hook: str
    event: str | None
    subject_id: UUID | None
    error: str
    message: str
    created_at: datetime
