"""What a script is rendered with: the tenant, the calling agent and, when the call is about one,
the ticket or revisit with its customer (客户), their owner and dates in the tenant's zone.

Each render parameter (``customer_id``, ``ticket_id``, ``revisit_id``) is a subject read by a
loader returning the variables it contributes. The scripts context reads the customer file itself
(:func:`customer_variables`) and knows no other context: the ticket's and the revisit's loaders are
their contexts' own (``core/tickets/script_variables.py``, ``core/revisits/script_variables.py``),
installed with their order of merge by the composition module :mod:`core.script_subjects`, which
every process that renders scripts imports (the app).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.models import User
from core.auth.principal import Principal
from core.confidentiality.service import check_read, check_reads
from core.customers import service as customers
from core.db.lookup import get_or_404
from core.errors import Forbidden
from core.timezones import tenant_zone

#: Babel locale of each interface locale, for dates.
BABEL_LOCALES = {"zh_Hans": "zh_Hans_CN", "en": "en"}

#: How a customer's title (称呼) reads in each locale.
CUSTOMER_TITLES = {
    "先生": {"zh_Hans": "先生", "en": "Mr."},
    "女士": {"zh_Hans": "女士", "en": "Ms."},
    "小姐": {"zh_Hans": "小姐", "en": "Ms."},
}


#: What the renders of one request read once, by key (a row by its table and id, a person, a
#: customer's variables): one render's own, or shared by a worklist's (:func:`known`).
Shared = dict[Hashable, Any]


def known(rows: Iterable[Any]) -> Shared:
    """A :data:`Shared` memo seeded with rows the caller has already read (a worklist's revisits,
    tickets and customers), found by :meth:`Call.row` instead of read again."""
    return {(row.__tablename__, row.id): row for row in rows}


class Call:
    """One render: the session, who calls, the tenant, the locale and what it has read."""

    def __init__(self, session: AsyncSession, principal: Principal, tenant, locale: str,
                 shared: Shared | None = None) -> None:
        self.session = session
        self.principal = principal
        self.tenant = tenant
        self.locale = locale
        self.shared: Shared = {} if shared is None else shared

    async def once(self, key: Hashable, load: Callable[[], Awaitable[Any]]) -> Any:
        """``await load()``, read once for every render sharing :attr:`shared` (``key`` names it)."""
        if key not in self.shared:
            self.shared[key] = await load()
        return self.shared[key]

    async def row(self, model: type, row_id: UUID, what: str) -> Any:
        """The tenant's ``model`` row ``row_id`` (404 naming ``what``), read once."""
        return await self.once((model.__tablename__, row_id),
                               lambda: get_or_404(self.session, model, row_id, what))

    async def person(self, user_id: UUID | None) -> dict[str, Any]:
        """A user's name and employee number as a script names them (``{}`` for nobody), read once."""
        if user_id is None:
            return {}
        return await self.once(("person", user_id), lambda: _person(self.session, user_id))

    def date_text(self, value: date | datetime | None) -> str | None:
        """A date (or a UTC time, as the tenant's local date) written for the locale."""
        if value is None:
            return None
        if isinstance(value, datetime):
            value = value.astimezone(tenant_zone(self.tenant)).date()
        return format_date(value, "long", locale=BABEL_LOCALES.get(self.locale, "zh_Hans_CN"))


async def _person(session: AsyncSession, user_id: UUID) -> dict[str, Any]:
    user = await session.scalar(select(User).where(User.id == user_id))
    return {"name": user.name, "employee_no": user.employee_no} if user else {}


async def customer_variables(call: Call, customer_id: UUID) -> dict[str, Any]:
    """The customer file's name and title: a read of the file, checked and audited once for the
    renders sharing the call's memo (DOMAIN §5)."""

    async def read() -> dict[str, Any]:
        customer = await call.once(("customers", customer_id),
                                   lambda: customers.get_customer(call.session, customer_id))
        await check_read(call.session, call.principal, customer.classification, "customer_file", customer.id)
        return _customer(customer, call.locale)

    return {"customer": await call.once(_customer_key(customer_id, call.locale), read)}


