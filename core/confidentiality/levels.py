"""Confidentiality levels (保密等级) of DOMAIN §5 as data: what each record type is, who may read
each level by default, and which levels are audited on every read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from core.auth.roles import ROLES

#: From most to least protected.
LEVELS = ("top_secret", "secret", "internal", "public")

LEVEL_TITLES = {
    "top_secret": {"zh_Hans": "绝密", "en": "Top secret"},
    "secret": {"zh_Hans": "机密", "en": "Secret"},
    "internal": {"zh_Hans": "内部", "en": "Internal"},
    "public": {"zh_Hans": "公开", "en": "Public"},
}

#: The level of each kind of record (003 篇6 §五).
RECORD_LEVELS = {
    "contract": "top_secret",  # 合同
    "development_follow_up": "top_secret",  # 开发跟进
    "customer_file": "top_secret",  # 客户档案
    "call_log": "secret",  # 来电记录
    "visit_log": "secret",  # 来访/走访记录
    "handover_note": "secret",  # 交接班记录
    "work_diary": "secret",  # 工作日记
    "analysis_report": "secret",  # 分析报告
}

#: Who may read each level unless the tenant changed it (**configurable**).
DEFAULT_READERS: dict[str, tuple[str, ...]] = {
    "top_secret": ("admin", "manager", "agent"),
    "secret": ("admin", "manager", "agent", "technician"),
    "internal": ROLES,
    "public": ROLES,
}

#: Every read of these levels is written to the audit log (谁、何时、读了什么).
AUDITED_LEVELS = frozenset({"top_secret"})


def level_of(record_type: str) -> str:
    """The level of a record type; an unknown type is treated as top secret (fail closed)."""
    return RECORD_LEVELS.get(record_type, "top_secret")


def may_read(readers: Mapping[str, Iterable[str]], role: str, level: str) -> bool:
    """Whether ``role`` may read ``level``; an unknown level counts as top secret."""
    return role in readers.get(level if level in LEVELS else "top_secret", ())
