"""Where attachment bytes live. The app holds one :class:`Storage` (``app.state.storage``); the
default keeps files on local disk under ``SHOUHOU_STORAGE_DIR``, one folder per tenant. Another
backend (S3-compatible object storage…) implements the same four methods."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Protocol
from uuid import UUID

import anyio


class Storage(Protocol):
    """Bytes by tenant and key; keys are attachment ids (never a name a client chose)."""

    async def save(self, tenant_id: UUID, key: UUID, data: bytes) -> None:
        """Store ``data`` under the key (replacing nothing: keys are new ids)."""

    async def read(self, tenant_id: UUID, key: UUID) -> bytes:
        """The bytes under the key (``FileNotFoundError`` when missing)."""

    async def delete(self, tenant_id: UUID, key: UUID) -> None:
        """Remove the key's bytes (nothing when already gone)."""

    async def delete_tenant(self, tenant_id: UUID) -> int:
        """Remove every file of the tenant; how many there were."""


class LocalDisk:
    """Files under ``root/<tenant hex>/<id hex>``; file work runs in a worker thread."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, tenant_id: UUID, key: UUID) -> Path:
        return self.root / tenant_id.hex / key.hex

    async def save(self, tenant_id: UUID, key: UUID, data: bytes) -> None:
        path = self._path(tenant_id, key)

        def write() -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".partial")
            partial.write_bytes(data)
            partial.replace(path)

        await anyio.to_thread.run_sync(write)

    async def read(self, tenant_id: UUID, key: UUID) -> bytes:
        return await anyio.to_thread.run_sync(self._path(tenant_id, key).read_bytes)

    async def delete(self, tenant_id: UUID, key: UUID) -> None:
        await anyio.to_thread.run_sync(lambda: self._path(tenant_id, key).unlink(missing_ok=True))

    async def delete_tenant(self, tenant_id: UUID) -> int:
        folder = self.root / tenant_id.hex

        def remove() -> int:
            if not folder.is_dir():
                return 0
            count = sum(1 for _ in folder.iterdir())
            shutil.rmtree(folder)
            return count

        return await anyio.to_thread.run_sync(remove)
