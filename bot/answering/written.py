"""How the reader wrote a question's words: in capitals (ICC, EU, U.S.: acronyms to
expand) or with a capital inside the question (names). Read from the raw question, before
analysis folds case."""

from __future__ import annotations

import re

from bot.text import DOTTED, normalize

# "U.S.", "US", or "NGOs": the acronym NGO and a small plural s
_UPPERCASE = re.compile(r"\b(?:[A-Z]\.){2,6}|\b[A-Z]{2,6}s?\b")
LETTERS = re.compile(r"[^\W\d_]+")  # a run of letters: a written word
_WRITTEN = re.compile(rf"{DOTTED}|[^\W\d_]+")  # ... or a dotted abbreviation ("U.S.")
# Pronouns that are also capitalised abbreviations: "us" is the reader ("tell us") and "US"
# or "U.S." the United States. Only the capitalised one is a question word.
PRONOUN_ACRONYMS = frozenset({"us"})


def uppercase_words(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """Words the reader wrote in capitals (ICC, EU, U.S.): candidates for acronym expansion;
    and those of them written with a small plural s ("NGOs" -> "ngos"), whose acronym is the
    word without it ("ngo"). "TASS" or "SARS" end in a capital: their S is theirs."""
    if question.isupper():
        return frozenset(), frozenset()
    found = _UPPERCASE.findall(question)
    plurals = frozenset(w.lower() for w in found if w[-1] == "s")
    return frozenset(w.replace(".", "").lower() for w in found), plurals


def capitalised(question: str) -> frozenset[str]:
    """Words written with a capital inside the question (not its first word): names.

    A question in capitals only, or with every word capitalised, says nothing about names.
    """
    tokens = _WRITTEN.findall(question)
    inner = tokens[1:]
    if not inner or question.isupper() or all(t[0].isupper() for t in inner):
        return frozenset()
    return frozenset(normalize(t).replace(".", "") for t in inner if t[0].isupper())
