"""Follow-up calls after a car is collected (跟踪服务, source 004 (三)4-5, DOMAIN §3 and §8).

The first call falls 3 days to 1 week after the car is collected; the second one week after the
first call, within a further 7 days; the second call must not repeat the first call's topics.
The day the car is collected (or the first call is made) is day 0 (DOMAIN §0).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from core.sdk import LocalizedText
from plugins.automotive.settings import Settings


class Window(NamedTuple):
    """A due window, both days inclusive."""

    rule_id: str
    due_from: date
    due_by: date

    def contains(self, day: date) -> bool:
        return self.due_from <= day <= self.due_by


def first_follow_up(collected_on: date, settings: Settings) -> Window:
    """004 (三)4: 三天至一周内 after the car is collected: days 3 to 7."""
    return Window("automotive.follow_up.first",
                  collected_on + timedelta(days=settings.first_follow_up_from_days),
                  collected_on + timedelta(days=settings.first_follow_up_by_days))


def second_follow_up(first_call_on: date, settings: Settings) -> Window:
    """004 (三)5: 第一次跟踪服务的一周后的7天以内: days 7 to 14 after the first call."""
    start = first_call_on + timedelta(days=settings.second_follow_up_after_days)
    return Window("automotive.follow_up.second", start,
                  start + timedelta(days=settings.second_follow_up_within_days))


#: What a follow-up call may talk about (004 (二)3 (1)-(7)).
TOPICS: dict[str, LocalizedText] = {
    "vehicle_use": {"zh_Hans": "用车情况", "en": "How the car is running"},
    "service_opinion": {"zh_Hans": "对本公司服务的意见", "en": "Opinion of our service"},
    "new_needs": {"zh_Hans": "近期新的服务需求", "en": "New service needs"},
    "car_care_tips": {"zh_Hans": "汽车运用知识和注意事项", "en": "Car care knowledge and tips"},
    "new_services": {"zh_Hans": "本公司近期的服务项目", "en": "Our new services"},
    "promotions": {"zh_Hans": "优惠联谊活动", "en": "Promotions and customer events"},
    "consultation": {"zh_Hans": "咨询服务", "en": "Consultation"},
    "maintenance_due": {"zh_Hans": "按期保养提醒", "en": "Maintenance due"},
}

#: The topics each call starts from; the second call's differ from the first's.
FIRST_CALL_TOPICS = ("vehicle_use", "service_opinion")
SECOND_CALL_TOPICS = ("car_care_tips", "new_services", "promotions")


def repeated_topics(earlier: Iterable[str], planned: Iterable[str]) -> list[str]:
    """004 (三)5 内容避免重复: the planned topics already covered by an earlier call, in order."""
    seen = set(earlier)
    return [topic for topic in planned if topic in seen]
