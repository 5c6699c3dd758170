"""The plugin manager: entry-point loading, per-tenant hook callers and fault isolation."""

from __future__ import annotations

import inspect
import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cached_property
from importlib.metadata import entry_points
from typing import Any, TypeVar

import msgspec
import pluggy
import structlog
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from core import hookspecs
from core.errors import PluginFailed
from core.i18n import LocalizedText
from core.observability.metrics import PLUGIN_REACTION_FAILURES

log = logging.getLogger(__name__)
#: Faults of plugin hooks, logged with the plugin's and the hook's names as fields.
fault_log = structlog.get_logger("shouhou.plugins")

ENTRY_POINT_GROUP = "shouhou.plugins"
CORE_VERSION = "0.1.0"
#: The built-in core plugin is always enabled and registered first so industry plugins win.
CORE_PLUGIN = "core"

S = TypeVar("S", bound=msgspec.Struct)


class PluginInfo(msgspec.Struct, frozen=True):
    """Who a plugin is. ``core_requires`` is a version specifier such as ``">=0.1,<1"``."""

    name: str
    version: str
    title: LocalizedText
    description: LocalizedText
    core_requires: str = ">=0.1"


class EmptySettings(msgspec.Struct, frozen=True):
    """Settings of a plugin that declares none."""


class SettingError(ValueError):
    """Raised by a plugin's settings ``__post_init__`` for a value its type cannot check alone
    (a pattern RE2 cannot run, say): ``field`` names the setting, the message says why; saving
    the settings answers 422 at ``settings.<field>``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def setting_label(zh_hans: str, en: str, *, hint_zh_hans: str = "", hint_en: str = "") -> msgspec.Meta:
    """A settings field's label in both languages, for the settings form the console generates
    from the schema (``x-label``), and an optional hint shown under the field (``x-hint``)::

        warranty_months: Annotated[Months, setting_label("保修期（月）", "Warranty (months)")] = 12
    """
    extra: dict = {"x-label": {"zh_Hans": zh_hans, "en": en}}
    if hint_zh_hans or hint_en:
        extra["x-hint"] = {"zh_Hans": hint_zh_hans or hint_en, "en": hint_en or hint_zh_hans}
    return msgspec.Meta(extra_json_schema=extra)


def plugin_settings(settings: Mapping[str, object] | None, name: str, cls: type[S]) -> S:
    """A plugin's own settings out of the per-plugin mapping hooks receive (``ctx.settings``);
    the defaults of ``cls`` when the tenant set none. Raw mappings and other Structs are
    converted, so a hook may be called with plain data (tests, scripts)."""
    mine = (settings or {}).get(name)
    if isinstance(mine, cls):
        return mine
    if isinstance(mine, msgspec.Struct):
        mine = msgspec.structs.asdict(mine)
    return msgspec.convert(mine or {}, cls, strict=False)


class LoadFailure(msgspec.Struct, frozen=True):
    name: str
    error: str


class HookFault(msgspec.Struct, frozen=True):
    """A plugin hook implementation that raised: whose, which hook, the error's type and message."""

    plugin: str
    hook: str
    error: str
    message: str


