"""DOMAIN §4: the script linter flags the words to avoid 「不知道」「我不能」「我不会」 (000, 003 篇4),
and their English equivalents, with positions."""

from __future__ import annotations

import pytest

from core.scripts.lint import lint_text, lint_texts
from core.scripts.sandbox import check_syntax
from core.scripts.standard import STANDARD_SCRIPTS


@pytest.mark.parametrize(
    "text, phrase, start",
    [
        ("对不起，我不知道。", "不知道", 5),
        ("这个我不能办。", "我不能", 2),
        ("这个我不会修。", "我不会", 2),
        ("這個我不會修。", "我不会", 2),
        ("Sorry, I don't know.", "I don't know", 7),
        ("Sorry, I do not know.", "I don't know", 7),
        ("Well, I can't do that.", "I can't", 6),
        ("I cannot do that.", "I can't", 0),
        ("Sorry, i won’t.", "I won't", 7),
        ("I will not.", "I won't", 0),
    ],
)
def test_domain_4_each_banned_phrase_is_flagged_with_its_position(text, phrase, start):
    [finding] = lint_text(text, "zh_Hans")
    assert finding.phrase == phrase
    assert finding.start == start and text[finding.start : finding.end] == finding.found
    assert finding.line == 1 and finding.column == start + 1


def test_domain_4_line_and_column_on_later_lines():
    [finding] = lint_text("您好。\n请稍等，\n我不能马上答复", "zh_Hans")
    assert (finding.line, finding.column) == (3, 1)


@pytest.mark.parametrize("text", ["您好，请问有什么可以帮到您？", "I can help you.", "I know", "Ican't", "We cannot"])
def test_domain_4_polite_texts_pass(text):
    assert lint_text(text, "en") == []


def test_domain_4_standard_scripts_pass_the_linter_and_compile():
    for script in STANDARD_SCRIPTS:
        assert lint_texts(script.texts) == [], script.id
        assert set(script.texts) == {"zh_Hans", "en"}, script.id
        for text in script.texts.values():
            check_syntax(text)


async def test_domain_4_lint_endpoint(make_tenant):
    tenant = await make_tenant()
    response = await tenant.post("/api/v1/scripts/lint", json={"texts": {"zh_Hans": "我不知道", "en": "I won't"}})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ok"] is False
    assert {(f["locale"], f["phrase"], f["start"]) for f in body["findings"]} == {
        ("zh_Hans", "不知道", 1), ("en", "I won't", 0),
    }
    clean = await tenant.post("/api/v1/scripts/lint", json={"text": "感谢您的来电，再见！"})
    assert clean.json() == {"ok": True, "findings": []}
    assert (await tenant.post("/api/v1/scripts/lint", json={"text": 5})).status_code in (400, 422)
