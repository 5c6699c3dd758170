"""The API request's integrator credential: an API key (``X-API-Key: shk_…`` or
``Authorization: Bearer shk_…``) or an OAuth access token (``Authorization: Bearer sht_…``)
becomes the principal it acts as, after the credential's own rate limit is counted and its
last-used time refreshed (at most once a minute)."""

from __future__ import annotations

from litestar.datastructures import Headers

from core.auth import throttle
from core.auth.credentials import secrets, service
from core.auth.credentials.scopes import API_KEY_HEADER
from core.auth.principal import Principal
from core.i18n.translate import N_

TOO_MANY_REQUESTS = N_("this credential made too many requests; try again later")
#: The window of a credential's rate limit (its ``rate_limit`` counts requests per window).
RATE_WINDOW_SECONDS = 60


def presented(headers: Headers) -> str | None:
    """The integrator credential a request carries, if any (a user's login token is not one)."""
    key = headers.get(API_KEY_HEADER.lower())
    if key:
        return key.strip()
    scheme, _, value = headers.get("authorization", "").partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer" and value.startswith(secrets.INTEGRATOR_MARKERS):
        return value
    return None


async def principal_for(maker, value: str) -> Principal | None:
    """The principal of a presented integrator credential, or ``None`` when it is unknown,
    revoked, expired or malformed. Raises 429 (with ``Retry-After``) past the credential's rate
    limit. Costs one lookup, one counter upsert and, at most once a minute, one update."""
    async with maker() as session:
        if value.startswith(f"{secrets.ACCESS_TOKEN}_"):
            resolved = await service.resolve_access_token(session, value)
        else:
            resolved = await service.resolve_api_key(session, value)
        if resolved is None:
            return None
        await service.touch(session, resolved)
    await throttle.count(maker, throttle.throttle_key("credential", str(resolved.credential_id)),
                         limit=resolved.rate_limit, window=RATE_WINDOW_SECONDS, message=TOO_MANY_REQUESTS)
    return resolved.principal
