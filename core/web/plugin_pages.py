"""Plugin pages in the console: handlers of ``shouhou_page_routes`` are mounted at
``/t/{slug}/p/<plugin>/…`` (404 for tenants that have not enabled the plugin, as for the plugin
API), and the directories of ``shouhou_template_dirs`` join the template loader under the plugin's
name, so a plugin renders ``"<plugin>/<file>.html"`` inside the console layout."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from litestar import Router

from core.web.security import tenant_member

log = logging.getLogger(__name__)

#: Where each plugin's pages are mounted: ``/t/{slug}/p/<plugin>``.
PLUGIN_PAGE_PREFIX = "/t/{tenant_slug:str}/p"

#: ``((plugin name, (directory, …)), …)``: hashable, so that environments can be cached on it.
PluginTemplateDirs = tuple[tuple[str, tuple[str, ...]], ...]


def plugin_page_routers(plugins, enabled_guard: Callable[[str], Callable]) -> list[Router]:
    """One router per plugin implementing ``shouhou_page_routes``, guarded by tenant membership
    (login, and 404 for another tenant's slug) and by ``enabled_guard(plugin)`` (404 when the
    tenant has not enabled it). A plugin whose hook raises is logged and left out."""
    routers = []
    for impl in plugins.pm.hook.shouhou_page_routes.get_hookimpls():
        name = impl.plugin_name
        try:
            handlers = list(impl.function() or [])
        except Exception:
            log.exception("plugin %s failed in shouhou_page_routes", name)
            continue
        if handlers:
            routers.append(Router(
                path=f"{PLUGIN_PAGE_PREFIX}/{name}", route_handlers=handlers,
                guards=[tenant_member, enabled_guard(name)], include_in_schema=False,
            ))
    return routers


def plugin_template_dirs(plugins) -> PluginTemplateDirs:
    """The template directories every installed plugin declares, by plugin name. Pages decide
    who may open them; the loader only finds the files."""
    found: dict[str, list[str]] = {}
    for impl in plugins.pm.hook.shouhou_template_dirs.get_hookimpls():
        try:
            dirs = impl.function() or []
        except Exception:
            log.exception("plugin %s failed in shouhou_template_dirs", impl.plugin_name)
            continue
        found.setdefault(impl.plugin_name, []).extend(str(Path(d)) for d in dirs)
    return tuple(sorted((name, tuple(dirs)) for name, dirs in found.items() if dirs))
