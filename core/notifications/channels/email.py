"""E-mail over the operator's SMTP server (``SHOUHOU_SMTP_*``, :mod:`core.mail`)."""

from __future__ import annotations

import re

import aiosmtplib

from core.errors import Invalid
from core.mail import deliver_mail, mail_enabled
from core.notifications.channels.base import Message, Result

ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class EmailChannel:
    """Mail to one address; the tenant configures nothing (the server is the operator's)."""

    name = "email"
    recipient = "email"

    def check_config(self, config: dict) -> dict:
        """E-mail takes no tenant configuration."""
        if config:
            raise Invalid("channels.email", "e-mail uses the operator's mail server and takes no settings")
        return {}

    async def send(self, message: Message) -> Result:
        """Send over SMTP; a refused recipient is final, a server away is retried."""
        settings = message.settings
        if settings is None or not mail_enabled(settings):
            return Result(ok=False, detail="no mail server is configured (SHOUHOU_SMTP_HOST, SHOUHOU_SMTP_FROM)",
                          retry=False)
        if not ADDRESS.match(message.recipient):
            return Result(ok=False, detail="not an e-mail address", retry=False)
        try:
            await deliver_mail(settings, message.recipient, message.subject, message.body, timeout=message.timeout)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            return Result(ok=False, detail=f"recipient refused: {exc}"[:300], retry=False)
        except (aiosmtplib.SMTPException, OSError) as exc:
            return Result(ok=False, detail=f"{type(exc).__name__}: {exc}"[:300])
        return Result(ok=True, detail="accepted by the mail server")
