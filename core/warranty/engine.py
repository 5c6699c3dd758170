"""Asking the tenant's enabled plugins about a claim: who decides it, what a paid repair costs,
and a plugin's complaint about the claim (an exception naming a ``field``) turned into an answer
about the request (422). Any other exception of a plugin is its own bug: the plugin manager logs
and counts it against the plugin and the request gets a 500 (:class:`core.errors.PluginFailed`)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

import msgspec

from core.errors import Invalid, PluginFailed
from core.i18n import pick
from core.money import yuan
from core.plugin_faults.service import record as record_faults
from core.plugins import HookFault
from core.warranty.claims import DATE_FIELDS, date_field, subject_field
from core.warranty.schemas import DecisionRequest
from core.warranty.types import Claim, Decision, Reason
from tenants.context import TenantContext

log = logging.getLogger(__name__)

#: Request fields a plugin may name as they are; any other name is a fact (``facts.<name>``).
REQUEST_FIELDS = ("facts", "product", "parts", "asset_id", "claim_date", "claimant")


class Answer(msgspec.Struct, frozen=True):
    """A plugin's decision, with who made it and who priced it."""

    decision: Decision
    plugin: str
    plugin_version: str
    charged_by: str | None = None


def request_field(field: str, data: DecisionRequest) -> str:
    """Where in the request a plugin's complaint about ``field`` points."""
    if field in DATE_FIELDS:
        return date_field(data, field)
    if field.split(".", 1)[0].split("[", 1)[0] in REQUEST_FIELDS:
        return field
    return f"facts.{field}"


def claim_error(exc: Exception, data: DecisionRequest) -> Invalid:
    """A plugin's exception about the claim (one with a ``field``: a
    :class:`~core.warranty.problems.ClaimProblem`) as a 422 naming the request field; the message
    is the exception's ``message``, its ``text`` in English, or its last argument."""
    field = getattr(exc, "field", None)
    text = getattr(exc, "text", None)
    message = (
        getattr(exc, "message", None)
        or (pick(text, "en") if isinstance(text, dict) else None)
        or (str(exc.args[-1]) if exc.args else type(exc).__name__)
    )
    return Invalid(request_field(str(field), data) if field else "facts", str(message))


def ask(ctx: TenantContext, hook_name: str, claim: Claim, data: DecisionRequest) -> tuple[str, Any] | None:
    """The first enabled plugin's answer to a decision hook, as ``(plugin, answer)``; a plugin's
    bug propagates as :class:`core.errors.PluginFailed` (500)."""
    try:
        return ctx.hooks.first_answer(hook_name, claim=claim, settings=ctx.settings)
    except PluginFailed as exc:  # a bug, not the request's fault: kept for the admin after the rollback
        fault = HookFault(plugin=exc.plugin, hook=exc.hook, error=exc.error, message=exc.message)
        exc.after_rollback = partial(record_faults, faults=[fault])
        raise
    except Exception as exc:
        if getattr(exc, "field", None) is None:
            raise
        log.info("%s refused the claim: %r", hook_name, exc)
        raise claim_error(exc, data) from exc


def priced(ctx: TenantContext, claim: Claim, data: DecisionRequest, answer: Answer) -> Answer:
    """A paid repair without a charge is priced by ``shouhou_service_charge`` (the core's default:
    the sum of the parts replaced); the charge joins the rule ids and reasons."""
    decision = answer.decision
    if decision.decision != "repair_paid" or decision.charge is not None:
        return answer
    plugin, charge = ask(ctx, "shouhou_service_charge", claim, data)
    rule_id = f"{plugin}.service_charge"
    reason = Reason(
        rule_id=rule_id,
        text={
            "zh_Hans": f"收费维修：{yuan(charge.amount_fen)} 元",
            "en": f"Paid repair: {yuan(charge.amount_fen)} {charge.currency}",
        },
    )
    decision = msgspec.structs.replace(
        decision, charge=charge, rule_ids=(*decision.rule_ids, rule_id), reasons=(*decision.reasons, reason)
    )
    return msgspec.structs.replace(answer, decision=decision, charged_by=plugin)


def decide(ctx: TenantContext, claim: Claim, data: DecisionRequest) -> Answer:
    """Ask the enabled plugins to decide ``claim``; 422 on the claimed subject when none does."""
    found = ask(ctx, "shouhou_warranty_decision", claim, data)
    if found is None:
        raise Invalid(subject_field(data), f"no enabled plugin decides warranty claims for {claim.asset_type!r}")
    plugin, decision = found
    answer = Answer(decision=decision, plugin=plugin, plugin_version=ctx.hooks.manager.infos[plugin].version)
    return priced(ctx, claim, data, answer)
