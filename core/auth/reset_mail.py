"""The password-reset e-mail: zh_Hans first, English second, with the one-time link."""

from __future__ import annotations

from core.auth.service import ResetLink
from core.i18n.translate import N_, gettext
from core.mail import send_mail
from core.settings import Settings

SUBJECT = N_("Reset your Shouhou password")
INTRO = N_("Someone asked to reset the password of %(email)s. Open this link within %(minutes)d minutes "
           "to choose a new password; it works once:")
IGNORE = N_("If this was not you, ignore this message: your password stays as it is.")


def reset_url(settings: Settings, token: str) -> str:
    """The link in the e-mail, on the configured public address (never a request's Host)."""
    return f"{settings.public_url.rstrip('/')}/reset-password?token={token}"


def compose(settings: Settings, link: ResetLink) -> tuple[str, str]:
    """Subject and body: the Chinese text first, then the English."""
    url = reset_url(settings, link.token)
    values = {"email": link.email, "minutes": settings.reset_ttl_seconds // 60}

    def part(locale: str) -> str:
        return f"{gettext(locale, INTRO) % values}\n\n{url}\n\n{gettext(locale, IGNORE)}\n"

    subject = f"{gettext('zh_Hans', SUBJECT)} / {SUBJECT}"
    return subject, f"{part('zh_Hans')}\n----------------------------------------\n\n{part('en')}"


async def send_reset_link(settings: Settings, link: ResetLink | None) -> None:
    """Mail the link when there is one (run after the answer is sent, so the answer's timing says
    nothing about whether the account exists)."""
    if link is None:
        return
    subject, body = compose(settings, link)
    await send_mail(settings, link.email, subject, body)
