"""Jinja2 templates of a new plugin package (rendered by :mod:`core.kit.scaffold`)."""
