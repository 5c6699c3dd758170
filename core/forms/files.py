"""Form definitions kept as files: a plugin's ``forms/*.json``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import msgspec

from core.forms.types import FormDefinition


@cache
def load_forms(folder: Path) -> tuple[FormDefinition, ...]:
    """Every form definition (``*.json``) in ``folder``, in file-name order; read once."""
    return tuple(
        msgspec.json.decode(path.read_bytes(), type=FormDefinition) for path in sorted(folder.glob("*.json"))
    )