class PluginManager:
    """One per app. Wraps a ``pluggy.PluginManager`` and knows each plugin's info and settings."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager("shouhou")
        self.pm.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}
        self.failures: list[LoadFailure] = []
        self.reaction_errors: Counter[str] = Counter()
        self._callers: dict[frozenset[str], TenantHooks] = {}
        #: Counts registrations and removals: what is cached per tenant from the plugins (parsed
        #: settings) is keyed by it.
        self.generation = 0

    # -- loading ---------------------------------------------------------------------------

    def register(self, plugin: Any, name: str) -> bool:
        """Register one plugin object; refuse it (recorded in ``failures``) when it is broken
        or needs another core version. Returns whether it was registered."""
        try:
            info_fn = getattr(plugin, "shouhou_plugin_info", None)
            info = info_fn() if info_fn else PluginInfo(name, "0", {"en": name}, {"en": ""})
            try:
                spec = SpecifierSet(info.core_requires)
            except InvalidSpecifier as exc:
                raise ValueError(f"invalid core_requires {info.core_requires!r}") from exc
            if Version(CORE_VERSION) not in spec:
                raise ValueError(f"needs Shouhou core {info.core_requires}, this is {CORE_VERSION}")
            self.pm.register(plugin, name=name)
            self.pm.check_pending()
        except Exception as exc:  # a broken plugin must not take the server down
            if self.pm.is_registered(plugin):
                self.pm.unregister(plugin)
            log.error("plugin %s refused: %s", name, exc)
            self.failures.append(LoadFailure(name=name, error=str(exc)))
            return False
        self.infos[name] = info
        self._forget()
        return True

    def unregister(self, name: str) -> None:
        plugin = self.pm.get_plugin(name)
        if plugin is not None:
            self.pm.unregister(plugin)
        self.infos.pop(name, None)
        self._forget()

    def _forget(self) -> None:
        """Drop what was derived from the set of registered plugins."""
        self._callers.clear()
        self.__dict__.pop("settings_types", None)
        self.generation += 1

    def load_entrypoints(self, only: Iterable[str] | None = None) -> None:
        """Load every plugin of the ``shouhou.plugins`` entry-point group, one at a time, so that
        one that fails to import is reported and skipped."""
        wanted = set(only) if only is not None else None
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if (wanted is not None and ep.name not in wanted) or self.pm.has_plugin(ep.name):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:
                log.error("plugin %s failed to load: %s", ep.name, exc)
                self.failures.append(LoadFailure(name=ep.name, error=f"{type(exc).__name__}: {exc}"))
                continue
            self.register(plugin, ep.name)

    # -- what is installed -----------------------------------------------------------------

    @property
    def names(self) -> list[str]:
        """Installed industry plugins (the always-on core plugin excluded), sorted."""
        return sorted(n for n in self.infos if n != CORE_PLUGIN)

    @cached_property
    def settings_types(self) -> dict[str, type[msgspec.Struct]]:
        types: dict[str, type[msgspec.Struct]] = {}
        for name in self.infos:
            fn = getattr(self.pm.get_plugin(name), "shouhou_settings_schema", None)
            types[name] = (fn() if fn else None) or EmptySettings
        return types

    def settings_schema(self, name: str) -> dict:
        """The JSON Schema of a plugin's settings."""
        return msgspec.json.schema(self.settings_types[name])

    def parse_settings(self, name: str, raw: dict | None) -> msgspec.Struct:
        """Validate raw settings against the plugin's schema (``msgspec.ValidationError`` if not)."""
        return msgspec.convert(raw or {}, self.settings_types[name], strict=False)

    # -- per-tenant callers ----------------------------------------------------------------

    def for_tenant(self, enabled: Iterable[str]) -> TenantHooks:
        """A hook caller reaching only the core plugin and the ``enabled`` plugins."""
        key = frozenset(n for n in enabled if n in self.infos) | {CORE_PLUGIN}
        caller = self._callers.get(key)
        if caller is None:
            caller = self._callers[key] = TenantHooks(self, key)
        return caller


