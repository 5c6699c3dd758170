"""Call scripts kept as files: a plugin's ``scripts/*.toml``."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import msgspec

from core.scripts.types import ScriptTemplate


@cache
def load_scripts(folder: Path) -> tuple[ScriptTemplate, ...]:
    """Every call script (``*.toml``) in ``folder``, in file-name order; read once."""
    return tuple(
        msgspec.convert(tomllib.loads(path.read_text("utf-8")), ScriptTemplate)
        for path in sorted(folder.glob("*.toml"))
    )
