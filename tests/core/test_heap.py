"""The app's start-up heap is frozen out of the garbage collector's walks once the lifespan has
started (``core.heap``): a full collection no longer stops every request for the ~200 ms it took
to walk it. Run in a fresh interpreter, since a freeze lasts as long as the process."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import asyncio, gc, json, sys
    from core.app import create_app
    from core.settings import Settings

    def settings():
        return Settings(env="test", database_url="sqlite+aiosqlite:///" + sys.argv[1], secret_key="heap-test")

    async def main():
        app = create_app(settings())
        report = {"before": gc.get_freeze_count()}
        async with app.lifespan():
            report["after"] = gc.get_freeze_count()
            report["app_walked"] = any(obj is app for obj in gc.get_objects())
        later = create_app(settings())
        async with later.lifespan():
            report["after_second_app"] = gc.get_freeze_count()
        print(json.dumps(report))

    asyncio.run(main())
""")


def test_the_start_up_heap_is_frozen_once_per_process(tmp_path):
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "heap.db")], capture_output=True,
                          text=True, timeout=120, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["before"] == 0
    assert report["after"] > 100_000, "the objects start-up made are in the permanent generation"
    assert report["app_walked"] is False, "a collection no longer walks the app itself"
    # (frozen objects still go when nothing refers to them: the count can only fall)
    assert report["after_second_app"] <= report["after"], "a second app in the process freezes nothing more"
