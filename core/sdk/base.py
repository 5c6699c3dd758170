"""The declarations every plugin makes the same way, written once: who it is, its settings
type, the forms of its ``forms/`` folder and the call scripts of its ``scripts/`` folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from core.forms.files import load_forms
from core.hookspecs import hookimpl
from core.i18n import LocalizedText
from core.plugins import EmptySettings, PluginInfo, plugin_settings
from core.scripts.files import load_scripts


@dataclass(frozen=True)
class PluginBase:
    """A plugin's identity and folder. Its bound ``*_hook`` methods are hook implementations a
    plugin module assigns to the hook names (``shouhou_forms = BASE.forms_hook``), and
    :meth:`tenant_settings` reads the plugin's own settings out of the mapping hooks receive."""

    name: str
    version: str
    title: LocalizedText
    description: LocalizedText
    folder: Path
    settings: type[msgspec.Struct] = EmptySettings
    core_requires: str = ">=0.1,<1"

    def tenant_settings(self, settings: Any) -> Any:
        """This plugin's settings out of the per-plugin mapping hooks receive (defaults if none)."""
        return plugin_settings(settings, name=self.name, cls=self.settings)

    @hookimpl
    def plugin_info_hook(self) -> PluginInfo:
        """Who this plugin is and which core versions it works with."""
        return PluginInfo(
            name=self.name, version=self.version, title=self.title, description=self.description,
            core_requires=self.core_requires,
        )

    @hookimpl
    def settings_schema_hook(self) -> type[msgspec.Struct]:
        """The ``msgspec.Struct`` class of the plugin's tenant settings."""
        return self.settings

    @hookimpl
    def forms_hook(self) -> list:
        """The form definitions of the plugin's ``forms/*.json`` (one a file)."""
        return list(load_forms(self.folder / "forms"))

    @hookimpl
    def scripts_hook(self) -> list:
        """The call scripts of the plugin's ``scripts/*.toml`` (one a file)."""
        return list(load_scripts(self.folder / "scripts"))
