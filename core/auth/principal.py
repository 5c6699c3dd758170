"""Who is calling: the authenticated user of one tenant."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of a request, from a bearer token or a session cookie. The tenant comes from
    here and nowhere else."""

    user_id: UUID
    tenant_id: UUID
    tenant_slug: str
    role: str
    email: str
    name: str
    locale: str
    timezone: str
    #: The bearer token of an API request.
    token_id: UUID | None = None
    #: The console session of a page request.
    session_id: UUID | None = None
    #: The tenant's deletion is scheduled: only operations marked ``while_suspended`` answer.
    tenant_suspended: bool = False
    #: The tenant's own requests-per-minute quota (``None``: the deployment's, see core.quotas).
    request_quota: int | None = None
    #: The integrator credential (API key or OAuth client) of an API request; it acts as the
    #: admin who created it (``user_id``), limited to ``scopes``.
    integration_id: UUID | None = None
    #: What an integrator credential may do (``None``: a user's login token or session, bound by
    #: its role only).
    scopes: frozenset[str] | None = None

    @property
    def credential_id(self) -> UUID | None:
        """The token or session this request came with."""
        return self.token_id or self.session_id
