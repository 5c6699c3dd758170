"""Error answers of pages are HTML (a friendly 403/404 page), those of the API stay JSON."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import quote, urlsplit

from litestar import Request, Response
from litestar.response import Redirect

from core.web.security import LoginRequired
from core.web.templating import render

#: Paths that answer JSON errors; everything else is a page.
JSON_PREFIXES = ("/api/", "/health", "/schema")

Handler = Callable[[Request, Exception], Response]


def is_page(request: Request) -> bool:
    return not request.url.path.startswith(JSON_PREFIXES)


def is_htmx(request: Request) -> bool:
    return bool(request.headers.get("hx-request"))


def error_page(request: Request, status_code: int) -> Response:
    """The error page; for an htmx request, a fragment saying the same in the element that asked
    (a search, a live check), so that an error is never silently dropped."""
    name = "_error.html" if is_htmx(request) else "error.html"
    return render(request, name, status_code=status_code, status=status_code)


def login_redirect(request: Request, exc: LoginRequired) -> Response:
    """To the login page, and back here after it. An htmx request (a session that ended while the
    page stayed open) takes the whole window there (``HX-Redirect``), not the element that asked."""
    if is_htmx(request):
        # Back to the page the user was on (htmx names it), not to the fragment it asked for.
        page = urlsplit(request.headers.get("hx-current-url", ""))
        back = page.path if page.path.startswith("/t/") else exc.next_path
        return Response(b"", status_code=204, headers={"HX-Redirect": f"/login?next={quote(back)}"})
    return Redirect(f"/login?next={quote(exc.next_path)}", status_code=303)


def for_pages(handlers: Mapping[type[Exception], Handler]) -> dict[type[Exception], Handler]:
    """Wrap the API's JSON error handlers so that a page request gets an HTML error page."""

    def wrap(json_handler: Handler) -> Handler:
        def handler(request: Request, exc: Exception) -> Response:
            answer = json_handler(request, exc)  # the API's status, headers and logging
            if not is_page(request):
                return answer
            page = error_page(request, answer.status_code)
            if "Retry-After" in answer.headers:  # e.g. 503 while the database is away
                page.headers["Retry-After"] = answer.headers["Retry-After"]
            return page

        return handler

    wrapped: dict[type[Exception], Handler] = {cls: wrap(h) for cls, h in handlers.items()}
    wrapped[LoginRequired] = login_redirect
    return wrapped
