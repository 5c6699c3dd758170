"""OAuth 2.0 client credentials (RFC 6749 §4.4) on authlib's authorization server, wired to
Litestar by hand: ``POST /api/v1/oauth/token``.

authlib's server is synchronous and asks for the client by id; the database is asynchronous. So
the endpoint reads the client first (one indexed lookup, tenant from the client id), hands
authlib a request and a server that knows that one client, lets authlib authenticate it
(``client_secret_basic`` or ``client_secret_post``, secret compared against its SHA-256 in
constant time), check the grant type and the requested scopes and issue the token, then stores
the token's SHA-256. Errors are RFC 6749 §5.2 bodies (``error``, ``error_description``) that also
carry the API's ``status_code`` and ``detail``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from authlib.oauth2 import rfc6749
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc6749.errors import InvalidScopeError
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6749.util import extract_basic_authorization, scope_to_list
from litestar import Request, Response, post
from litestar.openapi.datastructures import ResponseSpec
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.credentials import secrets, service
from core.auth.credentials.models import IntegrationCredential
from core.auth.credentials.schemas import OAuthError, TokenGrant
from core.auth.credentials.scopes import TOKEN_URL

AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


class Client(ClientMixin):
    """authlib's view of one stored OAuth client."""

    def __init__(self, row: IntegrationCredential, client_id: str) -> None:
        self.row = row
        self.client_id = client_id

    def get_client_id(self) -> str:
        """The client's public id."""
        return self.client_id

    def check_client_secret(self, client_secret: str) -> bool:
        """Whether the presented secret hashes to the stored one (constant time)."""
        return secrets.matches(client_secret, self.row.secret_hash)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        """The token endpoint takes client_secret_basic and client_secret_post."""
        return endpoint == "token" and method in AUTH_METHODS

    def check_grant_type(self, grant_type: str) -> bool:
        """Only the client-credentials grant."""
        return grant_type == ClientCredentials.GRANT_TYPE

    def get_allowed_scope(self, scope: str | None) -> str:
        """The scopes a token gets: those asked for, or every scope of the client."""
        return " ".join(scope_to_list(scope) if scope else self.row.scopes)


class ClientCredentials(grants.ClientCredentialsGrant):
    """The client-credentials grant, with both secret-based client authentications and a refusal
    of any scope the client was not given."""

    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

    def validate_requested_scope(self) -> None:
        requested = set(scope_to_list(self.request.payload.scope) or [])
        missing = sorted(requested - set(self.request.client.row.scopes))
        if missing:
            raise InvalidScopeError(description=f"the client is not granted: {' '.join(missing)}")


class OAuthRequest(rfc6749.OAuth2Request):
    """An authlib request built from a Litestar request's method, URL, headers and form."""

    def __init__(self, method: str, uri: str, headers, form: dict[str, str]) -> None:
        super().__init__(method, uri, headers=headers)
        self._form = form
        self.payload = BasicOAuth2Payload(form)

    @property
    def args(self) -> dict[str, str]:
        return {}

    @property
    def form(self) -> dict[str, str]:
        return self._form


class TokenServer(rfc6749.AuthorizationServer):
    """An authorization server for one token request: it knows the one client the request names
    (``None``: unknown) and keeps the token it issues for the endpoint to store."""

    def __init__(self, client: Client | None, tenant_id: UUID | None, ttl_seconds: int) -> None:
        super().__init__()
        self.client = client
        self.issued: dict[str, Any] | None = None
        self.ttl_seconds = ttl_seconds
        self.tenant_id = tenant_id
        self.register_grant(ClientCredentials)
        self.register_token_generator("default", self._generate)

    def _generate(self, grant_type, client, user=None, scope=None, expires_in=None, include_refresh_token=True):
        return {
            "token_type": "Bearer",
            "access_token": secrets.access_token(self.tenant_id, secrets.new_secret()),
            "expires_in": self.ttl_seconds,
            "scope": client.get_allowed_scope(scope),
        }

    def query_client(self, client_id: str) -> Client | None:
        """The one client this request named, if ``client_id`` is its id."""
        return self.client if self.client is not None and self.client.client_id == client_id else None

    def save_token(self, token: dict[str, Any], request) -> None:
        """Keep the issued token for the endpoint, which stores its hash."""
        self.issued = token

    def send_signal(self, name, *args, **kwargs) -> None:
        """No signals are used."""

    def create_oauth2_request(self, request: OAuthRequest) -> OAuthRequest:
        """The request is built by the endpoint already."""
        return request

    def handle_response(self, status: int, body: dict[str, Any], headers) -> tuple[int, dict[str, Any], dict]:
        """authlib's answer as ``(status, body, headers)`` for the endpoint to send."""
        return status, body, dict(headers)


def presented_client_id(headers, form: dict[str, str]) -> str:
    """The client id the request names: in HTTP Basic credentials, else in the form."""
    basic_id, _secret = extract_basic_authorization(headers)
    return basic_id or form.get("client_id") or ""


def _uri(request: Request) -> str:
    """The request's URL for authlib's transport check: TLS is the proxy's job in production
    (``secure_cookies``), and development and tests run plain HTTP on loopback."""
    url = str(request.url)
    if not request.app.state.settings.secure_cookies and url.startswith("http://"):
        return "https://" + url[len("http://"):]
    return url


@post(TOKEN_URL, status_code=200, tags=["oauth"], operation_id="oauth.token",
      request_max_body_size=16 * 1024, opt={"scope": ""},
      responses={400: ResponseSpec(OAuthError, description="invalid_request, unsupported_grant_type, invalid_scope"),
                 401: ResponseSpec(OAuthError, description="invalid_client: unknown, revoked or wrong secret")})
async def token(request: Request, db: AsyncSession) -> Response[TokenGrant]:
    """OAuth 2.0 token endpoint (client credentials): authenticate the client with HTTP Basic
    (``client_secret_basic``) or ``client_id`` and ``client_secret`` in the form
    (``client_secret_post``) and receive a short-lived bearer token carrying the client's scopes
    (or the subset asked for in ``scope``). Errors follow RFC 6749 §5.2."""
    form = {key: value for key, value in (await request.form()).items() if isinstance(value, str)}
    client_id = presented_client_id(request.headers, form)
    row = await service.load_client(db, client_id) if client_id else None
    parts = secrets.parse_client_id(client_id) if client_id else None
    ttl = request.app.state.settings.client_token_ttl_seconds
    server = TokenServer(Client(row, client_id) if row else None, parts[0] if parts else None, ttl)
    oauth_request = OAuthRequest(request.method, _uri(request), request.headers, form)
    status, body, headers = server.create_token_response(oauth_request)
    if server.issued is not None and row is not None:
        await service.save_access_token(db, row, server.issued["access_token"],
                                        scope_to_list(server.issued["scope"]), ttl)
    if "error" in body:
        body = {"status_code": status, "detail": body.get("error_description") or body["error"], "errors": [],
                **body}
    return Response(body, status_code=status, headers=headers)
