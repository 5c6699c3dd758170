"""The plugin's declarative files: forms (``forms/*.json``) and call scripts (``scripts/*.toml``)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import msgspec

from core.forms.types import FormDefinition
from core.scripts.types import ScriptTemplate

HERE = Path(__file__).parent


@cache
def load_forms() -> tuple[FormDefinition, ...]:
    """Every form definition under ``forms/``, in file-name order."""
    return tuple(
        msgspec.json.decode(path.read_bytes(), type=FormDefinition)
        for path in sorted((HERE / "forms").glob("*.json"))
    )


@cache
def load_scripts() -> tuple[ScriptTemplate, ...]:
    """Every call script under ``scripts/``, in file-name order."""
    return tuple(
        msgspec.convert(tomllib.loads(path.read_text("utf-8")), ScriptTemplate)
        for path in sorted((HERE / "scripts").glob("*.toml"))
    )
