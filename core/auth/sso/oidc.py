"""The OpenID Connect adapter: builds the authorization request (code flow, PKCE S256, state,
nonce) with authlib's OAuth 2.0 client and turns the code that comes back into a checked
:class:`Identity` (token exchange with the verifier, then the ID token's signature against the
issuer's keys and its ``iss``, ``aud``, ``azp``, ``exp``, ``iat``, ``nbf`` and ``nonce``, with
``sso_clock_skew_seconds`` of tolerance).

Other identity sources (WeCom, DingTalk OAuth) plug in as another :class:`IdentityAdapter`: the
rest of the sign-in (state, user matching, roles, sessions) does not change
(docs/integrations/sso.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import httpx
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import BadSignatureError, InvalidKeyIdError, JoseError

from core.auth.sso import discovery
from core.auth.sso.errors import IdpMisbehaved, SignInRefused
from core.auth.sso.fetch import client_options, deadline
from core.settings import Settings


@dataclass(frozen=True)
class Identity:
    """A person as the identity provider vouches for them."""

    issuer: str
    subject: str
    email: str | None
    email_verified: bool | None
    name: str | None
    claims: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Secrets:
    """The one-time values of a sign-in: ``state`` travels through the browser, ``nonce`` comes
    back inside the ID token, ``code_verifier`` (PKCE) never leaves the server."""

    state: str
    nonce: str
    code_verifier: str

    @classmethod
    def new(cls) -> Secrets:
        """Fresh random values (authlib's generator: ``secrets``-backed)."""
        return cls(state=generate_token(43), nonce=generate_token(43), code_verifier=generate_token(64))


class IdentityAdapter(Protocol):
    """What a source of identities must do for the sign-in flow."""

    async def authorization_url(self, redirect_uri: str, secrets: Secrets) -> str:
        """Where to send the browser to sign in."""

    async def identity(self, redirect_uri: str, code: str, secrets: Secrets) -> Identity:
        """Exchange the returned ``code`` and vouch for the person (raise on anything amiss)."""


@dataclass(frozen=True)
class OidcAdapter:
    """A tenant's OpenID Connect client."""

    settings: Settings
    issuer: str
    client_id: str
    client_secret: str | None
    scopes: str = "openid email profile"

    def _client(self, redirect_uri: str) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=self.client_id, client_secret=self.client_secret, scope=self.scopes,
            redirect_uri=redirect_uri, code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_basic" if self.client_secret else "none",
            **client_options(self.settings),
        )

    async def authorization_url(self, redirect_uri: str, secrets: Secrets) -> str:
        """The provider's authorization endpoint with response_type=code, the scopes, state,
        nonce and the S256 code challenge of the verifier."""
        provider = await discovery.provider(self.settings, self.issuer)
        async with self._client(redirect_uri) as client:
            url, _state = client.create_authorization_url(
                provider.authorization_endpoint, state=secrets.state, nonce=secrets.nonce,
                code_verifier=secrets.code_verifier,
            )
        return url

    async def identity(self, redirect_uri: str, code: str, secrets: Secrets) -> Identity:
        """Exchange the code (with the PKCE verifier) and check the ID token."""
        provider = await discovery.provider(self.settings, self.issuer)
        try:
            async with deadline(self.settings, "token"), self._client(redirect_uri) as client:
                token = await client.fetch_token(
                    provider.token_endpoint, grant_type="authorization_code", code=code,
                    code_verifier=secrets.code_verifier,
                )
        except OAuthError as exc:
            raise SignInRefused(f"token: the provider refused the code ({exc.error}: {exc.description})") from exc
        except (ValueError, KeyError, httpx.DecodingError) as exc:
            raise IdpMisbehaved(f"token: unusable answer from the token endpoint ({exc})") from exc
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise IdpMisbehaved("token: the answer holds no id_token")
        claims = await self.check_id_token(provider, id_token, secrets.nonce, token.get("access_token"))
        verified = claims.get("email_verified")
        return Identity(
            issuer=self.issuer, subject=str(claims["sub"]),
            email=claims.get("email") if isinstance(claims.get("email"), str) else None,
            email_verified=verified if isinstance(verified, bool) else None,
            name=claims.get("name") if isinstance(claims.get("name"), str) else None,
            claims=dict(claims),
        )

    async def check_id_token(self, provider: discovery.Provider, id_token: str, nonce: str,
                             access_token: str | None = None) -> dict:
        """The ID token's claims once its signature (the issuer's keys; refetched once on an
        unknown key) and claims are valid; :class:`SignInRefused` naming the failure otherwise."""
        decoded = None
        for fresh in (False, True):
            keyset = await discovery.keys(self.settings, provider.jwks_uri, fresh=fresh)
            try:
                decoded = jwt.decode(id_token, keyset, algorithms=list(provider.algorithms))
                break
            except (BadSignatureError, InvalidKeyIdError, ValueError) as exc:
                if fresh:
                    raise SignInRefused(f"id_token: bad signature or unknown key ({exc})") from exc
            except JoseError as exc:
                raise SignInRefused(f"id_token: {exc.error}: {exc.description}") from exc
        options = {
            "iss": {"essential": True, "value": provider.issuer},
            "aud": {"essential": True, "value": self.client_id},
            "sub": {"essential": True},
        }
        params = {"nonce": nonce, "client_id": self.client_id}
        if access_token:
            params["access_token"] = access_token
        claims = CodeIDToken(decoded.claims, decoded.header, options=options, params=params)
        try:
            claims.validate(leeway=self.settings.sso_clock_skew_seconds)
        except JoseError as exc:
            raise SignInRefused(f"id_token: {exc.error}: {exc.description}") from exc
        if "nonce" not in claims:
            raise SignInRefused("id_token: the nonce is missing")
        return dict(claims)
