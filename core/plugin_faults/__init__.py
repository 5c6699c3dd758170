"""Plugin faults: a plugin hook that raised while reacting to an event, rolled back alone and
recorded for the tenant's admin (``GET /api/v1/plugin-faults``)."""
