"""The ``shouhou`` command: serve, database, demo tenants, plugins and workers."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import click

from core.db.base import utcnow
from core.settings import load_settings


@click.group()
def main() -> None:
    """Shouhou (售后): after-sales service platform."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
def serve(host: str, port: int, workers: int) -> None:
    """Serve the app over HTTP."""
    import uvicorn

    from core.observability.logs import configure_logging

    configure_logging(load_settings())

    # The app writes its own structured access line per request (core.observability.logs).
    uvicorn.run("core.asgi:app", host=host, port=port, workers=workers, log_level="info", proxy_headers=True,
                access_log=False)


@main.group()
def db() -> None:
    """Database commands."""


@db.command("upgrade")
@click.option("--revision", default="heads", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply migrations (as the owner role), then grant the app role access."""
    from core.db.migrate import upgrade

    upgrade(load_settings(), revision)
    click.echo("database is up to date")


@db.command("citus-plan")
def db_citus_plan() -> None:
    """Print the statements that distribute a migrated database on Citus (reference tables,
    then every tenant table by tenant_id, colocated); refuse when a key would stop it."""
    from core.db import registry
    from core.db.base import Base
    from core.db.citus import distribution_sql, key_problems

    registry.load_models()
    registry.load_plugin_models()
    problems = key_problems(Base.metadata)
    if problems:
        raise click.ClickException("not ready for Citus:\n" + "\n".join(problems))
    for statement in distribution_sql(Base.metadata):
        click.echo(statement)


@main.group()
def backup() -> None:
    """Backups of the whole database, and the restore drill."""


URL_HELP = ("Database to read [settings: the migration (owner) URL]. On PostgreSQL a superuser or a "
            "BYPASSRLS role: tenant tables force row-level security.")


@backup.command("create")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", default=None, help=URL_HELP)
def backup_create(file: Path, url: str | None) -> None:
    """Back the database up to FILE (a new file): SQLite's online backup, or pg_dump's custom format."""
    from core.lifecycle.backup import backup as make_backup

    try:
        made = make_backup(url or load_settings().owner_url, file)
    except (FileExistsError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"backup {made.path} {made.size_bytes} bytes in {made.seconds:.2f} s")


@backup.command("drill")
@click.option("--url", default=None, help=URL_HELP)
@click.option("--workdir", default="./restore-drill", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Where the backup and a restored SQLite file go.")
@click.option("--keep", is_flag=True, help="Keep the backup and the restored copy.")
def backup_drill(url: str | None, workdir: Path, keep: bool) -> None:
    """Back up, restore into a new database, compare every table's rows per tenant; exit 1 on a difference."""
    from deploy.restore_drill import drill

    report = asyncio.run(drill(url or load_settings().owner_url, workdir, keep))
    for line in report.lines():
        click.echo(line)
    if report.differences:
        raise SystemExit(1)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("target_url")
def restore(file: Path, target_url: str) -> None:
    """Restore the backup FILE into a NEW database TARGET_URL (a SQLite file that does not exist, or a
    PostgreSQL database that is created; an existing one is refused). Then point SHOUHOU_DATABASE_URL at it."""
    from core.lifecycle.backup import restore as restore_backup

    try:
        done = restore_backup(file, target_url)
    except (FileExistsError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"restored {file} in {done.seconds:.2f} s")


@main.group()
def tenant() -> None:
    """Single-tenant commands."""


@main.group()
def sso() -> None:
    """Tenant single sign-on commands."""


@sso.command("reseal")
def sso_reseal() -> None:
    """Re-encrypt every tenant's SSO client secret under the current SHOUHOU_SECRET_KEY (run after
    a key rotation, with the old key in SHOUHOU_PREVIOUS_SECRET_KEYS; then drop it from there)."""
    from core.auth.sso.secret_box import SecretUnreadable
    from core.auth.sso.service import reseal_all
    from core.db import registry
    from core.db.engine import app_engine, make_session_maker

    settings = load_settings()

    async def run() -> int:
        registry.load_models()
        engine = app_engine(settings)
        try:
            return await reseal_all(make_session_maker(engine), settings)
        finally:
            await engine.dispose()

    try:
        click.echo(f"resealed {asyncio.run(run())} client secret(s)")
    except SecretUnreadable as exc:
        raise click.ClickException(str(exc)) from exc


@tenant.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("slug")
@click.option("--name", default=None, help="Company name [the archive's].")
def tenant_import(file: Path, slug: str, name: str | None) -> None:
    """Restore a tenant export archive (POST /api/v1/tenant/export) as a NEW tenant SLUG in this
    deployment: every row kept, under the new tenant's id."""
    from core.attachments.storage import LocalDisk
    from core.db import registry
    from core.db.engine import app_engine, make_session_maker
    from core.errors import DomainError
    from core.lifecycle.export import import_tenant

    settings = load_settings()

    async def run() -> str:
        registry.load_models()
        engine = app_engine(settings)
        try:
            async with make_session_maker(engine)() as session, session.begin():
                made = await import_tenant(session, file.read_bytes(), slug, LocalDisk(settings.storage_dir), name)
                return str(made.id)
        finally:
            await engine.dispose()

    try:
        click.echo(f"imported {file} as tenant {slug} ({asyncio.run(run())})")
    except DomainError as exc:
        raise click.ClickException(f"{exc.detail} {exc.errors}") from exc


@tenant.command("quota")
@click.argument("slug")
@click.option("--requests-per-minute", type=int, default=None, help="Authenticated requests a minute, per node.")
@click.option("--running-jobs", type=int, default=None, help="Background jobs running at once.")
@click.option("--import-rows", type=int, default=None, help="Rows per import.")
@click.option("--storage-mb", type=int, default=None, help="Attachment storage, MiB.")
@click.option("--default", "defaults", multiple=True, help="Go back to the deployment's default for this quota "
              "(requests_per_minute, running_jobs, import_rows, storage_mb); repeatable.")
def tenant_quota(slug: str, requests_per_minute: int | None, running_jobs: int | None, import_rows: int | None,
                 storage_mb: int | None, defaults: tuple[str, ...]) -> None:
    """Set the tenant SLUG's own quotas (SHOUHOU_QUOTA_* are the defaults); print those in force."""
    from sqlalchemy import select

    from core.db import registry
    from core.db.engine import app_engine, make_session_maker
    from core.errors import Invalid
    from core.quotas import quotas_of
    from tenants.models import Tenant
    from tenants.quotas import set_overrides

    settings = load_settings()
    registry.load_models()
    given = {"requests_per_minute": requests_per_minute, "running_jobs": running_jobs,
             "import_rows": import_rows, "storage_mb": storage_mb}
    changes: dict[str, int | None] = {k: v for k, v in given.items() if v is not None}
    changes.update({name: None for name in defaults})

    async def run():
        engine = app_engine(settings)
        try:
            async with make_session_maker(engine)() as session, session.begin():
                found = await session.scalar(select(Tenant).where(Tenant.slug == slug))
                if found is None:
                    raise click.ClickException(f"no tenant {slug}")
                set_overrides(found, changes)
                return quotas_of(found, settings)
        finally:
            await engine.dispose()

    try:
        quotas = asyncio.run(run())
    except Invalid as exc:
        raise click.ClickException(exc.detail) from exc
    for name, value in vars(quotas).items():
        click.echo(f"{name}: {value}")


@tenant.command("balancer-map")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--nodes", type=click.IntRange(1), default=1, show_default=True,
              help="App nodes behind the balancer (each paces a tenant to its quota).")
