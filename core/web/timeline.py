"""A ticket's history told as sentences ("李师傅 arrived on site"), grouped by the local day: what
the ticket page's timeline shows instead of action codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from core.i18n.translate import N_, format_date, format_datetime, translations
from core.money import yuan
from core.web import labels

#: One sentence per action; ``%(actor)s`` is who did it, the others come from the event's data.
SENTENCES = {
    "created": N_("%(actor)s took the request"),
    "assign": N_("%(actor)s dispatched it to %(technician)s"),
    "schedule": N_("%(actor)s set the visit for %(start)s"),
    "confirm": N_("%(actor)s recorded that the customer confirmed the appointment"),
    "call_ahead": N_("%(actor)s called the customer before leaving"),
    "arrive": N_("%(actor)s arrived on site"),
    "depart": N_("%(actor)s left the site"),
    "resolve": N_("%(actor)s resolved it"),
    "accept": N_("%(signed_by)s accepted the work and signed"),
    "close": N_("%(actor)s closed it"),
    "reopen": N_("%(actor)s reopened it"),
    "cancel": N_("%(actor)s cancelled it"),
    "handover": N_("%(actor)s handed it over to %(to)s"),
    "escalate": N_("%(actor)s escalated it to %(to)s"),
    "take_back": N_("%(actor)s took the product back for repair"),
    "quote": N_("%(actor)s quoted the plan and cost: ¥%(estimate)s"),
    "consent": N_("%(consented_by)s consented to the plan and cost"),
    "charge": N_("%(actor)s added a charge"),
    "service_record": N_("%(actor)s filed the service record"),
    "form": N_("%(actor)s filled in a form"),
    "attachment_added": N_("%(actor)s attached %(filename)s"),
    "attachment_removed": N_("%(actor)s removed %(filename)s"),
}
LEFT_WITH = {
    "customer_consent": N_("with the customer's consent"),
    "lead_coordination": N_("as the department lead coordinated"),
    "unconfirmed": N_("without the customer's consent on record"),
}
SOMEONE = N_("Someone")
THE_SYSTEM = N_("The system")


@dataclass(frozen=True)
class Entry:
    """One line of the story: when, the sentence, and the reason or detail given, if any."""

    at: datetime
    sentence: str
    detail: str
    status: str | None


def _when(value: Any, locale: str, timezone: str) -> str:
    try:
        return format_datetime(datetime.fromisoformat(value), locale, timezone, "short")
    except (TypeError, ValueError):
        return ""


def sentence(event: Any, names: dict[UUID, str], locale: str, timezone: str) -> str:
    """The event (a ticket history entry) as a sentence in ``locale`` (an unknown action: who, and the action's label)."""
    gettext = translations(locale).gettext
    data = event.data or {}

    def name(value: Any) -> str:
        try:
            return names.get(UUID(str(value)), gettext(SOMEONE)) if value else gettext(SOMEONE)
        except ValueError:
            return gettext(SOMEONE)

    actor = name(event.actor_id) if event.actor_id else gettext(THE_SYSTEM)
    template = SENTENCES.get(event.action)
    if template is None:
        return f"{actor} · {gettext(labels.ACTION.get(event.action, event.action))}"
    text = gettext(template) % {
        "actor": actor, "technician": name(data.get("technician_id")), "to": name(data.get("to_user_id")),
        "start": _when(data.get("start"), locale, timezone), "signed_by": data.get("signed_by") or actor,
        "consented_by": data.get("consented_by") or actor, "filename": data.get("filename", ""),
        "estimate": yuan(data["estimate_fen"]) if isinstance(data.get("estimate_fen"), int) else "",
    }
    if event.action == "depart" and data.get("left_with") in LEFT_WITH:
        text = f"{text}, {gettext(LEFT_WITH[data['left_with']])}"
    return text


def story(events: list[Any], names: dict[UUID, str], locale: str, timezone: str) -> list[tuple[str, list[Entry]]]:
    """The events as sentences grouped by their local day, oldest first."""
    days: list[tuple[str, list[Entry]]] = []
    last: date | None = None
    zone = ZoneInfo(timezone)
    for event in events:
        day = event.created_at.astimezone(zone).date()
        if day != last:
            days.append((format_date(day, locale, "full"), []))
            last = day
        detail = (event.data or {}).get("reason") or (event.data or {}).get("note") or ""
        status = event.to_status if event.to_status and event.to_status != event.from_status else None
        days[-1][1].append(Entry(at=event.created_at, sentence=sentence(event, names, locale, timezone),
                                 detail=str(detail), status=status))
    return days
