"""Phrasal verbs in a question: "held UP", "left OUT", "turned the offer DOWN".

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
"""

from __future__ import annotations

from bot.text import STOPWORDS

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
