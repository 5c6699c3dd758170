"""Outbound webhooks: tenant endpoints, the transactional outbox of deliveries and their signed
delivery by the worker (Standard Webhooks)."""
