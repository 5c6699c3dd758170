"""Outgoing e-mail over SMTP (aiosmtplib), configured by ``SHOUHOU_SMTP_*`` settings."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib

from core.settings import Settings


def mail_enabled(settings: Settings) -> bool:
    """Mail goes out only when an SMTP host and a sender address are configured."""
    return bool(settings.smtp_host and settings.smtp_from)


async def deliver_mail(settings: Settings, to: str, subject: str, body: str, timeout: float = 30) -> None:
    """Send one plain-text UTF-8 message; raises ``aiosmtplib.SMTPException`` or ``OSError`` when
    the server cannot be reached or refuses it (mail must be configured)."""
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    await aiosmtplib.send(
        message,
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_username or None,
        password=settings.smtp_password or None,
        start_tls=settings.smtp_starttls,
        timeout=timeout,
    )
