"""Forms (表单): the enabled plugins' and the tenant's definitions, validation of submitted data and
the snapshot of every version used."""

from __future__ import annotations

import logging

import anyio
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import Invalid, NotFound
from core.forms.dates import date_problems
from core.forms.models import FormVersion, TenantForm
from core.forms.order import with_order
from core.forms.schemas import TenantFormCreate
from core.forms.types import FormDefinition
from core.forms.validation import check_schema, field_errors, fingerprint
from core.safe_schema import UnusableSchema
from core.timezones import tenant_today, tenant_zone
from tenants.context import TenantContext

log = logging.getLogger(__name__)

#: Tenant forms are named ``tenant.<name>``, as plugin forms are ``<plugin>.<name>``.
TENANT_PREFIX = "tenant."


def plugin_forms(ctx: TenantContext) -> dict[str, FormDefinition]:
    """The forms of the tenant's enabled plugins, by id. A form whose id is not prefixed by its
    plugin's name is ignored (it could shadow another plugin's or the tenant's)."""
    return ctx.hooks.collect_namespaced("shouhou_forms", "form")


def definition_of(row: TenantForm) -> FormDefinition:
    return FormDefinition(
        id=row.form_id,
        version=row.version,
        title=row.title,
        schema=row.schema,
        ticket_kinds=tuple(row.ticket_kinds or ()),
        description=row.description,
    )


async def available_forms(session: AsyncSession, ctx: TenantContext) -> dict[str, FormDefinition]:
    """Every form the tenant can use now: enabled plugins' and its own, by id."""
    forms = plugin_forms(ctx)
    for row in await session.scalars(select(TenantForm)):
        forms[row.form_id] = definition_of(row)
    return dict(sorted(forms.items()))


async def form_snapshot(session: AsyncSession, form_id: str, version: int) -> FormDefinition | None:
    """The form as it was at ``version`` (the schema a ticket was filled with), if it was used."""
    row = await session.scalar(
        select(FormVersion).where(FormVersion.form_id == form_id, FormVersion.version == version)
    )
    if row is None:
        return None
    return FormDefinition(id=row.form_id, version=row.version, title=row.title, schema=row.schema)


async def get_form(session: AsyncSession, ctx: TenantContext, form_id: str,
                   version: int | None = None) -> FormDefinition:
    """The current form, or a past ``version`` of it (still readable after the plugin was
    disabled or the form changed)."""
    current = (await available_forms(session, ctx)).get(form_id)
    if version is None or (current is not None and current.version == version):
        if current is None:
            raise NotFound(f"no form {form_id!r} for this tenant")
        return current
    snapshot = await form_snapshot(session, form_id, version)
    if snapshot is None:
        raise NotFound(f"no version {version} of form {form_id!r}")
    return snapshot


async def record_version(session: AsyncSession, form: FormDefinition) -> None:
    """Keep a snapshot of ``form``'s version the first time the tenant uses it."""
    stored = await session.scalar(
        select(FormVersion).where(FormVersion.form_id == form.id, FormVersion.version == form.version)
    )
    digest = fingerprint(form.schema)
    if stored is not None:
        if stored.fingerprint != digest:
            log.warning("form %s changed its schema without a new version (%s)", form.id, form.version)
        return
    try:
        async with session.begin_nested():
            session.add(
                FormVersion(
                    form_id=form.id, version=form.version, title=dict(form.title), schema=form.schema,
                    fingerprint=digest,
                )
            )
    except IntegrityError:  # recorded meanwhile by a concurrent request
        pass


async def validate_submission(session: AsyncSession, ctx: TenantContext, form_id: str, data: dict) -> tuple[str, int]:
    """Check ``data`` against the tenant's form ``form_id``; return ``(form id, version)`` for the
    record that keeps it. Unknown or disabled form: ``Invalid("form.id")``; data that breaks the
    schema, or a date it declares cannot lie ahead or before another (:mod:`core.forms.dates`):
    ``Invalid`` with one ``form.data.<path>`` error per problem."""
    form = (await available_forms(session, ctx)).get(form_id)
    if form is None:
        raise Invalid("form.id", f"unknown form {form_id!r} for this tenant (is its plugin enabled?)")
    try:  # off the event loop; the validation itself stops at MAX_VALIDATION_MS
        problems = await anyio.to_thread.run_sync(field_errors, form.schema, data)
    except UnusableSchema as exc:  # a broken plugin schema, or one stored before the bounds
        log.error("form %s has an unusable schema: %s", form.id, exc)
        raise Invalid("form.id", f"form {form_id!r} cannot be used: its schema is unusable ({exc})") from exc
    if not problems:
        problems = date_problems(form.schema, data, tenant_today(ctx.tenant), tenant_zone(ctx.tenant))
    if problems:
        raise Invalid.fields(f"the data does not match form {form.id} (version {form.version})", problems)
    await record_version(session, form)
    return form.id, form.version


async def define_tenant_form(session: AsyncSession, data: TenantFormCreate) -> tuple[TenantForm, bool]:
    """Create or change the tenant form ``tenant.<name>``. A changed schema makes a new version
    (the old one stays readable); returns the form and whether a new version was made."""
    check_schema(data.schema)
    schema = with_order(data.schema)  # jsonb loses the order of the fields
    form_id = TENANT_PREFIX + data.name
    row = await session.scalar(select(TenantForm).where(TenantForm.form_id == form_id))
    changed = row is None or fingerprint(row.schema) != fingerprint(schema)
    if row is None:
        row = TenantForm(form_id=form_id, version=1, title={}, schema={})
        session.add(row)
    elif changed:
        row.version += 1
    row.title = dict(data.title)
    row.description = dict(data.description) if data.description else None
    row.schema = schema
    row.ticket_kinds = list(data.ticket_kinds)
    await session.flush()
    await record_version(session, definition_of(row))
    return row, changed
