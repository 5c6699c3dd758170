"""What can go wrong in a single sign-on, each with the sentence a person is shown (a msgid,
zh_Hans and en in the catalogs) and a technical ``detail`` for the log and the connection test."""

from __future__ import annotations

from core.i18n.translate import N_


class SsoError(Exception):
    """Base: ``message`` is shown (translated), ``detail`` says precisely what happened."""

    status_code = 400
    message = N_("Single sign-on failed.")

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class IdpUnreachable(SsoError):
    """The identity provider did not answer (down, timeout, refused address): 502."""

    status_code = 502
    message = N_("Your company's identity provider cannot be reached right now. Try again in a few minutes, "
                 "or ask your administrator.")


class IdpMisbehaved(SsoError):
    """The identity provider answered something unusable (bad discovery document or keys, an
    error from its token endpoint): 502."""

    status_code = 502
    message = N_("Your company's identity provider gave an answer Shouhou cannot use. Ask your administrator "
                 "to check the single sign-on settings.")


class SignInRefused(SsoError):
    """The sign-in itself is not acceptable (ID token invalid, replayed or expired state, access
    denied at the provider, no role for the person): 401."""

    status_code = 401
    message = N_("This sign-in was refused. Start again from the login page.")


class NoRole(SignInRefused):
    """The person's claims map to no role and the tenant gives none by default: 403."""

    status_code = 403
    message = N_("Your company has not given you access to Shouhou. Ask your administrator.")


class UnsafeAddress(IdpUnreachable):
    """The provider's address is not allowed (not https, or a private/loopback address)."""

    message = N_("The identity provider's address is not allowed: it must be a public https address.")


class NotConfigured(SignInRefused):
    """The company has no (enabled) single sign-on: 404."""

    status_code = 404
    message = N_("This company has no single sign-on. Log in with your e-mail and password.")
