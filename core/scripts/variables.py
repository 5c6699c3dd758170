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

from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.models import User
from core.auth.principal import Principal
from core.confidentiality.service import check_read
from core.customers import service as customers
from core.timezones import tenant_zone

#: Babel locale of each interface locale, for dates.
BABEL_LOCALES = {"zh_Hans": "zh_Hans_CN", "en": "en"}

#: How a customer's title (称呼) reads in each locale.
CUSTOMER_TITLES = {
    "先生": {"zh_Hans": "先生", "en": "Mr."},
    "女士": {"zh_Hans": "女士", "en": "Ms."},
    "小姐": {"zh_Hans": "小姐", "en": "Ms."},
}


class Call:
    """One render: the session, who calls, the tenant and the locale."""

    def __init__(self, session: AsyncSession, principal: Principal, tenant, locale: str) -> None:
        self.session = session
        self.principal = principal
        self.tenant = tenant
        self.locale = locale
        self.customers: dict[UUID, dict[str, Any]] = {}

    def date_text(self, value: date | datetime | None) -> str | None:
        """A date (or a UTC time, as the tenant's local date) written for the locale."""
        if value is None:
            return None
        if isinstance(value, datetime):
            value = value.astimezone(tenant_zone(self.tenant)).date()
        return format_date(value, "long", locale=BABEL_LOCALES.get(self.locale, "zh_Hans_CN"))


async def person(session: AsyncSession, user_id: UUID | None) -> dict[str, Any]:
    user = await session.scalar(select(User).where(User.id == user_id)) if user_id else None
    return {"name": user.name, "employee_no": user.employee_no} if user else {}


async def customer_variables(call: Call, customer_id: UUID) -> dict[str, Any]:
    """The customer file's name and title: a read of the file, checked and audited once per
    render (DOMAIN §5)."""
    if customer_id not in call.customers:
        customer = await customers.get_customer(call.session, customer_id)
        await check_read(call.session, call.principal, customer.classification, "customer_file", customer.id)
        title = CUSTOMER_TITLES.get(customer.title or "", {}).get(call.locale, customer.title)
        call.customers[customer_id] = {"name": customer.name, "title": title}
    return {"customer": call.customers[customer_id]}


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
        "agent": await person(call.session, call.principal.user_id),
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
