"""Single sign-on: the tenant's settings, starting a sign-in, finishing it (state spent once,
identity checked, user found, linked or created just in time, role mapped), the password policy
of "SSO only" tenants and the connection test.

No database transaction stays open while an identity provider is being asked: the lookups commit
before each outgoing request."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from uuid import UUID

import msgspec
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.identifiers import normalise_email, normalise_slug
from core.auth.models import User
from core.auth.sso import discovery
from core.auth.sso.errors import IdpMisbehaved, NoRole, NotConfigured, SignInRefused, SsoError, UnsafeAddress
from core.auth.sso.fetch import check_url
from core.auth.sso.models import SsoConfig, SsoIdentity, SsoLogin
from core.auth.sso.oidc import OidcAdapter, Secrets
from core.auth.sso.roles import mapped_role
from core.auth.sso.schemas import ConnectionReport, SsoSettingsRead, SsoSettingsWrite
from core.auth.sso.secret_box import SecretUnreadable, open_sealed, reseal, seal
from core.db.base import utcnow
from core.db.tenancy import bind_tenant, enter_tenant, leave_tenant
from core.errors import Invalid, NotFound
from core.i18n.translate import N_
from core.settings import Settings

#: The password hash of users made by single sign-on: no password opens it.
NO_PASSWORD = "!sso"
NEEDS_BREAK_GLASS = N_("SSO only needs a break-glass administrator who keeps a password")
NOT_AN_ADMIN = N_("must be an active administrator of this company")
NEEDS_OPENID = N_("must include openid")
NO_QUERY = N_("must not carry a query")


def redirect_uri(settings: Settings, slug: str) -> str:
    """The callback address of a tenant, to register at its identity provider."""
    return f"{settings.public_url.rstrip('/')}/sso/{slug}/callback"


def state_digest(state: str) -> str:
    """What is stored of a state (and kept in the browser's session cookie)."""
    return hashlib.sha256(state.encode()).hexdigest()


async def get_config(session: AsyncSession) -> SsoConfig | None:
    """The session tenant's settings, if any."""
    return await session.scalar(select(SsoConfig))


def settings_read(settings: Settings, slug: str, config: SsoConfig) -> SsoSettingsRead:
    """The settings as the API shows them (never the secret)."""
    return SsoSettingsRead(
        issuer=config.issuer, client_id=config.client_id, label=config.label,
        client_secret_set=bool(config.client_secret), scopes=config.scopes, role_claim=config.role_claim,
        role_map=dict(config.role_map), default_role=config.default_role, jit_users=config.jit_users,
        sso_only=config.sso_only, break_glass_user_id=config.break_glass_user_id, enabled=config.enabled,
        redirect_uri=redirect_uri(settings, slug), updated_at=config.updated_at,
    )


async def save_config(session: AsyncSession, settings: Settings, data: SsoSettingsWrite) -> SsoConfig:
    """Create or replace the tenant's settings. 422 naming the field: an issuer that is not a
    plain https address (http and private hosts only when the operator allows them), scopes
    without ``openid``, "SSO only" without a break-glass administrator, a break-glass user who is
    not an active administrator of the tenant."""
    issuer = data.issuer.strip()
    try:
        check_url(issuer, settings, "issuer")
    except UnsafeAddress as exc:
        raise Invalid("issuer", exc.detail.split(": ", 1)[-1]) from exc
    if "?" in issuer:
        raise Invalid("issuer", NO_QUERY)
    if "openid" not in data.scopes.split():
        raise Invalid("scopes", NEEDS_OPENID)
    if data.sso_only and data.break_glass_user_id is None:
        raise Invalid("break_glass_user_id", NEEDS_BREAK_GLASS)
    if data.break_glass_user_id is not None:
        admin = await session.scalar(select(User.id).where(
            User.id == data.break_glass_user_id, User.role == "admin", User.is_active.is_(True)))
        if admin is None:
            raise Invalid("break_glass_user_id", NOT_AN_ADMIN)
    config = await get_config(session) or SsoConfig()
    fields = {f: getattr(data, f) for f in data.__struct_fields__ if f != "client_secret"}
    fields["issuer"] = issuer
    for name, value in fields.items():
        setattr(config, name, value)
    if data.client_secret is not msgspec.UNSET:
        config.client_secret = seal(settings, data.client_secret) if data.client_secret else None
    config.updated_at = utcnow()
    session.add(config)
    await session.flush()
    discovery.forget(issuer)
    return config


async def delete_config(session: AsyncSession) -> None:
    """Turn single sign-on off for good (linked identities stay, unused)."""
    config = await get_config(session)
    if config is None:
        raise NotFound("this company has no single sign-on")
    await session.delete(config)
    await session.flush()


async def public_config(session: AsyncSession, slug: str) -> tuple[UUID, SsoConfig] | None:
    """For the login page of an anonymous visitor: the tenant of ``slug`` and its enabled
    settings (``None``: no such tenant, or no SSO)."""
    from tenants.models import Tenant

    await leave_tenant(session)
    tenant_id = await session.scalar(select(Tenant.id).where(Tenant.slug == normalise_slug(slug)))
    if tenant_id is None:
        return None
    await enter_tenant(session, tenant_id)
    config = await get_config(session)
    if config is None or not config.enabled:
        return None
    return tenant_id, config


def adapter(settings: Settings, config: SsoConfig) -> OidcAdapter:
    """The OpenID Connect client of a tenant's settings (the secret decrypted)."""
    try:
        secret = open_sealed(settings, config.client_secret) if config.client_secret else None
    except SecretUnreadable as exc:
        raise IdpMisbehaved("client secret: it cannot be decrypted with the configured keys; enter it again") from exc
    return OidcAdapter(settings=settings, issuer=config.issuer, client_id=config.client_id,
                       client_secret=secret, scopes=config.scopes)


async def _enabled_config(session: AsyncSession, slug: str) -> SsoConfig:
    found = await public_config(session, slug)
    if found is None:
        raise NotConfigured(f"{slug}: no single sign-on for this company")
    return found[1]


async def start(session: AsyncSession, settings: Settings, slug: str, next_path: str | None) -> tuple[str, str]:
    """Start a sign-in: keep a fresh state, nonce and PKCE verifier (expiring after
    ``sso_login_ttl_seconds``) and return the provider's authorization URL and the state's digest
    (for the browser's session cookie)."""
    config = await _enabled_config(session, slug)
    client = adapter(settings, config)
    await session.commit()
    secrets = Secrets.new()
    url = await client.authorization_url(redirect_uri(settings, normalise_slug(slug)), secrets)
    now = utcnow()
    await session.execute(delete(SsoLogin).where(SsoLogin.expires_at < now - timedelta(hours=1)))
    session.add(SsoLogin(
        state_hash=state_digest(secrets.state), nonce=secrets.nonce, code_verifier=secrets.code_verifier,
        next_path=next_path, expires_at=now + timedelta(seconds=settings.sso_login_ttl_seconds),
    ))
    await session.flush()
    return url, state_digest(secrets.state)


async def finish(
    session: AsyncSession, settings: Settings, slug: str, *, state: str, code: str, error: str,
    browser_state: str | None,
) -> tuple[User, str | None]:
    """Finish a sign-in at the callback: the state must be this tenant's, unexpired, unused and
    the one this browser started (spent here, whatever happens next); then the code is exchanged,
    the ID token checked and the user found, linked or created. Returns the user and where to go."""
    config = await _enabled_config(session, slug)
    if not state:
        raise SignInRefused("state: missing")
    digest = state_digest(state)
    now = utcnow()
    row = (await session.execute(
        update(SsoLogin)
        .where(SsoLogin.state_hash == digest, SsoLogin.used_at.is_(None), SsoLogin.expires_at > now)
        .values(used_at=now)
        .returning(SsoLogin.nonce, SsoLogin.code_verifier, SsoLogin.next_path)
    )).first()
    client = adapter(settings, config)
    await session.commit()
    if row is None:
        raise SignInRefused("state: unknown, expired or already used")
    if browser_state != digest:
        raise SignInRefused("state: started in another browser")
    if error:
        raise SignInRefused(f"provider: {error[:200]}")
    if not code:
        raise SignInRefused("code: missing")
    nonce, verifier, next_path = row
    identity = await client.identity(redirect_uri(settings, normalise_slug(slug)), code,
                                     Secrets(state=state, nonce=nonce, code_verifier=verifier))
    config = await get_config(session)
    user = await _user_for(session, config, identity)
    return user, next_path


async def _user_for(session: AsyncSession, config: SsoConfig, identity) -> User:
    """The user an identity stands for: the linked one; else the user with its e-mail (unless the
    provider says the e-mail is unverified), linked now; else a new user when just-in-time users
    are on and the claims map to a role (or a default role is set). An existing user's role
    follows the claims when they map to one (the break-glass admin's and the last admin's never
    drop)."""
    mapped = mapped_role(identity.claims, config.role_claim, config.role_map)
    link = await session.scalar(select(SsoIdentity).where(
        SsoIdentity.issuer == identity.issuer, SsoIdentity.subject == identity.subject))
    user = None
    if link is not None:
        user = await session.scalar(select(User).where(User.id == link.user_id))
    elif identity.email and identity.email_verified is not False:
        user = await session.scalar(select(User).where(User.email == normalise_email(identity.email)))
    if user is None:
        role = mapped or config.default_role
        if not config.jit_users or role is None:
            raise NoRole(f"{identity.subject}: no user and no role for this person")
        if not identity.email:
            raise SignInRefused("id_token: no e-mail claim to create the user with")
        user = User(email=normalise_email(identity.email)[:254], name=(identity.name or identity.email)[:200],
                    role=role, password_hash=NO_PASSWORD)
        session.add(user)
        await session.flush()
    elif not user.is_active:
        raise SignInRefused(f"{user.email}: the user is deactivated")
    elif (mapped and mapped != user.role and user.id != config.break_glass_user_id
          and (user.role != "admin" or await _other_admins(session, user.id))):
        user.role = mapped
    if link is None:
        link = SsoIdentity(user_id=user.id, issuer=identity.issuer, subject=identity.subject)
        session.add(link)
    link.last_login_at = utcnow()
    await session.flush()
    return user


async def _other_admins(session: AsyncSession, user_id: UUID) -> int:
    return await session.scalar(select(func.count()).select_from(User).where(
        User.role == "admin", User.is_active.is_(True), User.id != user_id))


async def test_connection(settings: Settings, issuer: str) -> ConnectionReport:
    """Fetch the issuer's discovery document and keys afresh and say what was found or which
    step failed and why."""
    step = "issuer"
    try:
        check_url(issuer, settings, "issuer")
        step = "discovery"
        provider = await discovery.provider(settings, issuer, fresh=True)
        step = "keys"
        keyset = await discovery.keys(settings, provider.jwks_uri, fresh=True)
    except SsoError as exc:
        return ConnectionReport(ok=False, step=step, detail=exc.detail, issuer=issuer)
    return ConnectionReport(
        ok=True, step="done", detail=f"discovery and {len(keyset.keys)} signing key(s) fetched", issuer=issuer,
        authorization_endpoint=provider.authorization_endpoint, token_endpoint=provider.token_endpoint,
        jwks_uri=provider.jwks_uri, keys=len(keyset.keys), algorithms=list(provider.algorithms),
    )


async def reseal_all(maker, settings: Settings) -> int:
    """Re-encrypt every tenant's client secret under the current ``secret_key`` (after a key
    rotation, with the old key in ``previous_secret_keys``); one transaction per tenant. Returns
    how many were resealed; a secret no key opens stops the run with :class:`SecretUnreadable`."""
    from tenants.models import Tenant

    async with maker() as session:
        tenant_ids = list((await session.scalars(select(Tenant.id))).all())
    done = 0
    for tenant_id in tenant_ids:
        async with maker() as session, session.begin():
            bind_tenant(session, tenant_id)
            config = await get_config(session)
            if config is not None and config.client_secret:
                config.client_secret = reseal(settings, config.client_secret)
                done += 1
    return done
