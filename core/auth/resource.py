"""The base of the API's controllers: a resource's path, its tag in the OpenAPI document, and who
may call it. Signed-in callers only unless the resource says otherwise, so a new controller cannot
be left open by forgetting a guard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from litestar import Controller
from litestar.types import Guard

from core.auth.guards import authenticated


class ApiResource(Controller):
    """A resource of the API below ``path``, listed under ``tag``. Its callers must be signed in
    (``authenticated``) unless ``guards`` narrow them (a role guard checks the sign-in too), or
    ``public`` leaves each operation to guard itself (signing up and logging in are open to
    anyone; logging out is not)::

        class ComplaintController(ApiResource, path="/api/v1/complaints", tag="complaints"): ...
        class WebhookController(ApiResource, path="/api/v1/webhooks", tag="webhooks",
                                guards=[requires_role("admin")]): ...
    """

    def __init_subclass__(cls, *, path: str, tag: str, guards: Sequence[Guard] = (), public: bool = False,
                          **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.path, cls.tags = path, [tag]
        cls.guards = list(guards) if guards or public else [authenticated]