def tenant_balancer_map(file: Path, nodes: int) -> None:
    """Write HAProxy's map of requests a second per tenant to FILE (replaced at once): the default
    for every tenant and each tenant's own quota (deploy/haproxy.cfg reads it; deploy/balancer-rates
    rewrites it and reloads HAProxy)."""
    from core.db import registry
    from core.db.engine import app_engine, make_session_maker
    from tenants.quotas import balancer_map

    settings = load_settings()
    registry.load_models()

    async def run() -> str:
        engine = app_engine(settings)
        try:
            async with make_session_maker(engine)() as session, session.begin():
                return await balancer_map(session, settings, nodes)
        finally:
            await engine.dispose()

    text = asyncio.run(run())
    partial = file.with_name(file.name + ".new")
    partial.write_text(text)
    partial.replace(file)
    click.echo(f"{file}: {len(text.splitlines())} line(s)")


@tenant.command("purge")
def tenant_purge() -> None:
    """Purge now every tenant whose deletion grace period has ended (workers do it each round);
    print each deletion certificate."""
    from core.attachments.storage import LocalDisk
    from core.db import registry
    from core.db.engine import make_engine, make_session_maker
    from core.lifecycle.deletion import purge_due

    settings = load_settings()
    registry.load_models()

    async def run() -> list:
        engine = make_engine(settings.owner_url)
        try:
            return await purge_due(make_session_maker(engine), utcnow(), LocalDisk(settings.storage_dir))
        finally:
            await engine.dispose()

    for certificate in asyncio.run(run()):
        click.echo(f"purged {certificate.slug}: {certificate.total_rows} rows, certificate {certificate.sha256}")


@tenant.command("certificate")
@click.argument("slug")
def tenant_certificate(slug: str) -> None:
    """Print the deletion certificate of the purged tenant SLUG as JSON."""
    from core.db import registry
    from core.db.engine import make_engine, make_session_maker
    from core.lifecycle.deletion import certificate_of

    settings = load_settings()
    registry.load_models()

    async def run():
        engine = make_engine(settings.owner_url)
        try:
            async with make_session_maker(engine)() as session:
                return await certificate_of(session, slug)
        finally:
            await engine.dispose()

    found = asyncio.run(run())
    if found is None:
        raise click.ClickException(f"no deletion certificate for {slug}")
    click.echo(json.dumps({"tenant_id": str(found.deleted_tenant_id), "slug": found.slug, "name": found.name,
                           "requested_by": found.requested_by, "requested_at": found.requested_at.isoformat(),
                           "deleted_at": found.deleted_at.isoformat(), "tables": found.tables,
                           "total_rows": found.total_rows, "sha256": found.sha256}, ensure_ascii=False, indent=2))


