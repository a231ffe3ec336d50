"""Phrases in a question that mean what their words alone do not: phrasal verbs ("held UP",
"left OUT", "turned the offer DOWN") and WordNet's other multi-word expressions ("took
part", "death toll", "well known").

A reader writes a verb and a particle where an article uses one word ("Why was the final
held up?" / "play was delayed"; "Which state was left out?" / "Tasmania was excluded").
The pair means what neither word does, so the verb's own word cannot find the article's.
WordNet lists such verbs ("hold_up", "leave_out"); bot/relations.py holds their one-word
relations, keyed by the verb's index term and the particle (docs/word_relations.py).

Found here from the question's words alone: a content word followed by a particle, or
by a short object and then an adverbial particle that ends the question or a clause
("send the form back", "turned the offer down"). Whether the pair is a phrasal verb is
the relations table's business (bot/answering/vocabulary.py): "Who lives in Oslo?" finds
the pair (lives, in), which WordNet knows ("live_in"), at the weight of its senses.

Multi-word expressions (`phrases`) are two or three adjacent words whose index terms,
joined by "_", the relations table holds ("took part" -> take_part ~ participate); the
longest at each position, left to right, never overlapping ("sign the peace treaty": the
table holds "peace_treaty", so "sign_the_peac" is not looked for after it). Words the
reader capitalised are names, not a phrase ("the Home Office"); a verb and a particle are
`pairs`' business; a phrase ends with a content word, so a verb and the preposition that
follows it by chance ("arrived at", "taken to", "kind of") are none, nor is "at once" (no
unit to attach to).
"""

from __future__ import annotations

from typing import NamedTuple

from bot.relations import phrase_keys
from bot.text import STOPWORDS, term

# After the verb at once: any particle ("called for", "looked into").
PARTICLES = frozenset(
    "up down out off back away over in on for about through into along around apart".split()
)
# After an object: only the particles that are rarely prepositions ("send the form back",
# not "put the cup in the sink"), and only at the end of the question or before a
# function word ("turned the offer down for now").
AFTER_OBJECT = frozenset("up down out off back away apart".split())
OBJECT_WORDS = 2  # at most this many words of an object: "the form", "their first offer"
_DETERMINERS = frozenset("the a an it them him her his their its this that these those".split())
PHRASE_WORDS = (3, 2)  # the words of a multi-word expression, the longest tried first


class Phrase(NamedTuple):
    key: str  # the relations table's key: the words' index terms joined by "_" (take_part)
    words: tuple[str, ...]  # its content words, as the question writes them (took, part)


def phrases(tokens: list[str], names: frozenset[str]) -> tuple[Phrase, ...]:
    """WordNet's multi-word expressions among the question's words (lower case, in order),
    but for phrasal verbs and names (the module's docstring)."""
    keys = phrase_keys()
    found: list[Phrase] = []
    at = 0
    while at < len(tokens) - 1:
        size = next((n for n in PHRASE_WORDS if _phrase(tokens[at : at + n], n, names, keys)), 0)
        if size:
            window = tokens[at : at + size]
            key = "_".join(term(w) for w in window)
            found.append(Phrase(key, tuple(w for w in window if w not in STOPWORDS)))
        at += size or 1
    return tuple(found)


def _phrase(window: list[str], size: int, names: frozenset[str], keys: frozenset[str]) -> bool:
    if len(window) < size or (size == 2 and window[1] in PARTICLES):
        return False
    if not all(w.isalpha() for w in window) or not names.isdisjoint(window):
        return False
    if window[-1] in STOPWORDS:  # a verb and its preposition ("arrived at", "taken to")
        return False
    return "_".join(term(w) for w in window) in keys


def pairs(tokens: list[str]) -> tuple[tuple[str, str], ...]:
    """(verb word, particle) pairs of the question's words (lower case, in order)."""
    found: list[tuple[str, str]] = []
    for k, word in enumerate(tokens[:-1]):
        if word in STOPWORDS or not word.isalpha():
            continue
        following = tokens[k + 1]
        if following in PARTICLES:
            found.append((word, following))
        elif following in _DETERMINERS:
            particle = _after_object(tokens, k + 2)
            if particle:
                found.append((word, particle))
    return tuple(found)


def _after_object(tokens: list[str], start: int) -> str:
    """The adverbial particle closing a short object that starts before `start`, or ""."""
    for at in range(start, min(start + OBJECT_WORDS + 1, len(tokens))):
        word = tokens[at]
        if word in AFTER_OBJECT:
            ends = at + 1 == len(tokens) or tokens[at + 1] in STOPWORDS
            return word if ends else ""
        if word in STOPWORDS and word not in _DETERMINERS:
            return ""  # a preposition or a verb: the object has ended without a particle
    return ""
