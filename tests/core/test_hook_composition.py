"""Hooks compose when several plugins answer (DESIGN "Plugins"): every one of the 31 non-empty sets
of the five built-in plugins gets what each of its plugins gives alone — declarations are the union,
SLA proposals are merged target by target (one plugin's chat targets beside another's on-site hours)."""

from __future__ import annotations

from itertools import combinations
from types import SimpleNamespace

import pytest

from core.sla.policy import NEUTRAL, RESOLUTION, plugin_default

BUILT_IN = ("lighting", "lubricants", "automotive", "gps_install", "ecommerce")
SUBSETS = [s for size in range(1, 6) for s in combinations(BUILT_IN, size)]
DECLARATIONS = ("shouhou_asset_types", "shouhou_ticket_kinds", "shouhou_forms", "shouhou_scripts",
                "shouhou_complaint_routing", "shouhou_penalty_ladders", "shouhou_nav_entries",
                "shouhou_warranty_tables", "shouhou_revisit_rules", "shouhou_required_forms")
TARGETS = [f for f in NEUTRAL.__struct_fields__ if f != "source" and f not in RESOLUTION]


def context(plugins, names) -> SimpleNamespace:
    return SimpleNamespace(hooks=plugins.for_tenant(names),
                           settings={n: plugins.parse_settings(n, {"require_forms": True} if n == "lubricants" else {})
                                     for n in names})


def key(item) -> str:
    for attribute in ("id", "name", "form_id", "rule_id"):
        value = getattr(item, attribute, None)
        if isinstance(value, str):
            return f"{type(item).__name__}:{value}"
    return repr(item)


def declared(ctx, hook: str) -> set[str]:
    return {key(item) for item in ctx.hooks.collect(hook, settings=ctx.settings)}


def test_there_are_31_combinations():
    assert len(SUBSETS) == 31 == len(set(SUBSETS))


@pytest.mark.parametrize("names", SUBSETS, ids="+".join)
def test_declarations_are_the_union_of_each_plugin_alone(shouhou_plugins, names):
    """Every declaration hook answers, for the set, exactly what the plugins answer one by one."""
    together = context(shouhou_plugins, names)
    for hook in DECLARATIONS:
        alone = set().union(*(declared(context(shouhou_plugins, (n,)), hook) for n in names))
        assert declared(together, hook) == alone, hook


@pytest.mark.parametrize("names", SUBSETS, ids="+".join)
def test_sla_proposals_compose_target_by_target(shouhou_plugins, names):
    """Each SLA target a plugin sets alone is set for the set, to a value one of them proposes; the
    resolution rule is one plugin's whole; chat targets exist exactly when ecommerce is enabled."""
    composed = plugin_default(context(shouhou_plugins, names))
    singles = [plugin_default(context(shouhou_plugins, (n,))) for n in names]
    for target in TARGETS:
        default = getattr(NEUTRAL, target)
        proposed = [getattr(s, target) for s in singles if getattr(s, target) != default]
        if proposed:
            assert getattr(composed, target) in proposed, target
        else:
            assert getattr(composed, target) == default, target
    assert tuple(getattr(composed, f) for f in RESOLUTION) in {tuple(getattr(s, f) for f in RESOLUTION) for s in singles}
    assert (composed.chat_greet_seconds, composed.chat_answer_seconds) == (
        (15, 20) if "ecommerce" in names else (None, None))
    assert (composed.remedy_after_days is not None) == ("lighting" in names)


async def test_lubricants_and_ecommerce_together_keep_the_chat_targets(make_tenant):
    """The case seen in use: a tenant with lubricants and ecommerce has ecommerce's chat targets
    (15 s greeting, 20 s answer, 003 篇4) and its repair week beside lubricants' on-site hours."""
    tenant = await make_tenant(plugins=("lubricants", "ecommerce"))
    policy = (await tenant.get("/api/v1/sla/policy")).json()
    assert (policy["chat_greet_seconds"], policy["chat_answer_seconds"]) == (15, 20)
    assert (policy["respond_in_province_hours"], policy["respond_out_of_province_hours"]) == (8, 24)
    assert policy["resolve_hours"] == 7 * 24
    assert set(policy["source"].split("+")) == {"lubricants", "ecommerce"}
