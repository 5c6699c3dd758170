"""Call scripts (话术) that plugins and tenants declare."""

from __future__ import annotations

import msgspec

from core.i18n import LocalizedText


class ScriptTemplate(msgspec.Struct, frozen=True):
    """A call script, named ``<plugin>.<script>``: one Jinja2 text per locale.

    ``purpose`` says when it is used: ``greeting``, ``closing``, ``revisit``, ``follow_up``,
    ``on_site``, ``silent_line``, ``noisy_line``, ``notice`` …
    """

    id: str
    title: LocalizedText
    texts: LocalizedText
    purpose: str = "general"
