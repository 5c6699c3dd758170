"""Notifications: one outbox of messages to customers and staff, rendered from per-tenant
templates, delivered by the worker over channels that plugins can add (e-mail, SMS, WeCom and
DingTalk group robots in core)."""
