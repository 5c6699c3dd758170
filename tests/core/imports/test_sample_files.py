"""The sample files of docs/integrations/imports.md import as documented."""

from pathlib import Path

from tests.core.imports.files import upload

SAMPLES = Path(__file__).parents[3] / "docs" / "integrations" / "samples"


async def test_the_documented_samples_import_cleanly(tenant_a):
    await tenant_a.enable("lighting")
    for kind, count in (("customers", 3), ("assets", 2), ("tickets", 1)):
        job = (await upload(tenant_a, kind, (SAMPLES / f"{kind}.csv").read_bytes())).json()
        assert (job["created"], job["failed"]) == (count, 0), job
