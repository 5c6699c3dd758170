"""Integrator credentials: named API keys and OAuth 2.0 clients (client-credentials grant) of a
tenant, each limited to scopes (``tickets:read``, ``tickets:write``, …, ``admin``), hashed at rest,
revocable at once, rate-limited per credential and audited on create and revoke."""
