"""Alembic revisions of the tables the lighting plugin owns (branch ``lighting``)."""
