"""Tenant administration pages: the plugin catalogue with settings, users and roles, the
company profile."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

import msgspec
from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import queries as user_queries
from core.auth import service as auth_service
from core.auth.positions import POSITIONS
from core.auth.roles import ROLES
from core.auth.schemas import UserCreate, UserUpdate
from core.errors import DomainError
from core.i18n import pick
from core.plugin_faults import service as fault_service
from core.plugin_faults.schemas import PluginFaultRead
from core.web.forms import INVALID, FormState, convert, field_of, read_form
from core.web.pages import TenantPages, save_form, tenant_page
from core.web.profile import WHILE_SUSPENDED, profile_page
from core.web.security import page_role
from core.web.settings_form import SettingsField, display_values, parse_values, settings_fields
from core.web.templating import request_locale
from tenants import service as tenant_service
from tenants.context import TenantContext
from tenants.schemas import TenantUpdate

ADMIN_ONLY = [page_role("admin")]
#: How many users the users page lists at a time (newest first, as ``GET /api/v1/users``).
USERS_SHOWN = 200


@dataclass
class PluginCard:
    """One installed plugin as the catalogue shows it."""

    name: str
    title: str
    description: str
    version: str
    enabled: bool
    asset_types: list[str]
    forms: list[str]
    scripts: list[str]
    fields: list[SettingsField]
    form: FormState = field(default_factory=FormState)
    #: How many of its hooks failed for this tenant (each rolled back alone), and the newest.
    fault_count: int = 0
    last_fault: PluginFaultRead | None = None


def _labels(items: list, attr: str, locale: str) -> list[str]:
    return [pick(getattr(item, attr), locale) for item in items]


async def plugin_cards(request: Request, db: AsyncSession, locale: str) -> list[PluginCard]:
    manager = request.app.state.plugins
    everything = manager.for_tenant(manager.names)
    asset_types = everything.collect_by_plugin("shouhou_asset_types")
    forms = everything.collect_by_plugin("shouhou_forms")
    scripts = everything.collect_by_plugin("shouhou_scripts")
    rows = {row.plugin: row for row in await tenant_service.enablements(db)}
    faults = await fault_service.latest_by_plugin(db)
    cards = []
    for name in manager.names:
        info = manager.infos[name]
        row = rows.get(name)
        fields = settings_fields(manager.settings_schema(name), locale)
        current = msgspec.to_builtins(manager.parse_settings(name, row.settings if row else {}))
        cards.append(
            PluginCard(
                name=name,
                title=pick(info.title, locale),
                description=pick(info.description, locale),
                version=info.version,
                enabled=bool(row and row.enabled),
                asset_types=_labels(asset_types.get(name, []), "label", locale),
                forms=_labels(forms.get(name, []), "title", locale),
                scripts=_labels(scripts.get(name, []), "title", locale),
                fields=fields,
                form=FormState(values=display_values(fields, current), prefix=f"{name}-"),
                fault_count=faults[name][0] if name in faults else 0,
                last_fault=msgspec.convert(faults[name][1], PluginFaultRead, from_attributes=True)
                if name in faults else None,
            )
        )
    return cards


class AdminPages(TenantPages, section="/admin"):
    """``/t/{slug}/admin/…``: for the tenant's admins."""

    @get("/plugins", guards=ADMIN_ONLY)
    async def plugins(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The plugin catalogue: what each plugin adds, enable or disable it, its settings."""
        cards = await plugin_cards(request, db, request_locale(request))
        return tenant_page(request, ctx, "admin/plugins.html", cards=cards)

    @post("/plugins/{name:str}", guards=ADMIN_ONLY)
    async def set_plugin(self, request: Request, db: AsyncSession, ctx: TenantContext, name: str) -> Response:
        """Enable or disable a plugin (``enabled`` = ``1`` or ``0``), or save its settings."""
        manager = request.app.state.plugins
        if name not in manager.names:
            raise NotFoundException("no such plugin")
        values = await read_form(request)
        fields = settings_fields(manager.settings_schema(name), request_locale(request))
        state = FormState(values=values)
        if values.get("action") == "settings":
            settings, state.errors = parse_values(fields, values, request_locale(request))
            enabled = True
        else:
            settings, enabled = None, values.get("enabled") == "1"
        if state.ok:
            try:
                await tenant_service.set_plugin(db, manager, name, enabled, settings)
            except DomainError as exc:
                state.fail(exc)
        if state.ok:
            return Redirect(f"/t/{ctx.tenant.slug}/admin/plugins#plugin-{name}", status_code=303)
        cards = await plugin_cards(request, db, request_locale(request))
        for card in cards:
            if card.name == name:
                state.prefix = card.form.prefix
                card.form = state
        return tenant_page(request, ctx, "admin/plugins.html", status_code=422, cards=cards)

    @get("/users", guards=ADMIN_ONLY)
    async def users(self, request: Request, db: AsyncSession, ctx: TenantContext,
                    cursor: str | None = None) -> Response:
        """The tenant's users, newest first (the API's list), and a form to add one with a role."""
        return await self._users_page(request, db, ctx, FormState(values={"role": "agent"}), cursor=cursor)

    @post("/users", guards=ADMIN_ONLY)
    async def create_user(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Add a user with a role."""
        values = await read_form(request)
        state = FormState(values={k: v for k, v in values.items() if k != "password"})
        data = convert(values, UserCreate, state)
        return await save_form(
            db, ctx, state, auth_service.create_user(db, data) if data is not None else None,
            to=f"/t/{ctx.tenant.slug}/admin/users",
            again=lambda state: self._users_page(request, db, ctx, state, status_code=422),
        )

    async def _users_page(
        self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState, status_code: int = 200,
        cursor: str | None = None,
    ) -> Response:
        users, next_cursor = await user_queries.user_page(db, limit=USERS_SHOWN, cursor=cursor)
        return tenant_page(
            request, ctx, "admin/users.html", status_code=status_code, users=users, next_cursor=next_cursor,
            roles=ROLES, positions=POSITIONS, form=form,
        )

    @get("/users/{user_id:uuid}", guards=ADMIN_ONLY)
    async def user(self, request: Request, db: AsyncSession, ctx: TenantContext, user_id: UUID) -> Response:
        """One user's name, role, position, employee number and whether they may log in."""
        user = await user_queries.get_user(db, user_id)
        values = {"name": user.name, "role": user.role, "position": user.position or "",
                  "employee_no": user.employee_no or "", "is_active": "on" if user.is_active else ""}
        return self._user_page(request, ctx, user, FormState(values=values))

    @post("/users/{user_id:uuid}", guards=ADMIN_ONLY)
    async def update_user(self, request: Request, db: AsyncSession, ctx: TenantContext, user_id: UUID) -> Response:
        """Save the changes; an empty position or employee number clears it."""
        user = await user_queries.get_user(db, user_id)
        values = await read_form(request)
        state = FormState(values=values)
        body = {"name": values.get("name", ""), "role": values.get("role", ""),
                "position": values.get("position") or None, "employee_no": values.get("employee_no") or None,
                "is_active": values.get("is_active") == "on"}
        try:
            data = msgspec.convert(body, UserUpdate)
            await auth_service.update_user(db, user.id, data)
        except msgspec.ValidationError as exc:
            state.errors[field_of(exc)] = INVALID
        except DomainError as exc:
            state.fail(exc)
        else:
            return Redirect(f"/t/{ctx.tenant.slug}/admin/users", status_code=303)
        return self._user_page(request, ctx, user, state, status_code=422)

    def _user_page(self, request: Request, ctx: TenantContext, user, form: FormState,
                   status_code: int = 200) -> Response:
        return tenant_page(request, ctx, "admin/user.html", status_code=status_code, user=user, roles=ROLES,
                           positions=POSITIONS, form=form)

    @get("/profile", guards=ADMIN_ONLY, opt=WHILE_SUSPENDED)
    async def profile(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The company profile: name, province, time zone, language; its quotas; its deletion."""
        return await profile_page(request, db, ctx)

    @post("/profile", guards=ADMIN_ONLY)
    async def update_profile(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Save the company profile."""
        values = await read_form(request)
        state = FormState(values=values)
        data = convert(values, TenantUpdate, state)
        return await save_form(
            db, ctx, state, tenant_service.update_tenant(db, ctx.tenant.id, data) if data is not None else None,
            to=f"/t/{ctx.tenant.slug}/admin/profile?saved=1",
            again=lambda state: profile_page(request, db, ctx, status_code=422, form=state),
        )
