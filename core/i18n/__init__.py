"""Locales and localized texts: zh_Hans is the default, en the second language."""

from __future__ import annotations

from collections.abc import Mapping

LOCALES = ("zh_Hans", "en")
DEFAULT_LOCALE = "zh_Hans"

#: A text in several languages, keyed by locale: ``{"zh_Hans": "换货", "en": "exchange"}``.
LocalizedText = dict[str, str]


def pick(text: Mapping[str, str] | str | None, locale: str | None = None) -> str:
    """Return ``text`` in ``locale``, falling back to zh_Hans, then to any language present."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    for key in (locale or DEFAULT_LOCALE, DEFAULT_LOCALE, "en"):
        if key in text:
            return text[key]
    return next(iter(text.values()), "")


def negotiate(accept_language: str | None, default: str = DEFAULT_LOCALE) -> str:
    """Choose zh_Hans or en from an ``Accept-Language`` header value."""
    if not accept_language:
        return default
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("en"):
            return "en"
        if tag.startswith("zh"):
            return "zh_Hans"
    return default
