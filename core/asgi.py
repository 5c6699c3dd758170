"""The ASGI app for servers: ``uvicorn core.asgi:app``. Logs go out as configured
(``SHOUHOU_LOG_FORMAT``, JSON by default)."""

from core.app import create_app
from core.observability.logs import configure_logging
from core.settings import load_settings

settings = load_settings()
configure_logging(settings)
app = create_app(settings)
