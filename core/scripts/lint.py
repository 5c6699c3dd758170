"""The script linter: words an agent must not say (「不知道」「我不能」「我不会」, 000 §七, 003 篇4)."""

from __future__ import annotations

import re
from collections.abc import Mapping

import msgspec


class BannedPhrase(msgspec.Struct, frozen=True):
    """A phrase to avoid: ``pattern`` finds it in a script text, ``advice`` says what to do
    instead. English equivalents are banned too, so an English script keeps the same manners."""

    id: str
    phrase: str
    pattern: re.Pattern
    advice: str


_APOSTROPHE = "['’]"

#: Walked in order; each finding names the phrase and where it is.
BANNED_PHRASES: tuple[BannedPhrase, ...] = (
    BannedPhrase("dont_know", "不知道", re.compile("不知道"),
                 "answer tactfully (婉转回答): say you will find out and reply"),
    BannedPhrase("cannot", "我不能", re.compile("我不能"), "say what you can do instead"),
    BannedPhrase("will_not", "我不会", re.compile("我不[会會]"), "say what you can do instead"),
    BannedPhrase("dont_know", "I don't know", re.compile(rf"\bI (?:don{_APOSTROPHE}t|do not) know\b", re.I),
                 "say you will find out and reply"),
    BannedPhrase("cannot", "I can't", re.compile(rf"\bI (?:can{_APOSTROPHE}t|cannot|can not)\b", re.I),
                 "say what you can do instead"),
    BannedPhrase("will_not", "I won't", re.compile(rf"\bI (?:won{_APOSTROPHE}t|will not)\b", re.I),
                 "say what you can do instead"),
)


class Finding(msgspec.Struct, frozen=True):
    """One banned phrase in one text: ``start``/``end`` are character offsets, ``line`` and
    ``column`` count from 1."""

    locale: str
    rule: str
    phrase: str
    found: str
    start: int
    end: int
    line: int
    column: int
    message: str


def lint_text(text: str, locale: str) -> list[Finding]:
    """Every banned phrase in ``text``, in the order they appear."""
    findings = []
    for banned in BANNED_PHRASES:
        for match in banned.pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            findings.append(
                Finding(
                    locale=locale, rule=banned.id, phrase=banned.phrase, found=match.group(), start=match.start(),
                    end=match.end(), line=line, column=column,
                    message=f"avoid 「{banned.phrase}」: {banned.advice}",
                )
            )
    return sorted(findings, key=lambda f: f.start)


def lint_texts(texts: Mapping[str, str]) -> list[Finding]:
    """Lint every locale's text of a script."""
    return [finding for locale, text in texts.items() for finding in lint_text(text, locale)]
