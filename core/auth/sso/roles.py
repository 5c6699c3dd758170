"""The role a person gets from the identity provider's claims."""

from __future__ import annotations

from core.auth.roles import ROLES


def claim_values(claims: dict, claim: str) -> list[str]:
    """The string values of ``claim`` (a single string or a list of them; anything else: none).
    A dotted name reaches into nested objects (``realm_access.roles``)."""
    value: object = claims
    for part in claim.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def mapped_role(claims: dict, claim: str, role_map: dict[str, str]) -> str | None:
    """The most powerful role any value of ``claim`` maps to (``admin`` before ``manager``
    before … ``viewer``), or ``None`` when no value is mapped."""
    granted = {role_map[v] for v in claim_values(claims, claim) if v in role_map}
    return next((role for role in ROLES if role in granted), None)
