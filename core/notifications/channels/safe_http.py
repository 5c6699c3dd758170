"""Posting JSON to an address a tenant configured (an SMS gateway, a group robot): such
addresses are hostile. Only ``http``/``https``, no credentials in the address, no private,
loopback, link-local or otherwise special address unless the operator allows it (checked on the
resolved addresses, at save and again at every send), a short timeout and no redirects."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

import httpx

from core.errors import Invalid
from core.notifications.channels.base import Result

#: Most characters of a configured address.
MAX_URL = 2000
#: Most bytes of a peer's answer kept for the error excerpt.
MAX_ANSWER = 300


class UnsafeAddress(Exception):
    """The address may not be used: why."""


def check_url(url: object, field: str) -> str:
    """The address's form (before resolving): ``http(s)://host[:port]/…`` without credentials;
    422 naming ``field`` otherwise."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL:
        raise Invalid(field, f"must be an http(s) address of at most {MAX_URL} characters")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Invalid(field, "must be an http or https address with a host")
    if parts.username or parts.password:
        raise Invalid(field, "may not carry a user name or password")
    try:
        parts.port  # noqa: B018 - a bad port raises
    except ValueError as exc:
        raise Invalid(field, "has a bad port") from exc
    return url


def _private(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


async def check_destination(url: str, allow_private: bool) -> None:
    """Resolve the address's host; raise :class:`UnsafeAddress` when it does not resolve or any
    of its addresses is not public (unless ``allow_private``)."""
    host = urlsplit(url).hostname or ""
    port = urlsplit(url).port or (443 if url.startswith("https") else 80)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise UnsafeAddress(f"the host {host} does not resolve") from exc
    if allow_private:
        return
    for info in infos:
        if _private(info[4][0]):
            raise UnsafeAddress(f"the host {host} resolves to a private or special address ({info[4][0]})")


async def post_json(url: str, payload: dict, *, headers: dict | None = None, allow_private: bool,
                    timeout: float) -> tuple[Result, dict | None]:
    """POST ``payload`` to ``url`` (checked first); the result and the answer's JSON, if any. A
    redirect is a failure (never followed); so is any status outside 2xx."""
    try:
        await check_destination(url, allow_private)
    except UnsafeAddress as exc:
        return Result(ok=False, detail=str(exc), retry=False), None
    try:
        async with httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False) as http:
            answer = await http.post(url, json=payload, headers=headers or {})
    except httpx.HTTPError as exc:
        return Result(ok=False, detail=f"{type(exc).__name__}: {exc}"[:MAX_ANSWER]), None
    text = answer.text[:MAX_ANSWER]
    if answer.is_redirect:
        return Result(ok=False, detail=f"HTTP {answer.status_code}: redirects are not followed", retry=False), None
    if not answer.is_success:
        return Result(ok=False, detail=f"HTTP {answer.status_code}: {text}",
                      retry=answer.status_code >= 500 or answer.status_code == 429), None
    try:
        data = answer.json()
    except ValueError:
        data = None
    return Result(ok=True, detail=f"HTTP {answer.status_code}"), data if isinstance(data, dict) else None
