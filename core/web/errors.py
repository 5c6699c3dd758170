"""Error answers of pages are HTML (a friendly 403/404 page), those of the API stay JSON."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Redirect

from core.errors import DomainError
from core.web.security import LoginRequired
from core.web.templating import render

#: Paths that answer JSON errors; everything else is a page.
JSON_PREFIXES = ("/api/", "/health", "/schema")

Handler = Callable[[Request, Exception], Response]


def is_page(request: Request) -> bool:
    return not request.url.path.startswith(JSON_PREFIXES)


def error_page(request: Request, status_code: int) -> Response:
    return render(request, "error.html", status_code=status_code, status=status_code)


def status_of(exc: Exception) -> int:
    if isinstance(exc, HTTPException | DomainError):
        return exc.status_code
    return 500


def login_redirect(_request: Request, exc: LoginRequired) -> Response:
    return Redirect(f"/login?next={quote(exc.next_path)}", status_code=303)


def for_pages(handlers: Mapping[type[Exception], Handler]) -> dict[type[Exception], Handler]:
    """Wrap the API's JSON error handlers so that a page request gets an HTML error page."""

    def wrap(json_handler: Handler) -> Handler:
        def handler(request: Request, exc: Exception) -> Response:
            if is_page(request):
                status = status_of(exc)
                if status >= 500:
                    json_handler(request, exc)  # logs the error as the API does
                return error_page(request, status)
            return json_handler(request, exc)

        return handler

    wrapped: dict[type[Exception], Handler] = {cls: wrap(h) for cls, h in handlers.items()}
    wrapped[LoginRequired] = login_redirect
    return wrapped
