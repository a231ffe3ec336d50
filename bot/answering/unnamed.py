"""The one asked about told of unnamed: "a spokesman", "one resident", "two brothers".

A near miss asks the name of someone (or something) the article tells of without naming:
"What was the name of the firefighter taken to hospital?" of "One firefighter was taken to
hospital", "Who is the astronomer reviewing the paper?" of "An astronomer who was not
involved ...", "Which processing plant is cutting hours?" of "A local processing plant
said ...". The passage holds the question's words and a name near them ("the Guardia
Civil", "Yorkshire"), so the check that a name stands with the noun lets it answer; but a
noun brought in by "a", "one", "two" or "their" with no name joined to it is someone the
story does not name.

`asked_noun` reads the noun whose name a question asks: the head noun of "what is the name
of N" and "which N" (bot/answering/withheld.py's reading, `Analysis.withheld`), and of
"who is / was the N ...": the noun phrase's last word before a verb or a function word.

`told_unnamed` reads the passage: each mention of N (in the forms the question's word
matches) is *named* when a name is joined to it ("skipper Sean Boyle", "its chairman,
Margaret Ellery,", "a firm called Havkraft", "Jane Roe, a nurse", "Jane Roe, 45, a nurse",
"Jane Roe is a nurse"), *unnamed* when a determiner that brings in someone new ("a", "an",
"one", "another", "some", "several", a number, a possessive: "their 19-year-old grandson")
opens its noun phrase and no name is joined, and neither otherwise ("the mayor said": a
name may stand in another paragraph). The passage tells of N unnamed when some mention is
unnamed and none is named, and no sentence names someone by a naming verb ("was named as
Jane Roe", "identified as"). General English only; nothing here knows any article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.answering.facts import Sentence
from bot.cues import NUMBER_WORDS
from bot.lexicon import past_verb
from bot.text import AUXILIARIES, POSSESSIVES, STOPWORDS, analyze, normalize, term, words

# Determiners that bring in someone the story has not named yet.
_NEW = (
    frozenset("a an one another some several few many".split())
    | POSSESSIVES
    | (frozenset(NUMBER_WORDS.split()) - {"half", "percent", "hundred", "thousand", "million"})
)
_MODIFIERS = 4  # words between the determiner and the noun ("a long open wooden boat")
# Words joining a name after the noun: "a firm called Havkraft", "the ship, named Aurora",
# "a monastery at Sant'Eufemia" (a place at a named site is named by it).
_JOINING = frozenset("called named dubbed nicknamed known as at".split())
# Words joining a name before the determiner: "Jane Roe is a nurse", "Roe, a nurse".
_COPULA = frozenset("is was are were as".split())
# A sentence naming someone by a naming verb: "was named as Jane Roe", "identified as Roe".
_NAMED_AS = re.compile(r"\b(?:named|identified)(?: him| her| them)?(?: as)? [A-Z]")
_WHO_THE = re.compile(r"^who(?: is| was| are| were|'s) the ((?:[a-z][a-z'-]* ){0,3}[a-z][a-z'-]*)")
_NAMING = frozenset(analyze("named identified"))  # the terms of `_NAMED_AS`'s verbs
_PUNCTUATION = "\"“”‘’'()[],.;:!?"
_CAPITAL = re.compile(r"[\"“‘'(]*[A-Z]")


def asked_noun(folded: str, withheld_nouns: tuple[str, ...], named: bool) -> str:
    """The noun whose name the question (`folded`: normalised, without "?") asks, or "":
    `withheld_nouns`' head when it asks a name (`named`: withheld.py's NAME), else the
    head noun of "who is / was the N ..." ("the season-ticket HOLDER who said")."""
    if named and withheld_nouns:
        return withheld_nouns[-1]
    match = _WHO_THE.match(folded) if folded.startswith("who") else None
    if match is None:
        return ""
    kept: list[str] = []
    for word in match[1].split():
        if word in STOPWORDS or word in AUXILIARIES or (kept and _verb(word)):
            break  # "the local man QUESTIONED", "the astronomer REVIEWING", "the holder WHO"
        kept.append(word)
    return kept[-1] if kept else ""


def _verb(word: str) -> bool:
    """A past form or an -ing form: the verb after the noun ("the man questioned by")."""
    return past_verb(word) or (word.endswith("ing") and len(word) > 5)


def told_unnamed(sentences: Iterable[Sentence], forms: frozenset[str]) -> bool:
    """Whether the passage's `sentences` tell of the asked noun (its index terms `forms`)
    only unnamed: some mention brought in by a determiner of someone new, none with a name
    joined, and no sentence naming someone by a naming verb (module docstring). A
    sentence's text is read only when its terms hold the noun or a naming verb."""
    unnamed = False
    for sentence in sentences:
        terms = sentence.terms
        if not _NAMING.isdisjoint(terms) and _NAMED_AS.search(sentence.text):
            return False  # "Police later identified him as Rhys Evans"
        if forms.isdisjoint(terms):
            continue
        raws = sentence.text.split()
        for k, raw in enumerate(raws):
            bare = _bare(raw)
            if bare.isalpha():
                if term(bare) not in forms:
                    continue
            elif forms.isdisjoint(map(term, words(raw))):  # "87-year-old", "U.N."
                continue
            if _joined(raws, k):
                return False
            unnamed |= _brought_in(raws, k)
    return unnamed


