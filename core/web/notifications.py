"""The notification templates page: every kind of message with its wording in zh_Hans and en,
editable per locale with a preview, and errors beside the field that caused them."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from core.notifications import queries, service
from core.notifications.templates import KINDS, LOCALES, check_template, kind_of
from core.web.forms import FormState, read_form
from core.web.pages import TenantPages, discard, tenant_page
from tenants.context import TenantContext

#: The core channels the page configures, and their settings.
PAGE_CHANNELS = {"sms": ("url", "token"), "wecom": ("url",), "dingtalk": ("url", "secret")}
#: Form fields never shown back (a blank one keeps the saved value).
SECRET_FIELDS = frozenset({"sms_token", "dingtalk_secret"})
#: Channels that can reach staff.
STAFF_CHOICES = ("email", "wecom", "dingtalk")


def channel_values(saved) -> dict:
    """The form's values for saved settings (secrets left out)."""
    values = {f"{name}_{key}": saved.channels.get(name, {}).get(key, "")
              for name, keys in PAGE_CHANNELS.items() for key in keys if f"{name}_{key}" not in SECRET_FIELDS}
    values["customer_channel"] = saved.customer_channel
    values.update({f"staff_{name}": "on" for name in saved.staff_channels})
    return values


class NotificationPages(TenantPages, section="/admin/notifications", roles=("admin",)):
    """``/t/{slug}/admin/notifications``: for the tenant's admins."""

    @get("/")
    async def index(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Every kind of message, its audience and its wording in force per locale."""
        kinds = await queries.all_kinds(db)
        return tenant_page(request, ctx, "admin/notifications.html", kinds=kinds)

    @get("/channels")
    async def channels(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The SMS gateway, the group robots, and which channels reach customers and staff."""
        saved = await service.load_settings(db)
        return self._channels_page(request, ctx, saved, FormState(values=channel_values(saved)))

    @post("/channels")
    async def save_channels(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Save the channels; a blank token or secret keeps the saved one. A refused address comes
        back with the error beside its field (422)."""
        saved = await service.load_settings(db)
        values = await read_form(request)
        form = FormState(values={k: v for k, v in values.items() if k not in SECRET_FIELDS})
        channels = {name: dict(config) for name, config in saved.channels.items() if name not in PAGE_CHANNELS}
        for name, keys in PAGE_CHANNELS.items():
            config = {key: values.get(f"{name}_{key}", "").strip() for key in keys}
            if not config["url"]:
                continue
            for key in keys:
                if f"{name}_{key}" in SECRET_FIELDS and not config[key]:
                    config[key] = saved.channels.get(name, {}).get(key, "")
            channels[name] = {key: value for key, value in config.items() if value}
        staff = [name for name in STAFF_CHOICES if values.get(f"staff_{name}") == "on"]
        allow = request.app.state.settings.notifications_allow_private_addresses
        try:
            await service.save_settings(db, ctx, channels, values.get("customer_channel", "sms"), staff,
                                        allow_private=allow)
        except DomainError as exc:
            for field, message in exc.errors or [("", exc.detail)]:
                form.errors.setdefault(field.removeprefix("channels.").replace(".", "_"), message)
            await discard(db, ctx)
            return self._channels_page(request, ctx, saved, form, status_code=422)
        return Redirect(f"/t/{ctx.tenant.slug}/admin/notifications/channels?saved=1", status_code=303)

    def _channels_page(self, request: Request, ctx: TenantContext, saved, form: FormState,
                       status_code: int = 200) -> Response:
        secrets = {field for field in SECRET_FIELDS
                   if saved.channels.get(field.split("_", 1)[0], {}).get(field.split("_", 1)[1])}
        return tenant_page(request, ctx, "admin/notification_channels.html", status_code=status_code, form=form,
                           secrets=secrets, staff_choices=STAFF_CHOICES)

    @get("/{key:str}/{locale:str}")
    async def edit(self, request: Request, db: AsyncSession, ctx: TenantContext, key: str, locale: str) -> Response:
        """The wording of one kind in one locale, with its variables and a preview."""
        kind = await self._kind(db, key, locale)
        template = next(t for t in kind.templates if t.locale == locale)
        form = FormState(values={"subject": template.subject, "body": template.body})
        return self._page(request, ctx, kind, locale, form, preview=template.preview)

    @post("/{key:str}/{locale:str}")
    async def save(self, request: Request, db: AsyncSession, ctx: TenantContext, key: str, locale: str) -> Response:
        """``action=preview`` renders with the sample values; ``save`` stores the wording; ``reset``
        goes back to the shipped one. A template that fails comes back with the error beside its
        field (422)."""
        kind = await self._kind(db, key, locale)
        values = await read_form(request)
        form = FormState(values={"subject": values.get("subject", ""), "body": values.get("body", "")})
        back = Redirect(f"/t/{ctx.tenant.slug}/admin/notifications/{key}/{locale}?saved=1", status_code=303)
        if values.get("action") == "reset":
            await service.reset_template(db, key, locale)
            return back
        try:
            preview = await check_template(KINDS[key], form.values["subject"], form.values["body"])
        except DomainError as exc:
            form.fail(exc)
            await discard(db, ctx)
            return self._page(request, ctx, kind, locale, form, status_code=422)
        if values.get("action") != "save":
            return self._page(request, ctx, kind, locale, form, preview={"subject": preview[0], "body": preview[1]})
        await service.save_template(db, key, locale, form.values["subject"], form.values["body"])
        return back

    async def _kind(self, db: AsyncSession, key: str, locale: str):
        kind_of(key)
        if locale not in LOCALES:
            raise NotFoundException("no such locale")
        return await queries.kind_read(db, key)

    def _page(self, request: Request, ctx: TenantContext, kind, locale: str, form: FormState, *, preview=None,
              status_code: int = 200) -> Response:
        return tenant_page(request, ctx, "admin/notification.html", status_code=status_code, kind=kind,
                           locale=locale, form=form, preview=preview)
