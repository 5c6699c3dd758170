"""Jinja2 environments (autoescape on, one per locale with its Babel catalog) and the page
renderer that every page handler returns through."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape
from litestar import Request, Response
from litestar.utils.scope.state import ScopeState

from core.customers.phones import national
from core.geo.provinces import PROVINCES
from core.i18n import DEFAULT_LOCALE, LOCALES, pick
from core.i18n.translate import N_, format_date, format_datetime, format_until, supported, translations
from core.money import yuan
from core.web import labels
from core.web.plugin_pages import PluginTemplateDirs, plugin_template_dirs
from core.web.security import SECURITY_HEADERS

TEMPLATE_DIR = Path(__file__).parent / "templates"

LANGUAGE_NAMES = {"zh_Hans": "中文", "en": "English"}

ROLE_LABELS = {
    "admin": N_("Administrator"),
    "manager": N_("Manager"),
    "agent": N_("Agent"),
    "technician": N_("Technician"),
    "viewer": N_("Viewer"),
}


def template_loader(plugin_dirs: PluginTemplateDirs) -> BaseLoader:
    """The console's templates, then each plugin's under its name (``lighting/returns.html``)."""
    core = FileSystemLoader(TEMPLATE_DIR)
    if not plugin_dirs:
        return core
    return ChoiceLoader([core, PrefixLoader({name: FileSystemLoader(list(dirs)) for name, dirs in plugin_dirs})])


@cache
def environment(locale: str, plugin_dirs: PluginTemplateDirs = ()) -> Environment:
    """The template environment of ``locale``; templates call ``_()``/``gettext``/``ngettext``."""
    env = Environment(
        loader=template_loader(plugin_dirs),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(locale=locale, LOCALES=LOCALES, LANGUAGE_NAMES=LANGUAGE_NAMES)
    env.globals["provinces"] = [(p.code, p.short if locale == "zh_Hans" else p.en) for p in PROVINCES]
    env.filters["pick"] = lambda text: pick(text, locale)
    # Translates a message that is not a literal (a service's error): unlike ``_()``, the result
    # is not marked safe, so it is escaped.
    env.filters["role"] = lambda role: translations(locale).gettext(ROLE_LABELS.get(role, role))
    for group, words in labels.ALL.items():
        env.filters[group] = lambda key, words=words: translations(locale).gettext(words.get(key, key))
    env.filters["until"] = lambda moment: format_until(moment, locale)
    env.filters["t"] = lambda message: str(translations(locale).gettext(str(message)))
    env.filters["date"] = lambda value, fmt="medium": format_date(value, locale, fmt)
    env.filters["yuan"] = yuan
    env.filters["phone"] = national
    return env


def request_locale(request: Request) -> str:
    """The user's locale (session choice, then user, then tenant), or the session's choice for an
    anonymous visitor, else zh_Hans."""
    user = request.scope.get("user")
    if user is not None:
        return supported(user.locale)
    session = request.scope.get("session")
    chosen = session.get("locale") if isinstance(session, dict) else None
    return supported(chosen or DEFAULT_LOCALE)


def csrf_token(request: Request) -> str:
    return ScopeState.from_scope(request.scope).csrf_token or ""


def render_html(request: Request, name: str, context: dict[str, Any]) -> str:
    locale = request_locale(request)
    env = environment(locale, plugin_template_dirs(request.app.state.plugins))
    user = request.scope.get("user")
    timezone = user.timezone if user is not None else "Asia/Shanghai"
    base = {
        "request": request,
        "user": user,
        "csrf_token": csrf_token(request),
        "path": request.url.path,
        "datetime": lambda value, fmt="medium": format_datetime(value, locale, timezone, fmt),
        "slug": user.tenant_slug if user is not None else None,
    }
    return env.get_template(name).render({**base, **context})


def render(request: Request, name: str, status_code: int = 200, *, headers: dict[str, str] | None = None,
           background: Any = None, **context: Any) -> Response:
    """An HTML page with the security headers (Content-Security-Policy without 'unsafe-inline'),
    plus any ``headers`` (e.g. ``Retry-After``) and a ``background`` task run after it is sent."""
    return Response(
        render_html(request, name, context),
        status_code=status_code,
        media_type="text/html",
        headers={**SECURITY_HEADERS, **(headers or {})},
        background=background,
    )
