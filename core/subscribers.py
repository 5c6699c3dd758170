"""The core subscribers of domain events, imported for their registration by every process that
publishes events: the app (requests, in-process sweeps) and ``shouhou worker`` (sweeps publish
SLA events, whose revisit rules and webhooks must not be lost there)."""

from __future__ import annotations

from core.notifications import triggers as notification_triggers
from core.revisits import subscribers as revisit_subscribers
from core.visits import subscribers as visit_subscribers
from core.webhooks import outbox as webhook_outbox

EVENT_SUBSCRIBERS = (revisit_subscribers, visit_subscribers, webhook_outbox, notification_triggers)
