"""Helpers for page tests: read the CSRF token of a page and post its forms, count the SQL a
request runs."""

from __future__ import annotations

import re
from contextlib import contextmanager

from sqlalchemy import event

CSRF_RE = re.compile(r'name="_csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


async def post_form(client, page_url: str, action: str, data: dict, **kwargs):
    """Open ``page_url`` (for its token and cookie), then post ``data`` to ``action``."""
    page = await client.get(page_url)
    return await client.post(action, data={"_csrf_token": csrf_of(page.text), **data}, **kwargs)


def field_error(html: str, name: str, prefix: str = "") -> str:
    """The error message shown beside the field ``name`` (empty when there is none)."""
    match = re.search(rf'id="{prefix}{name}-error">([^<]*)<', html)
    return match.group(1) if match else ""


def input_value(html: str, name: str, prefix: str = "") -> str:
    """The value the input ``name`` shows."""
    match = re.search(rf'id="f-{prefix}{name}"[^>]*value="([^"]*)"', html)
    return match.group(1) if match else ""


@contextmanager
def counting(app):
    """The SQL statements the app's engine runs meanwhile."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


async def pages_of(client, url: str) -> list[str]:
    """The HTML of a console list and of each page after it, following its "Next page" link."""
    pages, link = [], url
    while link:
        page = await client.get(link)
        assert page.status_code == 200, page.text
        pages.append(page.text)
        following = re.search(r'<a class="button" href="(\?[^"]*cursor=[^"]+)"', page.text)
        link = url.split("?")[0] + following.group(1).replace("&amp;", "&") if following else None
    return pages