def _customer(customer, locale: str) -> dict[str, Any]:
    return {"name": customer.name, "title": CUSTOMER_TITLES.get(customer.title or "", {}).get(locale, customer.title)}


def _customer_key(customer_id: UUID, locale: str) -> tuple:
    return ("customer_variables", customer_id, locale)


async def known_customers(session: AsyncSession, principal: Principal, files: Iterable[Any], locale: str) -> Shared:
    """A render memo seeded with the customer files a worklist's scripts name, checked and audited
    together (DOMAIN §5: one statement for all of them); none when the reader may not read one of
    them, and each render then checks its own."""
    files = list({customer.id: customer for customer in files}.values())
    if not files:
        return {}
    try:
        await check_reads(session, principal, [(c.classification, "customer_file", c.id) for c in files])
    except Forbidden:
        return {}
    return {_customer_key(customer.id, locale): _customer(customer, locale) for customer in files}


#: What a script is tried with when it is saved: every variable :func:`script_variables` can give,
#: with a typical value (long enough names and dates, as a real call would have).
SAMPLE_VARIABLES: dict[str, Any] = {
    "tenant": {"name": "示例售后服务有限公司"},
    "agent": {"name": "王小明", "employee_no": "1024"},
    "owner": {"name": "李工程师", "employee_no": "2048"},
    "customer": {"name": "张三", "title": "先生"},
    "ticket": {
        "number": "T20260101-0001", "subject": "空调不制冷", "created_on": "2026年1月1日",
        "status": "resolved", "resolution": "更换压缩机电容后恢复制冷",
    },
    "call_date": "2026年1月1日",
    "result": "更换压缩机电容后恢复制冷",
    "revisit": {"reason": "维修后回访", "due": "2026年1月8日", "due_from": "2026年1月4日", "outcome": None},
}


Loader = Callable[[Call, UUID], Awaitable[dict[str, Any]]]

#: Render parameter -> the loader of the variables it brings, in the order they are merged
#: (installed by :mod:`core.script_subjects`).
_loaders: dict[str, Loader] = {}


def install_subject_loaders(loaders: Mapping[str, Loader]) -> None:
    """Make ``loaders`` the subjects a script can be rendered about, merged in their order."""
    _loaders.clear()
    _loaders.update(loaders)


def subject_loader(parameter: str) -> Loader:
    """The loader of render parameter ``parameter`` (``LookupError`` for one nothing reads)."""
    try:
        return _loaders[parameter]
    except KeyError:
        raise LookupError(f"no loader of script variables for {parameter!r}: "
                          "the process must import core.script_subjects") from None


async def subject_variables(call: Call, parameter: str, subject_id: UUID) -> dict[str, Any]:
    """The variables one subject brings (a revisit's loader asks for its ticket's this way)."""
    return await subject_loader(parameter)(call, subject_id)


async def script_variables(call: Call, subjects: dict[str, UUID | None], given: dict[str, Any]) -> dict[str, Any]:
    """Everything a script sees: tenant and agent, the subjects' variables, then the caller's
    ``variables`` (a group such as ``customer`` is merged key by key)."""
    asked = {parameter: subject_id for parameter, subject_id in subjects.items() if subject_id is not None}
    for parameter in asked:
        subject_loader(parameter)  # a subject nothing reads fails before anything is read
    found: dict[str, Any] = {
        "tenant": {"name": call.tenant.name},
        "agent": await call.person(call.principal.user_id),
    }
    for parameter, loader in _loaders.items():
        if parameter in asked:
            found.update(await loader(call, asked[parameter]))
    for key, value in given.items():
        if isinstance(value, dict) and isinstance(found.get(key), dict):
            found[key] = {**found[key], **value}
        else:
            found[key] = value
    return found
