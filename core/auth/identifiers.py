"""How a login names its company and its account: a slug and an e-mail are compared trimmed and
lower-cased, whether they come from a password login, an SSO sign-in or a signup."""

from __future__ import annotations


def normalise_email(email: str) -> str:
    """``" Li.Lei@Example.com "`` -> ``"li.lei@example.com"``."""
    return email.strip().lower()


def normalise_slug(slug: str) -> str:
    """``" JSRunhua "`` -> ``"jsrunhua"``."""
    return slug.strip().lower()
