"""Database: base model, tenant scoping, engine and session."""
