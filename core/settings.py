"""Settings from ``SHOUHOU_*`` environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Literal

import msgspec

SECRET_FILE = ".shouhou-secret"


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the app reads from its environment.

    ``database_url`` is what the app connects with; on PostgreSQL it should be a role that owns
    no table (row-level security applies to it). ``migration_database_url`` is the table owner's
    connection for ``shouhou db upgrade`` (defaults to ``database_url``). ``app_db_role`` is
    granted access to the tables after each upgrade.
    """

    env: Literal["development", "production", "test"] = "development"
    database_url: str = "sqlite+aiosqlite:///./shouhou.db"
    migration_database_url: str = ""
    #: ``database_url`` goes through a pooler in transaction mode (pgbouncer ``pool_mode =
    #: transaction``): no server-side statement cache, a fresh name for every prepared statement.
    database_transaction_pooler: bool = False
    #: Connections the app keeps open to PostgreSQL, and how many more it may open at a peak (closed
    #: again when returned to a full pool). Keep the pool at least as large as the requests one node
    #: serves at once: an overflow connection is opened and closed per request, and every statement
    #: is prepared afresh on it.
    database_pool_size: int = 20
    database_max_overflow: int = 10
    app_db_role: str = "shouhou_app"
    #: Where attachment files are kept (local disk storage), one folder per tenant.
    storage_dir: str = "./shouhou-files"
    secret_key: str = ""
    default_locale: str = "zh_Hans"
    timezone: str = "Asia/Shanghai"
    token_ttl_seconds: int = 12 * 3600
    #: Lifetime of the bearer tokens OAuth clients obtain from ``/api/v1/oauth/token``.
    client_token_ttl_seconds: int = 3600
    #: Failed logins per source and account before the pair is held back; every failure after
    #: that doubles the hold, from ``login_backoff_seconds`` up to ``login_backoff_max_seconds``.
    login_max_failures: int = 5
    #: A pair's failures are forgotten this long after its last hold ended.
    login_window_seconds: int = 15 * 60
    login_backoff_seconds: int = 60
    login_backoff_max_seconds: int = 3600
    #: Signups per source address, and across all sources, per ``signup_window_seconds``.
    signup_limit_per_source: int = 5
    signup_limit_global: int = 200
    signup_window_seconds: int = 3600
    #: Password-reset requests per source address per ``signup_window_seconds``.
    reset_limit_per_source: int = 10
    #: How long an e-mailed password-reset link stays valid.
    reset_ttl_seconds: int = 30 * 60
    #: Threads hashing and checking passwords (argon2id), off the event loop; 0: one per core.
    password_workers: int = 0
    #: Niceness of those threads on Linux (0: the event loop's priority). 10 keeps /health fast in
    #: a login storm on a dedicated host; on a host shared with busy processes it starves logins.
    password_niceness: int = 0
    #: argon2id's cost: passes over memory, and KiB of memory per hash. 0 (the default): argon2's
    #: RFC 9106 low-memory profile (3 passes over 64 MiB) — except under ``env="test"``, where it is
    #: the cheapest (1 pass over 1 MiB) so that a test suite's thousands of logins stay fast.
    password_time_cost: int = 0
    password_memory_kib: int = 0
    #: Outgoing mail (password-reset links). Without ``smtp_host`` no mail is sent.
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_from: str = ""
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    #: The address users reach the console at, for links in e-mails (never taken from a request).
    public_url: str = "http://127.0.0.1:8000"
    #: Per-tenant quotas (defaults; a tenant's own override wins, ``shouhou tenant quota``):
    #: authenticated requests per minute on each node, background jobs running at once, rows per
    #: import, attachment storage.
    quota_requests_per_minute: int = 1200
    quota_running_jobs: int = 2
    quota_import_rows: int = 50_000
    quota_storage_mb: int = 2048
    #: Days a tenant whose deletion an admin asked for stays suspended (and can be restored) before
    #: it is purged.
    tenant_deletion_grace_days: int = 30
    #: Notification gateways and group robots a tenant configures may be on private addresses
    #: (loopback, RFC 1918, link-local) only when the operator allows it; off by default.
    notifications_allow_private_addresses: bool = False
    #: How long one delivery to a gateway, robot or mail server may take (seconds).
    notifications_timeout_seconds: float = 5.0
    run_sweeps_in_process: bool | None = None
    sweep_interval_seconds: int = 60
    job_lease_seconds: int = 300
    debug: bool = False
    log_format: Literal["json", "console"] = "json"
    log_level: str = "INFO"
    metrics_enabled: bool = True
    metrics_token: str = ""
    metrics_tenant_label: bool = False
    tracing_enabled: bool = False
    worker_heartbeat_max_age_seconds: int = 0
    #: Outbound webhooks may reach private, loopback, link-local and reserved addresses (off: a
    #: tenant's URL resolving to any of them is refused, at save and at every delivery).
    webhook_allow_private_networks: bool = False
    #: How long one webhook delivery attempt may take, connecting included.
    webhook_timeout_seconds: float = 10.0
    #: Earlier values of ``secret_key``, comma-separated: what was encrypted with them (tenants'
    #: SSO client secrets) stays readable after a key rotation (docs/integrations/sso.md).
    previous_secret_keys: str = ""
    #: Tenant SSO: identity providers on private, loopback or link-local addresses, and plain
    #: ``http://`` issuers, are refused unless this is set (tests and closed networks only).
    sso_allow_private_issuers: bool = False
    #: Tenant SSO: each request to an identity provider gives up after this many seconds, and
    #: reads at most ``sso_max_response_bytes`` of its answer.
    sso_http_timeout_seconds: float = 5.0
    sso_max_response_bytes: int = 256 * 1024
    #: Tenant SSO: how long an issuer's discovery document and keys are cached, and how long a
    #: started sign-in may take before it must be started again.
    sso_discovery_ttl_seconds: int = 600
    sso_login_ttl_seconds: int = 600
    #: Tenant SSO: sign-ins one client address may start per ``sso_login_ttl_seconds``.
    sso_start_limit_per_source: int = 60
    #: Tenant SSO: clock difference tolerated between Shouhou and the identity provider when
    #: checking an ID token's ``exp``, ``iat`` and ``nbf``.
    sso_clock_skew_seconds: int = 60

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith("postgresql")

    @property
    def owner_url(self) -> str:
        return self.migration_database_url or self.database_url

    @property
    def sweeps_in_process(self) -> bool:
        """The embedded default runs sweeps inside the server; PostgreSQL deployments run workers."""
        if self.run_sweeps_in_process is None:
            return not self.is_postgres and self.env != "test"
        return self.run_sweeps_in_process

    @property
    def heartbeat_max_age(self) -> int:
        """How old the newest worker heartbeat may be before ``/health/ready`` says the workers
        stopped: three sweep intervals, at least five minutes, unless set."""
        return self.worker_heartbeat_max_age_seconds or max(3 * self.sweep_interval_seconds, 300)

    @property
    def password_cost(self) -> tuple[int, int]:
        """argon2id's (passes, KiB of memory) for new hashes; see ``password_time_cost``."""
        standard = (1, 1024) if self.env == "test" else (3, 65536)
        return (self.password_time_cost or standard[0], self.password_memory_kib or standard[1])

    @property
    def secure_cookies(self) -> bool:
        return self.env == "production"


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read ``SHOUHOU_*`` variables; generate and keep a secret key for the embedded default."""
    environ = dict(os.environ if environ is None else environ)
    raw = {
        key[len("SHOUHOU_") :].lower(): value
        for key, value in environ.items()
        if key.startswith("SHOUHOU_") and value != ""
    }
    fields = set(Settings.__struct_fields__)
    settings = msgspec.convert({k: v for k, v in raw.items() if k in fields}, Settings, strict=False)
    if not settings.secret_key:
        if settings.env == "production":
            raise RuntimeError("SHOUHOU_SECRET_KEY is required when SHOUHOU_ENV=production")
        settings = msgspec.structs.replace(settings, secret_key=_kept_secret(Path(SECRET_FILE)))
    return settings


def _kept_secret(path: Path) -> str:
    """Read the generated secret key, creating it (mode 0600) on first run."""
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key
