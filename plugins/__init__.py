"""The built-in industry plugins. Each is loaded through the ``shouhou.plugins`` entry points,
exactly like a third-party plugin."""