@main.group()
def demo() -> None:
    """Demo tenants."""


@demo.command("load")
def demo_load() -> None:
    """Create the demo tenants (one per industry) unless they exist; print their admin logins."""
    from tenants.demo import load_demo

    for line in asyncio.run(load_demo(load_settings())):
        click.echo(line)


@main.group()
def plugin() -> None:
    """Plugin commands."""


@plugin.command("list")
def plugin_list() -> None:
    """Installed plugins, and those that failed to load and why."""
    from core.defaults import build_plugin_manager

    manager = build_plugin_manager()
    for name in manager.names:
        info = manager.infos[name]
        click.echo(f"{name:<16} {info.version:<10} {info.title.get('en', name)}")
    for failure in manager.failures:
        click.echo(f"{failure.name:<16} FAILED     {failure.error}")


@plugin.command("new")
@click.argument("name")
@click.option(
    "--dir", "parent", default=".", show_default=True, type=click.Path(file_okay=False, path_type=Path),
    help="Folder to create the package in.",
)
def plugin_new(name: str, parent: Path) -> None:
    """Create the plugin package shouhou-NAME: its own pyproject, entry point, hooks and a test."""
    from core.kit.scaffold import new_plugin

    try:
        target = new_plugin(name, parent)
    except (ValueError, FileExistsError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {target}")
    click.echo(f"next: cd {target} && pip install -e '.[test]' && pytest")


@main.command()
@click.option("--once", is_flag=True, help="Run one round (enqueue sweeps, run every due job) and exit.")
@click.option("--interval", type=int, default=None, help="Seconds between rounds [settings: sweep_interval_seconds].")
@click.option("--max-jobs", type=int, default=None, help="With --once: stop after this many jobs.")
@click.option(
    "--lease-seconds", type=click.IntRange(min=1), default=None,
    help="How long a claimed job is ours; a killed worker's job runs again after it [settings: job_lease_seconds].",
)
@click.option("--metrics-port", type=int, default=None,
              help="Serve this worker's Prometheus metrics on this port (for workers on hosts without a server).")
@click.option("--metrics-host", default="127.0.0.1", show_default=True,
              help="Address the worker's metrics listen on: keep it on the operators' network.")
def worker(once: bool, interval: int | None, max_jobs: int | None, lease_seconds: int | None,
           metrics_port: int | None, metrics_host: str) -> None:
    """Run background work: periodic sweeps (revisit generation, SLA) and due jobs. Several
    workers may run at once; each job runs exactly once between them."""
    from datetime import timedelta

    from core import sweeps  # noqa: F401 - installs the sweeps and handlers this worker runs
    from core.attachments.storage import LocalDisk
    from core.db import registry
    from core.db.engine import app_engine, make_engine, make_session_maker
    from core.defaults import build_plugin_manager
    from core.observability.logs import configure_logging
    from core.webhooks import delivery
    from core.worker.runner import run_forever, run_once, worker_name

    settings = load_settings()
    configure_logging(settings)
    delivery.configure(settings)
    registry.load_models()
    name = worker_name()
    if metrics_port:
        from prometheus_client import start_http_server

        from core.prometheus import process_registry

        start_http_server(metrics_port, addr=metrics_host, registry=process_registry())
    every = interval or settings.sweep_interval_seconds
    lease = timedelta(seconds=lease_seconds or settings.job_lease_seconds)

    def report(ran) -> None:
        click.echo(f"{'done' if ran.ok else 'failed'} {ran.job_id} {ran.kind} {ran.tenant_id}")

    async def run() -> None:
        engine = app_engine(settings)
        # Purging a deleted tenant is the table owner's maintenance (append-only records).
        owner = engine if settings.owner_url == settings.database_url else make_engine(settings.owner_url)
        try:
            plugins = build_plugin_manager()
            session_maker, owner_maker = make_session_maker(engine, settings), make_session_maker(owner, settings)
            if once:
                ran = await run_once(session_maker, plugins, name, every, lease=lease, max_jobs=max_jobs,
                                     owner_maker=owner_maker, max_running=settings.quota_running_jobs,
                                     storage=LocalDisk(settings.storage_dir))
                for item in ran:
                    report(item)
            else:
                await run_forever(session_maker, plugins, name, every, on_ran=report, lease=lease,
                                  owner_maker=owner_maker, max_running=settings.quota_running_jobs,
                                  storage=LocalDisk(settings.storage_dir))
        finally:
            await engine.dispose()
            await owner.dispose()

    asyncio.run(run())


if __name__ == "__main__":
    main()
