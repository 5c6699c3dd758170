"""Regular expressions written by tenants (form ``pattern`` keywords, plugin settings): compiled
with RE2, whose matching time is linear in the text, so no pattern can backtrack for seconds.

A pattern RE2 cannot run (back-references, look-around, a repetition too large for
:data:`MAX_REGEX_MEMORY`) is refused with the reason, when it is saved.
"""

from __future__ import annotations

import functools

import re2

#: Longest pattern a tenant may write (characters).
MAX_PATTERN_LENGTH = 1_000
#: Memory RE2 may use for one compiled pattern (bytes); a larger automaton is refused.
MAX_REGEX_MEMORY = 1 << 20


class UnsafePattern(ValueError):
    """A pattern the linear-time engine cannot run; the message says why."""


@functools.lru_cache(maxsize=1024)
def compile_pattern(pattern: str):
    """``pattern`` compiled by RE2 (``search``, ``fullmatch`` as in :mod:`re`); raises
    :class:`UnsafePattern` when it is too long or RE2 cannot compile it."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise UnsafePattern(f"the pattern is longer than {MAX_PATTERN_LENGTH} characters")
    options = re2.Options()
    options.log_errors = False
    options.max_mem = MAX_REGEX_MEMORY
    try:
        return re2.compile(pattern, options=options)
    except re2.error as exc:
        reason = exc.args[0].decode(errors="replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise UnsafePattern(
            f"the pattern cannot be run by the linear-time regular expression engine (RE2): {reason}"
        ) from exc
