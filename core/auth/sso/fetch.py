"""HTTP to tenant-supplied identity providers, which are hostile until proven otherwise.

Every request goes through :class:`GuardedTransport`: https only (plain http only with
``sso_allow_private_issuers``), the host is resolved once and every address it resolves to must be
public (unless allowed), and the connection goes to exactly the address that was checked (the
name still rides in ``Host`` and TLS SNI, and the certificate is verified against it), so a DNS
answer cannot change between the check and the connection. Redirects are not followed, bodies
are not decompressed and are read up to ``sso_max_response_bytes``, and each call has an overall
deadline of ``sso_http_timeout_seconds``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import socket
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import httpx

from core.auth.sso.errors import IdpMisbehaved, IdpUnreachable, UnsafeAddress
from core.i18n.translate import N_
from core.settings import Settings

USER_AGENT = "Shouhou-SSO/1"
HTTPS_ONLY = N_("must be an https:// address")
PLAIN_ADDRESS = N_("must be a plain address with a host, without user, password or fragment")


def check_url(url: str, settings: Settings, field: str = "url") -> str:
    """The URL if its form is acceptable for an identity provider (https, a host, no user info,
    no fragment); else :class:`UnsafeAddress` naming ``field``."""
    parts = urlsplit(url)
    allowed = ("https", "http") if settings.sso_allow_private_issuers else ("https",)
    if parts.scheme not in allowed:
        raise UnsafeAddress(f"{field}: {HTTPS_ONLY}")
    if not parts.hostname or parts.username or parts.password or parts.fragment:
        raise UnsafeAddress(f"{field}: {PLAIN_ADDRESS}")
    return url


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


class GuardedTransport(httpx.AsyncBaseTransport):
    """An httpx transport that refuses non-public or non-https targets and caps answer sizes."""

    def __init__(self, settings: Settings) -> None:
        self._allow_private = settings.sso_allow_private_issuers
        self._max_bytes = settings.sso_max_response_bytes
        self._settings = settings
        self._inner = httpx.AsyncHTTPTransport(retries=0)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Check and pin the target address, send, and read the answer up to the size limit."""
        url = request.url
        check_url(str(url), self._settings)
        host = url.host
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise IdpUnreachable(f"{host}: the name does not resolve ({exc})") from exc
        addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
        if not addresses:
            raise IdpUnreachable(f"{host}: the name does not resolve")
        if not self._allow_private and not all(_public(a) for a in addresses):
            raise UnsafeAddress(f"{host}: resolves to a private, loopback or reserved address")
        request.url = url.copy_with(host=str(addresses[0]))
        request.headers["Host"] = url.netloc.decode("ascii")
        request.extensions = {**request.extensions, "sni_hostname": host}
        response = await self._inner.handle_async_request(request)
        body = bytearray()
        try:
            async for chunk in response.stream:
                body += chunk
                if len(body) > self._max_bytes:
                    raise IdpMisbehaved(f"{host}: the answer is larger than {self._max_bytes} bytes")
        finally:
            await response.aclose()
        return httpx.Response(response.status_code, headers=response.headers, content=bytes(body))

    async def aclose(self) -> None:
        """Close the connections."""
        await self._inner.aclose()


def client_options(settings: Settings) -> dict:
    """Keyword arguments for an ``httpx.AsyncClient`` (or authlib's ``AsyncOAuth2Client``) that
    talks to identity providers safely."""
    return {
        "transport": GuardedTransport(settings),
        "timeout": httpx.Timeout(settings.sso_http_timeout_seconds),
        "follow_redirects": False,
        "headers": {"Accept-Encoding": "identity", "User-Agent": USER_AGENT},
        "trust_env": False,
    }


@asynccontextmanager
async def deadline(settings: Settings, what: str):
    """Turn transport failures into :class:`IdpUnreachable` and bound the whole exchange in time
    (a provider dripping bytes slowly cannot hold a request for long)."""
    try:
        async with asyncio.timeout(settings.sso_http_timeout_seconds):
            yield
    except TimeoutError as exc:
        raise IdpUnreachable(f"{what}: no answer within {settings.sso_http_timeout_seconds:g} s") from exc
    except httpx.HTTPError as exc:
        raise IdpUnreachable(f"{what}: {type(exc).__name__}: {exc}") from exc


async def get_json(settings: Settings, url: str, what: str) -> dict:
    """GET a JSON object from an identity provider (a discovery document, a key set)."""
    async with deadline(settings, what), httpx.AsyncClient(**client_options(settings)) as http:
        response = await http.get(url, headers={"Accept": "application/json"})
    if response.status_code != 200:
        raise IdpMisbehaved(f"{what}: HTTP {response.status_code} from {url}")
    try:
        data = json.loads(response.content)
    except ValueError as exc:
        raise IdpMisbehaved(f"{what}: {url} did not answer JSON") from exc
    if not isinstance(data, dict):
        raise IdpMisbehaved(f"{what}: {url} did not answer a JSON object")
    return data
