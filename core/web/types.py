"""What plugins add to the web console."""

from __future__ import annotations

import msgspec

from core.i18n import LocalizedText


class NavEntry(msgspec.Struct, frozen=True):
    """A link in the console's navigation; ``path`` is relative to ``/t/{slug}``."""

    id: str
    #: The label in each language; the core's own entries give a catalog message instead.
    label: LocalizedText | str
    path: str
    roles: tuple[str, ...] = ("admin", "manager", "agent", "technician", "viewer")
