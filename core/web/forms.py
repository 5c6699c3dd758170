"""HTML forms: read a posted form into a wire type, and keep what the user typed together with
errors placed beside their fields when the form comes back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

import msgspec
from litestar import Request

from core.errors import DomainError
from core.i18n.translate import N_
from core.months import parse_month

T = TypeVar("T", bound=msgspec.Struct)

#: What to tell the user when a field does not fit its wire type (msgspec's own text is for
#: programmers). Unlisted fields get :data:`INVALID`.
FIELD_HINTS = {
    "slug": N_("3 to 63 lowercase letters, digits or hyphens, starting and ending with a letter or digit"),
    "admin_email": N_("Enter a valid e-mail address"),
    "email": N_("Enter a valid e-mail address"),
    "company_name": N_("Enter the company name"),
    "name": N_("Enter a name"),
    "role": N_("Choose a role"),
    "locale": N_("Choose a language"),
}
INVALID = N_("This value is not valid")
REQUIRED = N_("This field is required")

#: Service messages shown to users, marked here so that they are translated.
SERVICE_MESSAGES = (
    N_("taken"),
    N_("reserved"),
    N_("must be at least 10 characters"),
    N_("wrong tenant, e-mail or password"),
    N_("too many failed logins; try again later"),
    N_("not a phone number"),
    N_("not a possible phone number"),
    N_("must not be blank"),
    N_("cannot be in the future"),
    N_("the decision is about another product"),
)


def uuid_or_none(value: Any) -> UUID | None:
    """An id typed or passed in a page's parameters, or ``None`` when it is empty or not an id."""
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None


@dataclass
class FormState:
    """The values a user typed and the errors to show beside them (``""`` for the whole form)."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    #: Prefix of the element ids, for pages with several forms sharing field names.
    prefix: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def by_locale(self, inputs: dict[str, str]) -> FormState:
        """Move errors on per-language wire fields beside the page's inputs: with
        ``{"title": "title_"}``, ``title.en`` goes to ``title_en`` and a bare ``title`` to
        ``title_zh_Hans`` (the language a text is first written in)."""
        for key in list(self.errors):
            part, _, locale = key.partition(".")
            if part in inputs:
                self.errors.setdefault(inputs[part] + (locale or "zh_Hans"), self.errors.pop(key))
        return self

    def gather(self, prefix: str, field: str) -> FormState:
        """Put the errors on the parts of a value (``items[0].question``, ``schema.properties``)
        beside the one input that shows it, ``field`` (an error already there, else the first part's,
        stays)."""
        for key in [k for k in self.errors if k.startswith(prefix)]:
            self.errors.setdefault(field, self.errors.pop(key))
        return self

    def fail(self, exc: DomainError) -> FormState:
        """Put a service's errors beside their fields (``settings.x`` becomes ``x``)."""
        for name, message in exc.errors or [("", exc.detail)]:
            key = name.removeprefix("settings.")
            self.errors.setdefault(key, message)
        if not exc.errors:
            self.errors.setdefault("", exc.detail)
        return self


def day_or(value: str | None, default: date) -> date:
    """The day a page's ``?day=`` names (``YYYY-MM-DD``), or ``default`` when it names none."""
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


def customer_form(customer_id: UUID | None, **values: str) -> FormState:
    """A new form with ``values``, for the customer whose page led here (``customer_id``) if any."""
    return FormState(values={**values, **({"customer_id": str(customer_id)} if customer_id else {})})


def month_asked(month: str, default: str) -> tuple[str, FormState, int]:
    """The month a page's ``?month=`` asks for (``default`` when none), the month form and the
    page's status: a month that is not one comes back beside its field (422) and ``default`` is
    shown instead."""
    form, chosen = FormState(values={"month": month}), month or default
    try:
        parse_month(chosen)
    except DomainError as exc:
        form.fail(exc)
        return default, form, 422
    return chosen, form, 200


async def read_form(request: Request) -> dict[str, str]:
    """The posted fields as strings, without the CSRF token; repeated fields keep the last value."""
    form = await request.form()
    return {k: v for k, v in form.items() if k != "_csrf_token" and isinstance(v, str)}


def field_of(error: msgspec.ValidationError) -> str:
    message = str(error)
    return message.rsplit("`$.", 1)[-1].rstrip("`").split(".")[0] if "`$." in message else ""


def convert(values: dict[str, Any], type_: type[T], state: FormState) -> T | None:
    """Convert form values into ``type_``; on failure record a friendly error and return None.
    Empty optional fields are dropped so that their defaults apply."""
    data = {k: v for k, v in values.items() if v != ""}
    for spec in msgspec.structs.fields(type_):
        if spec.required and spec.encode_name not in data:
            state.errors[spec.encode_name] = REQUIRED
    if state.errors:
        return None
    try:
        return msgspec.convert(data, type_, strict=False)
    except msgspec.ValidationError as exc:
        name = field_of(exc)
        state.errors[name] = FIELD_HINTS.get(name, INVALID)
        return None
