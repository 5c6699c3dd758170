"""SMS through an HTTP gateway the tenant configures.

The gateway gets ``POST <url>`` with ``{"to": "<mobile>", "text": "<message>"}`` (and
``Authorization: Bearer <token>`` when a token is set) and answers 2xx when it took the message.
Most Chinese SMS providers sit behind such a relay; a provider with another format is a plugin
channel (see ``docs/integrations/notifications.md``).
"""

from __future__ import annotations

from core.errors import Invalid
from core.notifications.channels.base import Message, Result
from core.notifications.channels.safe_http import check_url, post_json

MAX_TOKEN = 500


class SmsGatewayChannel:
    """Text messages to a mobile number over the tenant's HTTP gateway."""

    name = "sms"
    recipient = "phone"

    def check_config(self, config: dict) -> dict:
        """``url`` (required, http/https) and an optional bearer ``token``."""
        url = check_url(config.get("url"), "channels.sms.url")
        token = config.get("token") or ""
        if not isinstance(token, str) or len(token) > MAX_TOKEN:
            raise Invalid("channels.sms.token", f"must be text of at most {MAX_TOKEN} characters")
        unknown = set(config) - {"url", "token"}
        if unknown:
            raise Invalid(f"channels.sms.{sorted(unknown)[0]}", "is not a setting of the SMS gateway")
        return {"url": url, "token": token}

    async def send(self, message: Message) -> Result:
        """One POST to the gateway."""
        headers = {"Authorization": f"Bearer {message.config['token']}"} if message.config.get("token") else {}
        result, _answer = await post_json(
            message.config["url"], {"to": message.recipient, "text": message.body}, headers=headers,
            allow_private=bool(getattr(message.settings, "notifications_allow_private_addresses", False)),
            timeout=message.timeout,
        )
        return result
