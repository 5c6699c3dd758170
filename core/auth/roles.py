"""The five roles a user holds in a tenant (what they may do in Shouhou; who they are in the
organisation is their position, :mod:`core.auth.positions`)."""

from __future__ import annotations

ROLES = ("admin", "manager", "agent", "technician", "viewer")