class TenantHooks:
    """Hook calls restricted to one enabled set. ``hooks.shouhou_forms()`` returns the results of
    enabled plugins only; :meth:`collect` flattens declaration lists; :meth:`react` isolates
    faults."""

    def __init__(self, manager: PluginManager, enabled: frozenset[str]) -> None:
        self.manager = manager
        self.enabled = enabled
        self._removed = [p for n, p in manager.pm.list_name_plugin() if n not in enabled]
        self._hooks: dict[str, Any] = {}

    def __getattr__(self, hook_name: str) -> Any:
        if not hook_name.startswith("shouhou_"):
            raise AttributeError(hook_name)
        caller = self._hooks.get(hook_name)
        if caller is None:
            caller = self._hooks[hook_name] = self.manager.pm.subset_hook_caller(
                hook_name, remove_plugins=self._removed
            )
        return caller

    def collect(self, hook_name: str, **kwargs: Any) -> list[Any]:
        """Call a declaration hook and flatten the lists its implementations return."""
        items: list[Any] = []
        for result in getattr(self, hook_name)(**kwargs):
            if isinstance(result, list | tuple):
                items.extend(result)
            elif result is not None:
                items.append(result)
        return items

    def collect_by_plugin(self, hook_name: str, **kwargs: Any) -> dict[str, list[Any]]:
        """Like :meth:`collect`, keyed by the plugin that declared each item."""
        out: dict[str, list[Any]] = {}
        for impl in self._impls(hook_name):
            result = impl.function(**{a: kwargs[a] for a in impl.argnames if a in kwargs})
            if result is None:
                continue
            out.setdefault(impl.plugin_name, []).extend(
                result if isinstance(result, list | tuple) else [result]
            )
        return out

    def collect_namespaced(self, hook_name: str, kind: str, **kwargs: Any) -> dict[str, Any]:
        """Like :meth:`collect_by_plugin`, by each item's ``id``, keeping only the items a plugin
        names ``<plugin>.<name>``: one outside its namespace could shadow another plugin's or the
        tenant's, so it is ignored with a warning naming it as a ``kind`` (form, script…)."""
        items: dict[str, Any] = {}
        for plugin, declared in self.collect_by_plugin(hook_name, **kwargs).items():
            for item in declared:
                if not item.id.startswith(f"{plugin}."):
                    log.warning("plugin %s declares %s %r outside its namespace: ignored", plugin, kind, item.id)
                    continue
                items[item.id] = item
        return items

    async def react(self, hook_name: str, *, session: Any = None, **kwargs: Any) -> list[HookFault]:
        """Call a reaction hook on each enabled plugin in turn; sync or async implementations.
        With ``session`` (an ``AsyncSession``), each plugin runs in its own SAVEPOINT: one that
        raises is rolled back alone, and neither the core's write nor another plugin's is lost.
        Each failure is logged with the plugin's name, counted, and returned (the caller records
        it for the tenant's admin); the other plugins still run."""
        faults: list[HookFault] = []
        for impl in self._impls(hook_name):
            try:
                if session is None:
                    await _call(impl, kwargs)
                else:
                    async with session.begin_nested():
                        await _call(impl, kwargs)
            except Exception as exc:
                faults.append(self.fault(impl.plugin_name, hook_name, exc))
        return faults

    def fault(self, plugin: str, hook_name: str, exc: BaseException) -> HookFault:
        """Log (with the traceback) and count a plugin's failure in a hook."""
        self.manager.reaction_errors[plugin] += 1
        PLUGIN_REACTION_FAILURES.labels(plugin=plugin, hook=hook_name).inc()
        fault_log.error("plugin hook failed", plugin=plugin, hook=hook_name, error=type(exc).__name__,
                        exc_info=exc)
        return HookFault(plugin=plugin, hook=hook_name, error=type(exc).__name__, message=str(exc) or repr(exc))

    def first_answer(self, hook_name: str, **kwargs: Any) -> tuple[str, Any] | None:
        """Call a decision hook as pluggy's ``firstresult`` does, and say which enabled plugin
        answered: ``(plugin_name, result)``, or ``None`` when none did. An exception with a
        ``field`` (a :class:`core.warranty.problems.ClaimProblem`) is the plugin's answer that the
        input cannot be decided, and reaches the caller as it is; any other exception is a bug in
        the plugin: logged and counted against it, and raised as :class:`core.errors.PluginFailed`
        (a 500)."""
        for impl in self._impls(hook_name):
            if impl.wrapper or impl.hookwrapper:
                continue
            try:
                result = impl.function(**{a: kwargs[a] for a in impl.argnames if a in kwargs})
            except Exception as exc:
                if getattr(exc, "field", None) is not None:
                    raise
                fault = self.fault(impl.plugin_name, hook_name, exc)
                raise PluginFailed(fault.plugin, fault.hook, fault.error, fault.message) from exc
            if result is not None:
                return impl.plugin_name, result
        return None

    def _impls(self, hook_name: str) -> list[Any]:
        hook = getattr(self.manager.pm.hook, hook_name)
        # pluggy keeps impls in call order reversed (last registered first); keep its order.
        return [i for i in reversed(hook.get_hookimpls()) if i.plugin_name in self.enabled]


async def _call(impl: Any, kwargs: dict[str, Any]) -> None:
    """Call one hook implementation with the arguments it accepts; await it if it is async."""
    result = impl.function(**{a: kwargs[a] for a in impl.argnames if a in kwargs})
    if inspect.isawaitable(result):
        await result
