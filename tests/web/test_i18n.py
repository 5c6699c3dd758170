"""Message catalogs: every message of the console is translated to zh_Hans, and the compiled
catalogs match their sources."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.support import Translations

from core.i18n import pick
from core.i18n.translate import LOCALE_DIR, format_datetime, gettext

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def extracted_ids() -> set[str]:
    with open(ROOT / "core/i18n/babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    ids = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=keywords
    ):
        ids.add(message if isinstance(message, str) else message[0])
    return ids


def catalog(locale: str):
    with open(LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=locale)


def test_every_message_has_a_zh_hans_translation():
    po = catalog("zh_Hans")
    translated = {m.id: m.string for m in po if m.id}
    ids = extracted_ids()
    assert ids, "nothing was extracted"
    missing = sorted(i for i in ids if not translated.get(i))
    assert not missing, f"messages without a zh_Hans translation: {missing}"


def test_translations_keep_their_placeholders():
    for message in catalog("zh_Hans"):
        if message.id:
            assert set(PLACEHOLDER.findall(message.id)) == set(PLACEHOLDER.findall(message.string)), message.id


def test_compiled_catalogs_match_their_sources():
    for locale in ("zh_Hans", "en"):
        compiled = Translations.load(str(LOCALE_DIR), [locale])
        for message in catalog(locale):
            if message.id and message.string:
                assert compiled.gettext(message.id) == message.string, (locale, message.id)


def test_gettext_falls_back_to_english_msgids():
    assert gettext("zh_Hans", "Log in") == "登录"
    assert gettext("en", "Log in") == "Log in"
    assert gettext("fr", "Log in") == "登录"  # unknown locales get the default, zh_Hans


def test_dates_are_shown_in_the_tenant_zone_and_user_locale():
    from datetime import UTC, datetime

    moment = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)  # 00:30 on 2 March in Shanghai
    assert "2026年3月2日" in format_datetime(moment, "zh_Hans", "Asia/Shanghai")
    assert "Mar 2, 2026" in format_datetime(moment, "en", "Asia/Shanghai")
    assert "Mar 1, 2026" in format_datetime(moment, "en", "UTC")


def test_pick_and_negotiate_still_work():
    from core.i18n import negotiate

    assert pick({"zh_Hans": "换货", "en": "exchange"}, "en") == "exchange"
    assert negotiate("en-US,en;q=0.9") == "en"
