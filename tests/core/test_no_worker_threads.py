"""Nothing on a request's path hops to a worker thread (issue: performance): Litestar runs a plain
``def`` guard, before-request hook, dependency or handler in its thread pool, which costs a thread
hand-off and the GIL's contention on every request. CPU work that must leave the event loop is
sent to a pool on purpose (password hashing, template checks), not by accident."""

from __future__ import annotations

import inspect


def _sync(fn) -> bool:
    return not inspect.iscoroutinefunction(getattr(fn, "func", fn))


def test_every_guard_hook_dependency_and_handler_is_a_coroutine(shouhou_app):
    threaded = set()
    for route in shouhou_app.routes:
        for handler in getattr(route, "route_handlers", []):
            threaded |= {f"guard {getattr(g, 'func', g).__qualname__} on {route.path}"
                         for g in handler.resolve_guards() if _sync(g)}
            if handler.has_sync_callable and getattr(handler, "sync_to_thread", False):
                threaded.add(f"handler {handler.handler_name} on {route.path}")
            threaded |= {f"dependency {name} on {route.path}" for name, provide in handler.resolve_dependencies().items()
                         if provide.has_sync_callable and provide.sync_to_thread}
            if (hook := handler.resolve_before_request()) is not None and _sync(hook):
                threaded.add(f"before_request on {route.path}")
    assert not threaded, sorted(threaded)[:20]
