"""What a plugin's own tests may use besides the ``core.testing`` pytest fixtures (registered
through the ``pytest11`` entry point): a real plugin manager, the test users' password, the
database under test and the tenant binding of a raw session."""

from __future__ import annotations

from core.db.tenancy import bind_tenant
from core.plugins import PluginManager
from core.testing import PASSWORD, database_kind

__all__ = ["PASSWORD", "PluginManager", "bind_tenant", "database_kind"]
