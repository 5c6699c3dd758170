"""Tenant settings of the GPS installation plugin; every default is DOMAIN §9's value."""

from __future__ import annotations

from typing import Annotated

import msgspec

from core.sdk import SettingError, UnsafePattern, compile_pattern, setting_label


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``warranty_months``: calendar months from installation (the source states no period; DOMAIN §9
    takes 12, the one-year promise of source 004). ``terminal_number_pattern``: what a terminal
    number (终端号) looks like, after spaces are removed and letters upper-cased; a pattern the
    linear-time engine (RE2) cannot run is refused when the settings are saved."""

    warranty_months: Annotated[int, msgspec.Meta(ge=0, le=120), setting_label(
        "保修期（月，自安装起）", "Warranty (months from installation)")] = 12
    terminal_number_pattern: Annotated[str, msgspec.Meta(min_length=1, max_length=200), setting_label(
        "终端号格式（正则表达式）", "Terminal number format (regular expression)",
        hint_zh_hans="去掉空格、字母转大写后比对",
        hint_en="Checked after removing spaces and upper-casing letters")] = r"[0-9A-Z]{6,20}"

    def __post_init__(self) -> None:
        """Refuse a terminal number pattern RE2 cannot compile, naming the reason."""
        try:
            compile_pattern(self.terminal_number_pattern)
        except UnsafePattern as exc:
            raise SettingError("terminal_number_pattern", str(exc)) from exc
