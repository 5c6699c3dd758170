"""Babel message catalogs (``locales/<locale>/LC_MESSAGES/messages.po`` + compiled ``.mo``) and
localized dates.

Catalogs are kept up to date with::

    pybabel extract -F core/i18n/babel.cfg -o core/i18n/messages.pot .
    pybabel update -i core/i18n/messages.pot -d core/i18n/locales
    pybabel compile -d core/i18n/locales
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_timedelta
from babel.support import Translations

from core.i18n import DEFAULT_LOCALE, LOCALES

LOCALE_DIR = Path(__file__).parent / "locales"


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet."""
    return message


def supported(locale: str | None) -> str:
    """``locale`` when it is one of :data:`LOCALES`, else the default."""
    return locale if locale in LOCALES else DEFAULT_LOCALE


@cache
def translations(locale: str) -> Translations:
    """The compiled catalog of ``locale`` (msgids are English, so ``en`` may stay untranslated)."""
    return Translations.load(str(LOCALE_DIR), [supported(locale)], domain="messages")


def gettext(locale: str, message: str) -> str:
    return translations(locale).gettext(message)


def format_datetime(value: datetime | None, locale: str, timezone: str, fmt: str = "medium") -> str:
    """A UTC timestamp shown in the tenant's zone, in the user's locale."""
    if value is None:
        return ""
    return babel_format_datetime(value, fmt, tzinfo=ZoneInfo(timezone), locale=supported(locale))


def format_until(moment: datetime | None, locale: str, now: datetime | None = None) -> str:
    """How long until ``moment`` (or since, when past): "in 3 hours", "3小时后", "2 days ago"."""
    if moment is None:
        return ""
    delta = moment - (now or datetime.now(UTC))
    return format_timedelta(delta, granularity="minute", threshold=1.5, add_direction=True, locale=supported(locale))


def format_date(value, locale: str, fmt: str = "medium") -> str:
    return "" if value is None else babel_format_date(value, fmt, locale=supported(locale))
