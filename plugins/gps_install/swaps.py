"""The swap record on the repair service form (维修服务单, 003 篇5 §四.5-6): a terminal taken for
repair is labelled with the plate and the fault and its old and new terminal numbers are written
down; a SIM swap records the old and the new SIM (ICCID)."""

from __future__ import annotations

import msgspec

from core.sdk import plate_problem
from plugins.gps_install.identifiers import (
    iccid_problem,
    normalize_iccid,
    normalize_terminal_number,
    terminal_number_problem,
)
from plugins.gps_install.settings import Settings

Problem = tuple[str, str]


class SwapRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=False):
    """What the repair form records about a swap; every field is optional on its own."""

    plate: str | None = None
    fault: str | None = None
    old_terminal_no: str | None = None
    new_terminal_no: str | None = None
    old_iccid: str | None = None
    new_iccid: str | None = None


def _pair(record: SwapRecord, old: str, new: str, check, normalize) -> list[Problem]:
    """Both sides of a swap are given, each valid, and they differ."""
    values = {old: getattr(record, old), new: getattr(record, new)}
    if all(v is None for v in values.values()):
        return []
    problems = [(f, "is required: record both the old and the new one") for f, v in values.items() if not v]
    problems += [(f, p) for f, v in values.items() if v and (p := check(v)) is not None]
    if not problems and normalize(values[old]) == normalize(values[new]):
        problems.append((new, f"is the same as {old}"))
    return problems


def swap_problems(record: SwapRecord | dict, settings: Settings) -> list[Problem]:
    """DOMAIN §9: the problems of a swap record as ``(field, message)``; empty when valid.

    A record swaps the terminal, the SIM or both. A terminal swap needs the plate and the fault
    (they go on the label stuck to the terminal)."""
    if isinstance(record, dict):
        record = msgspec.convert(record, SwapRecord)
    terminal = _pair(record, "old_terminal_no", "new_terminal_no",
                     lambda v: terminal_number_problem(v, settings.terminal_number_pattern),
                     normalize_terminal_number)
    sim = _pair(record, "old_iccid", "new_iccid", iccid_problem, normalize_iccid)
    problems = terminal + sim
    swaps_terminal = record.old_terminal_no is not None or record.new_terminal_no is not None
    swaps_sim = record.old_iccid is not None or record.new_iccid is not None
    if not swaps_terminal and not swaps_sim:
        return [("swap", "record a terminal swap (old/new terminal number) or a SIM swap (old/new ICCID)")]
    if swaps_terminal:
        if not record.plate:
            problems.append(("plate", "is required on a terminal taken for repair (label: plate and fault)"))
        elif (p := plate_problem(record.plate)) is not None:
            problems.append(("plate", p))
        if not record.fault:
            problems.append(("fault", "is required on a terminal taken for repair (label: plate and fault)"))
    return problems
