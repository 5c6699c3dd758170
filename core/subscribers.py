"""The core subscribers of domain events, imported for their registration by every process that
publishes events: the app (requests, in-process sweeps) and ``shouhou worker`` (sweeps publish
SLA events, whose revisit rules, notices and webhooks must not be lost there). Importing it also
installs the customers' quiet hours that the messages those subscribers queue wait out."""

from __future__ import annotations

from core import customer_quiet_hours  # noqa: F401 - installs the quiet hours customer messages wait out
from core.revisits import notices as revisit_notices
from core.revisits import subscribers as revisit_subscribers
from core.tickets import notices as ticket_notices
from core.visits import subscribers as visit_subscribers
from core.webhooks import outbox as webhook_outbox

EVENT_SUBSCRIBERS = (revisit_subscribers, visit_subscribers, webhook_outbox, ticket_notices, revisit_notices)
