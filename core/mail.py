"""Outgoing e-mail over SMTP (aiosmtplib), configured by ``SHOUHOU_SMTP_*`` settings."""

from __future__ import annotations

import logging
from email.message import EmailMessage

import aiosmtplib

from core.settings import Settings

log = logging.getLogger(__name__)


def mail_enabled(settings: Settings) -> bool:
    """Mail goes out only when an SMTP host and a sender address are configured."""
    return bool(settings.smtp_host and settings.smtp_from)


async def send_mail(settings: Settings, to: str, subject: str, body: str) -> bool:
    """Send one plain-text UTF-8 message; ``False`` (logged, never raised) when mail is not
    configured or the server refuses it, so a caller's answer never depends on the mail."""
    if not mail_enabled(settings):
        return False
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        await aiosmtplib.send(
            message,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username or None,
            password=settings.smtp_password or None,
            start_tls=settings.smtp_starttls,
            timeout=30,
        )
    except (aiosmtplib.SMTPException, OSError):
        log.exception("mail to %s was not sent", to)
        return False
    return True
