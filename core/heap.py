"""The start-up heap kept out of the cyclic garbage collector's way.

Building the app leaves some 300,000 objects the collector tracks (mapped classes, compiled
schemas, templates, the OpenAPI document, plugin hooks) that live as long as the process. Every
full (oldest-generation) collection walks them all: about 200 ms on one core, during which no
request is answered, a few times a minute under load. Frozen once start-up is done they are
never walked again; the objects requests make are collected as before.
"""

from __future__ import annotations

import gc


def freeze_start_up() -> None:
    """Collect what start-up left as garbage, then move everything still alive into the
    collector's permanent generation (:func:`gc.freeze`). Once per process: a later app in the
    same process (tests build many) leaves the heap as it is, so no garbage of theirs is kept."""
    if gc.get_freeze_count():
        return
    gc.collect()
    gc.freeze()
