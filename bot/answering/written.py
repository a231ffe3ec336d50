"""How the reader wrote a question's words: in capitals (ICC, EU, U.S.: acronyms to
expand) or with a capital inside the question (names). Read from the raw question, before
analysis folds case."""

from __future__ import annotations

import re

from bot.text import DOTTED, normalize

_UPPERCASE = re.compile(r"\b(?:[A-Z]\.){2,6}|\b[A-Z]{2,6}s?\b")  # "U.S." or "US"
_PLURAL = re.compile(r"\b[A-Z]{2,6}s\b")  # "NGOs": the acronym NGO and a small plural s
LETTERS = re.compile(r"[^\W\d_]+")  # a run of letters: a written word
_WRITTEN = re.compile(rf"{DOTTED}|[^\W\d_]+")  # ... or a dotted abbreviation ("U.S.")
# Pronouns that are also capitalised abbreviations: "us" is the reader ("tell us") and "US"
# or "U.S." the United States. Only the capitalised one is a question word.
PRONOUN_ACRONYMS = frozenset({"us"})


def uppercase_words(question: str) -> list[str]:
    """Words the reader wrote in capitals (ICC, EU, U.S.): candidates for acronym expansion."""
    if question.isupper():
        return []
    return [w.replace(".", "").lower() for w in _UPPERCASE.findall(question)]


def plural_acronyms(question: str) -> frozenset[str]:
    """Acronyms the reader wrote with a small plural s ("NGOs" -> "ngos"): the acronym is
    the word without it ("ngo"). "TASS" or "SARS" end in a capital: their S is theirs."""
    return frozenset(w.lower() for w in _PLURAL.findall(question))


def capitalised(question: str) -> frozenset[str]:
    """Words written with a capital inside the question (not its first word): names.

    A question in capitals only, or with every word capitalised, says nothing about names.
    """
    tokens = _WRITTEN.findall(question)
    inner = tokens[1:]
    if not inner or question.isupper() or all(t[0].isupper() for t in inner):
        return frozenset()
    return frozenset(normalize(t).replace(".", "") for t in inner if t[0].isupper())
