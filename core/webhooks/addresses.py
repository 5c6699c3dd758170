"""Where a webhook URL may point: http(s) only, and (unless the operator allows private networks)
only to public addresses, checked on every resolution so a name re-pointed after it was saved
(DNS rebinding) is refused at delivery too."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_URL = 2000
#: How long resolving an endpoint's host may take.
RESOLVE_TIMEOUT = 5.0


class Refused(Exception):
    """The URL is not one webhooks may be sent to; the message says why."""


@dataclass(frozen=True)
class Target:
    """A checked URL: its parts and the addresses it resolved to (all allowed)."""

    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


def parse(url: str) -> tuple[str, str, int, str]:
    """``(scheme, host, port, path with query)`` of an http(s) URL without credentials or fragment."""
    if len(url) > MAX_URL:
        raise Refused(f"longer than {MAX_URL} characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Refused("not a valid URL") from exc
    if parts.scheme not in ("http", "https"):
        raise Refused("must be an http:// or https:// URL")
    if not parts.hostname:
        raise Refused("has no host")
    if parts.username is not None or parts.password is not None:
        raise Refused("must not carry credentials")
    if parts.fragment:
        raise Refused("must not have a #fragment")
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise Refused("must not contain spaces or control characters")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path


def forbidden(address: str) -> str | None:
    """Why a private-network-free deployment refuses ``address`` (``None``: it is public)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for test, reason in (
        (ip.is_unspecified, "unspecified"), (ip.is_multicast, "multicast"), (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"), (ip.is_private, "private"), (ip.is_reserved, "reserved"),
        (not ip.is_global, "not globally routable"),
    ):
        if test:
            return reason
    return None


async def resolve(url: str, *, allow_private: bool) -> Target:
    """Check ``url`` and resolve its host (off the event loop); :class:`Refused` when any address
    it resolves to is not allowed."""
    scheme, host, port, path = parse(url)
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(RESOLVE_TIMEOUT):
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, TimeoutError) as exc:
        raise Refused(f"host {host!r} does not resolve") from exc
    addresses = tuple(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise Refused(f"host {host!r} does not resolve")
    for address in addresses:
        reason = forbidden(address)
        if reason in ("multicast", "unspecified") or (reason and not allow_private):
            raise Refused(f"resolves to {address}, a {reason} address")
    return Target(scheme=scheme, host=host, port=port, path=path, addresses=addresses)
