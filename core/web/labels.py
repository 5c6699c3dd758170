"""Words of the ticket workflow as the console shows them (English msgids, translated by the
catalogs)."""

from __future__ import annotations

from core.auth.positions import POSITIONS
from core.i18n.translate import N_

STATUS = {
    "new": N_("New"), "escalated": N_("Escalated"), "reopened": N_("Reopened"), "assigned": N_("Dispatched"),
    "scheduled": N_("Scheduled"), "confirmed": N_("Appointment confirmed"), "on_site": N_("On site"),
    "visited": N_("Visited"), "taken_back": N_("Taken back for repair"), "resolved": N_("Resolved"),
    "accepted": N_("Accepted by customer"), "closed": N_("Closed"), "cancelled": N_("Cancelled"),
}
ACTION = {
    "assign": N_("Dispatch"), "schedule": N_("Set appointment"), "confirm": N_("Customer confirmed"),
    "arrive": N_("Arrived"), "depart": N_("Departed"), "resolve": N_("Resolve"),
    "accept": N_("Customer acceptance"), "close": N_("Close"), "reopen": N_("Reopen"), "cancel": N_("Cancel ticket"),
    "take_back": N_("Take back for repair"), "escalate": N_("Escalate"), "created": N_("Created"),
    "handover": N_("Hand-over"), "charge": N_("Charge"), "classify": N_("Classify the fault"),
    "quote": N_("Quote plan and cost"), "consent": N_("Customer consented"), "call_ahead": N_("Called before leaving"),
    "service_record": N_("Service record filed"), "form": N_("Form filled"), "chat_reply": N_("First chat reply"),
    "attachment_added": N_("File attached"), "attachment_removed": N_("File removed"),
}
KIND = {
    "consultation": N_("Consultation"), "repair": N_("Repair"), "installation": N_("Installation"),
    "maintenance": N_("Maintenance"), "return": N_("Return or exchange"), "complaint": N_("Complaint"),
}
CHANNEL = {
    "phone": N_("Phone"), "on_site": N_("On site"), "remote": N_("Remote"), "visit": N_("Visit"),
    "online_chat": N_("Online chat"), "letter": N_("Letter"), "email": N_("E-mail"), "web_form": N_("Web form"),
}
PRIORITY = {"urgent": N_("Urgent"), "high": N_("High"), "normal": N_("Normal"), "low": N_("Low")}
COMPLEXITY = {"simple": N_("Simple fault"), "complex": N_("Complex fault")}
SLA = {"on_track": N_("On track"), "paused": N_("Paused"), "breached": N_("Breached"), "met": N_("Met")}

#: Departments complaints are routed to (the positions, plus the ones plugins' routing rules name);
#: a department typed by hand shows as typed.
DEPARTMENT = {
    **POSITIONS,
    "customer_service": N_("Customer-service department"), "business_supervisor": N_("Business supervisor"),
    "repair_shop": N_("Repair shop"), "store_manager": N_("Store manager"),
}

#: What a call script is for (its ``purpose``).
PURPOSE = {
    "general": N_("General"), "greeting": N_("Greeting"), "closing": N_("Closing"), "revisit": N_("Revisit call"),
    "follow_up": N_("Follow-up call"), "on_site": N_("On site"), "silent_line": N_("Silent line"),
    "noisy_line": N_("Noisy line"), "notice": N_("Notice"),
}
#: Complaint categories the routing rules name (a category typed by hand shows as typed).
CATEGORY = {
    "batch_quality": N_("Batch quality problem"), "contract_dispute": N_("Contract dispute"),
    "improper_repair": N_("Improper repair"), "return_dispute": N_("Return dispute"),
    "transport": N_("Transport damage"), "user_dispute": N_("Dispute over use"),
}
#: Where an outgoing webhook delivery stands.
DELIVERY = {"pending": N_("Pending"), "delivered": N_("Delivered"), "failed": N_("Failed"), "cancelled": N_("Cancelled")}

#: Transport-damage claims: their states and what happened to the goods.
CLAIM = {"open": N_("Open"), "filed": N_("Filed with the carrier"), "settled": N_("Settled"),
         "rejected": N_("Refused by the carrier"), "damaged": N_("Damaged"), "lost": N_("Lost")}

#: The satisfaction questionnaire's areas and channels.
SURVEY = {
    "installation": N_("Installation"), "operation": N_("Operation"), "implementation": N_("Implementation"),
    "after_sales": N_("After-sales service"), "training": N_("Training"), "phone": N_("Phone"), "letter": N_("Letter"),
    "on_site": N_("On site"), "fax": N_("Fax"), "email": N_("E-mail"),
}

#: A major fault's course.
FAULT = {"reported": N_("Reported"), "analysed": N_("Analysed"), "sent": N_("Analysis sent")}

#: Leave requests' states and the roster's shifts.
LEAVE_STATUS = {"requested": N_("Waiting for a decision"), "approved": N_("Approved"), "refused": N_("Refused"),
                "withdrawn": N_("Withdrawn")}
DUTY_SHIFT = {"day": N_("Day shift"), "night": N_("Night shift")}

NOTIFICATION = {"queued": N_("Waiting to be sent"), "sent": N_("Sent"), "failed": N_("Not delivered"),
                "suppressed": N_("Not sent")}

ALL = {
    "status": STATUS, "action": ACTION, "kind": KIND, "channel": CHANNEL, "priority": PRIORITY, "sla": SLA,
    "position": POSITIONS, "department": DEPARTMENT, "complexity": COMPLEXITY, "notification": NOTIFICATION,
    "purpose": PURPOSE, "category": CATEGORY, "delivery": DELIVERY, "claim": CLAIM,
    "survey": SURVEY, "fault": FAULT, "leave_status": LEAVE_STATUS, "duty_shift": DUTY_SHIFT,
}
