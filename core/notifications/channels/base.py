"""The interface of a notification channel adapter (what ``shouhou_notification_channels``
returns).

An adapter is any object with:

* ``name`` — the channel's name (``"email"``, ``"sms"``, ``"wecom"``…), unique among the
  adapters a tenant has;
* ``recipient`` — what a recipient of the channel is: ``"email"`` (an address), ``"phone"`` (a
  mobile number) or ``"group"`` (the robot's group itself: no per-person address);
* ``check_config(config: dict) -> dict`` — validate the tenant's configuration of the channel
  (gateway address, token, secret…) when it is saved, and return it normalised; raise
  :class:`core.errors.Invalid` naming the field (``channels.<name>.<key>``);
* ``async send(message: Message) -> Result`` — deliver one rendered message. Network failures
  and refusals are returned as a :class:`Result` (``retry`` says whether trying again may help),
  never raised. It must not block the event loop and should respect ``message.timeout``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Message:
    """One rendered message to deliver: to whom, what, with the tenant's channel configuration and
    the operator's settings (mail server, whether private addresses are allowed)."""

    recipient: str
    subject: str
    body: str
    locale: str
    config: dict[str, Any] = field(default_factory=dict)
    settings: Any = None
    timeout: float = 5.0


@dataclass(frozen=True)
class Result:
    """What a delivery did: ``ok``; otherwise ``detail`` says why and ``retry`` whether a later
    attempt may succeed (a gateway down: yes; a refused configuration: no)."""

    ok: bool
    detail: str = ""
    retry: bool = True


class ChannelAdapter(Protocol):
    """See the module documentation."""

    name: str
    recipient: str

    def check_config(self, config: dict) -> dict: ...

    async def send(self, message: Message) -> Result: ...
