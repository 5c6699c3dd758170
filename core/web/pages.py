"""Rendering a page of the tenant console: the layout needs the tenant and the navigation; a
posted form either saves and redirects, or comes back with its errors beside their fields."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Container, Sequence
from typing import Any, TypeVar

from litestar import Controller, Request, Response
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from core.web.forms import FormState
from core.web.nav import nav_links
from core.web.security import page_role, tenant_member
from core.web.templating import render, request_locale
from tenants.context import TenantContext

R = TypeVar("R")


class TenantPages(Controller):
    """A group of pages of a tenant's console: below ``/t/{slug}`` (``section`` is the rest of
    the path), opened only by signed-in members of that tenant (of ``roles`` when given: the
    others get the 403 page), and left out of the API's schema::

        class FinePages(TenantPages, section="/staff-fines", roles=MANAGERS): ...
    """

    include_in_schema = False
    #: The path below ``/t/{slug}``.
    section: str = ""

    def __init_subclass__(cls, *, section: str = "", roles: Sequence[str] | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.section = section
        cls.path = f"/t/{{tenant_slug:str}}{section}"
        # page_role checks the membership first (404 for another tenant's slug), then the role.
        cls.guards = [tenant_member] if roles is None else [page_role(*roles)]


def tenant_page(request: Request, ctx: TenantContext, name: str, status_code: int = 200, **context: Any) -> Response:
    """Render ``name`` inside the console layout of the caller's tenant."""
    user = request.user
    nav = nav_links(ctx.hooks, ctx.tenant.slug, user.role, request_locale(request), request.url.path)
    return render(request, name, status_code, nav=nav, tenant=ctx.tenant, **context)


async def discard(db: AsyncSession, ctx: TenantContext) -> None:
    """Roll back a half-applied change before a form comes back with its errors (the tenant row
    is read again: the layout needs it)."""
    await db.rollback()
    await db.refresh(ctx.tenant)


def see_other(url: str) -> Redirect:
    """Post/Redirect/Get: a 303 to ``url``."""
    return Redirect(url, status_code=303)


async def save_form(db: AsyncSession, ctx: TenantContext, state: FormState, command: Awaitable[R] | None, *,
                    to: str | Callable[[R], str], again: Callable[[FormState], Awaitable[Response]],
                    passthrough: Container[int] = ()) -> Response:
    """The flow of a posted console form. ``command`` is the service call (``None`` when the form
    already failed, its errors in ``state``): when it succeeds and ``state`` holds no error, a 303
    to ``to`` (a URL, or a function of the command's result giving one). Otherwise the
    half-applied change is rolled back and ``again(state)`` shows the page again, each error beside
    its field. A service error whose status is in ``passthrough`` (a 403, a 404) goes to the error
    page instead."""
    if command is not None:
        try:
            result = await command
        except DomainError as exc:
            if exc.status_code in passthrough:
                raise
            state.fail(exc)
        else:
            if state.ok:
                return see_other(to(result) if callable(to) else to)
    await discard(db, ctx)
    return await again(state)


async def run_action(db: AsyncSession, ctx: TenantContext, command: Awaitable[R], *, to: str | Callable[[R], str],
                     again: Callable[[DomainError], Awaitable[Response]],
                     passthrough: Container[int] = ()) -> Response:
    """The flow of a console button (a step, a confirmation) that has no fields of its own: when
    ``command`` succeeds, a 303 to ``to`` (a URL, or a function of the command's result giving
    one); when the service refuses it, the half-applied change is rolled back and
    ``again(error)`` shows the page again with the reason. A service error whose status is in
    ``passthrough`` goes to the error page instead."""
    try:
        result = await command
    except DomainError as exc:
        if exc.status_code in passthrough:
            raise
        await discard(db, ctx)
        return await again(exc)
    return see_other(to(result) if callable(to) else to)


def alert(message: str) -> FormState:
    """A form-less error shown at the top of the page (the ``""`` field)."""
    return FormState(errors={"": message})


def first_reason(exc: DomainError) -> str:
    """What a refused action shows: the first field's reason, else the error's detail."""
    return exc.errors[0][1] if exc.errors else exc.detail
