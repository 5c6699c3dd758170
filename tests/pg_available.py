"""Exit 0 when PostgreSQL answers at the URL given as the first argument, 1 otherwise."""

import asyncio
import sys


async def _ping(url: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url, connect_args={"timeout": 5})
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    await engine.dispose()


if __name__ == "__main__":
    try:
        asyncio.run(_ping(sys.argv[1]))
    except Exception as exc:
        print(f"PostgreSQL unavailable: {exc}", file=sys.stderr)
        sys.exit(1)