def _bare(raw: str) -> str:
    """A word as written without its punctuation, possessive or case ("Students'" ->
    "students"): most words need no more to be matched (`words` reads the rest)."""
    bare = raw.strip(_PUNCTUATION).lower()
    return bare[:-2] if bare.endswith(("'s", "’s")) else bare


def _is_name(raw: str) -> bool:
    """A capitalised word that is no function word ("The", "A", "He")."""
    if not _CAPITAL.match(raw):
        return False
    found = words(raw)
    return bool(found) and found[0] not in STOPWORDS


def _joined(raws: list[str], k: int) -> bool:
    """Whether a name is joined to the noun at `k`: after it ("skipper Sean Boyle", "its
    chairman, Margaret Ellery", "their castle: Afranji", "a firm called Havkraft", "a
    monastery at Sant'Eufemia"), before its determiner ("Jane Roe, a nurse", "Jane Roe,
    45, a nurse", "Jane Roe is a nurse"), or right before it in a definite phrase ("the
    General Mathematics paper"; not "a Panamanian-flagged ship", which says of what kind)."""
    after = k + 1
    if not raws[k].endswith((",", ".", ";", ":")):
        while after < len(raws) and normalize(raws[after]).strip(",") in _JOINING:
            after += 1
    if after < len(raws) and _is_name(raws[after]):
        return not raws[k].endswith((".", ";"))  # a new sentence's name is not joined
    start, determined = _opening(raws, k)
    definite = not determined or (normalize(raws[start]) == "the" and start < k - 1)
    if definite and start < k and _is_name(raws[k - 1]):
        return True  # "the General Mathematics paper", "Kilbride Street station"
    before = start - 1
    if before >= 0 and raws[before].endswith(",") and raws[before][:1].isdigit():
        before -= 1  # "Jane Roe, 45, a nurse": the age
    if before >= 0 and normalize(raws[before]) in _COPULA:
        before -= 1  # "Jane Roe is a nurse"
    return before >= 0 and _is_name(raws[before]) and not raws[before].endswith((".", ";"))


def _opening(raws: list[str], k: int) -> tuple[int, bool]:
    """Where the noun phrase of the noun at `k` opens, back over its modifiers (no comma
    or function word between) within ``_MODIFIERS`` words, and whether a determiner opens
    it there."""
    start = k
    for j in range(k - 1, max(-1, k - 1 - _MODIFIERS), -1):
        if raws[j].endswith((",", ".", ";", ":")):
            break
        word = normalize(raws[j])
        if word in _NEW or word == "the" or (word[:1].isdigit() and "-" not in word):
            return j, True  # "a", "their", "the", "40" (not "87-year-old": a modifier)
        if word in STOPWORDS:
            break  # a preposition ends the phrase: "three hours IN cramped exam halls"
        start = j
    return start, False


def _brought_in(raws: list[str], k: int) -> bool:
    """Whether the noun at `k` is brought in by a determiner of someone new ("a local man",
    "one season-ticket holder", "their 19-year-old grandson", "two brothers", "40 staff")."""
    start, determined = _opening(raws, k)
    return determined and normalize(raws[start]) != "the"
