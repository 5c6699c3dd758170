"""The declarations every plugin makes the same way, written once: who it is, its settings
type, the forms of its ``forms/`` folder and the call scripts of its ``scripts/`` folder."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
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
    plugin module assigns to the hook names (all four at once with :meth:`hooks`), and
    :meth:`tenant_settings` reads the plugin's own settings out of the mapping hooks receive."""

    name: str
    version: str
    title: LocalizedText
    description: LocalizedText
    folder: Path
    settings: type[msgspec.Struct] = EmptySettings
    core_requires: str = ">=0.1,<1"

    def hooks(self) -> tuple[Callable[[], Any], ...]:
        """``shouhou_plugin_info, shouhou_settings_schema, shouhou_forms, shouhou_scripts``, in that
        order, for a plugin module to assign to those names."""
        return self.plugin_info_hook, self.settings_schema_hook, self.forms_hook, self.scripts_hook

    def declare(self, items: Iterable[Any]) -> Callable[[], list]:
        """A declaration hook (``shouhou_asset_types``, ``shouhou_complaint_routing``…) answering
        ``items``, fixed when the plugin is imported."""
        fixed = list(items)

        @hookimpl
        def declaration() -> list:
            return list(fixed)

        return declaration

    def declare_later(self, module: str, attribute: str) -> Callable[[], list]:
        """A declaration hook answering the list ``module.attribute``, imported when the hook is
        first called (controllers and pages load the core's web layer, which a plugin module
        must not pull in when it is imported)."""

        @hookimpl
        def declaration() -> list:
            value = getattr(importlib.import_module(module), attribute)
            return list(value) if isinstance(value, list | tuple) else [value]

        return declaration

    def pages(self, module: str) -> tuple[Callable[[], list], Callable[[], list], Callable[[], list]]:
        """``shouhou_page_routes, shouhou_template_dirs, shouhou_nav_entries``, in that order, from
        the plugin's pages ``module`` (its ``PAGE_ROUTES``, ``TEMPLATE_DIR`` and ``NAV_ENTRIES``),
        imported when first asked."""
        return (self.declare_later(module, "PAGE_ROUTES"), self.declare_later(module, "TEMPLATE_DIR"),
                self.declare_later(module, "NAV_ENTRIES"))

    def with_settings(self, build: Callable[[Any], Any]) -> Callable[[Any], Any]:
        """A hook taking ``settings`` (``shouhou_warranty_tables``, ``shouhou_revisit_rules``,
        ``shouhou_sla_defaults``…) that answers ``build(this plugin's settings)``."""

        @hookimpl
        def from_settings(settings: Any) -> Any:
            return build(self.tenant_settings(settings))

        return from_settings

    def decides(self, own_types: Iterable[str], decide: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
        """``shouhou_warranty_decision`` for the claims on ``own_types``: ``decide(claim, this
        plugin's settings)``; ``None`` (another plugin's claim) for every other asset type."""
        return self._own_claims(own_types, decide)

    def charges(self, own_types: Iterable[str], charge: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
        """``shouhou_service_charge`` for the claims on ``own_types``: ``charge(claim, this plugin's
        settings)`` (a ``Charge``); ``None`` (another plugin's claim) for every other asset type."""
        return self._own_claims(own_types, charge)

    def _own_claims(self, own_types: Iterable[str], answer: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
        """A hook taking ``claim`` and ``settings`` that answers only the claims on ``own_types``."""
        mine = frozenset(own_types)

        @hookimpl
        def own_claim(claim: Any, settings: Any) -> Any:
            if claim.asset_type not in mine:
                return None
            return answer(claim, self.tenant_settings(settings))

        return own_claim

    def validates(
        self, own_types: Iterable[str], check: Callable[[dict, Any], list],
    ) -> Callable[[Any, Any, Any], list | None]:
        """``shouhou_validate_asset`` for the assets of ``own_types``: ``check(attributes, this
        plugin's settings)``, a list of ``(field, message)`` problems (``attributes`` is ``{}`` when
        the asset has none); ``None`` (another plugin's asset) for every other asset type."""
        mine = frozenset(own_types)

        @hookimpl
        def validate(asset_type: Any, attributes: Any, settings: Any) -> list | None:
            if asset_type not in mine:
                return None
            return check(attributes or {}, self.tenant_settings(settings))

        return validate

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
