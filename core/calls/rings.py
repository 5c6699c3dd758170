"""How many rings a caller heard (003 篇6: the phone is answered within three rings).

China's ringing tone is one second of ring and four of silence (YD/T 1970's 5 s cadence): ring
``n`` starts at ``(n - 1) * 5`` seconds. A call answered ``t`` seconds after it started ringing was
heard for ``floor(t / 5) + 1`` rings, so it is answered within three rings exactly when
``t < 15``: at 14.9 s the third ring is the last heard, at 15.0 s the fourth has begun.
"""

from __future__ import annotations

import math

#: Seconds from the start of one ring to the start of the next.
CADENCE_SECONDS = 5
#: 003 篇6: answered within three rings.
RINGS = 3


def rings_heard(ring_seconds: float) -> int:
    """The rings heard before a call ``ring_seconds`` long was answered."""
    return math.floor(ring_seconds / CADENCE_SECONDS) + 1


def within_three_rings(ring_seconds: float) -> bool:
    return rings_heard(ring_seconds) <= RINGS
