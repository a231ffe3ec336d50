"""A direction turned: the question asks of one side of a thing what the passage tells only
of the other.

"Who fled from southern Italy?" holds every word of "several monks fled to southern Italy",
and "Who came into contact with Wales after the conquest of England?" every word of "Even
before the Norman Conquest of England, the Normans had come into contact with Wales": the
thing is the same, the direction the question puts it in is the opposite one (SQuAD 2.0's
crowd workers wrote near misses this way). Word overlap cannot see it; the word that
governs the thing can.

English marks a direction with a closed class of words: prepositions in pairs of opposites
(before / after, to / into / toward / onto / from, with / without, above / below, inside /
outside; in two words "prior to", "ahead of", "subsequent to", "out of") and the verbs of
order, which say "before" or "after" of their object ("precedes the Early Gothic" is
before it; "follows", "succeeds" after). A question's direction is such a word followed,
past determiners, by a content word, the *thing* ("after | the | conquest"). In a
sentence, the word governing an occurrence of the thing is the first word before it past
determiners and capitalised words ("before | the Norman | Conquest"). The check (`turned`)
says a sentence answers another question when some occurrence of the thing in it is
governed by the opposite of the question's word and none by a word of the same side; a
mention under a word of another axis ("to the Conquest"), or under none, says nothing.
bot/answering/decline.py asks it of the sentences telling of what is asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from bot.answering.short_tokens import Token, tokenize
from bot.text import DETERMINERS, STOPWORDS, term


class Direction(NamedTuple):
    """A thing the question puts on one side: "after the conquest"."""

    thing: str  # its index term: "conquest"
    axis: str  # "time", "way", "company", "height", "place"
    side: int  # 0 or 1: the two opposite sides of the axis


# Each direction word: its axis and side. Prepositions are read by their word, the verbs of
# order by their index term (any form: "precedes", "preceding", "followed").
_PREPOSITIONS = {
    "before": ("time", 0),
    "after": ("time", 1),
    "to": ("way", 0),
    "into": ("way", 0),
    "toward": ("way", 0),
    "towards": ("way", 0),
    "onto": ("way", 0),
    "from": ("way", 1),
    "with": ("company", 0),
    "without": ("company", 1),
    "above": ("height", 0),
    "below": ("height", 1),
    "inside": ("place", 0),
    "outside": ("place", 1),
}
# Two words that say one direction: "prior to the war" is before it, "out of Europe" from it.
_PHRASES = {
    ("prior", "to"): ("time", 0),
    ("previous", "to"): ("time", 0),
    ("ahead", "of"): ("time", 0),
    ("subsequent", "to"): ("time", 1),
    ("out", "of"): ("way", 1),
}
_ORDER_VERBS = {
    term("precede"): ("time", 0),
    term("predate"): ("time", 0),
    term("follow"): ("time", 1),
    term("succeed"): ("time", 1),
    term("postdate"): ("time", 1),
}
_ORDER_STARTS = tuple(_ORDER_VERBS)  # their forms all start with the index term
_MAX_SKIPPED = 3  # words between the direction word and the thing


def asked(said: Sequence[str]) -> tuple[Direction, ...]:
    """The directions of a question, from its words (bot/text.py `words`): each direction
    word followed, past at most three determiners, by a content word; () for most
    questions."""
    found = []
    for at, word in enumerate(said):
        if word in _PREPOSITIONS or word == "of":  # "of": "out of", "ahead of"
            where = _direction(said, at, "")
        elif word.startswith(_ORDER_STARTS):  # most words are neither
            where = _direction(said, at, term(word))
        else:
            continue
        if where is None:
            continue
        k = at + 1
        while k < len(said) and k - at <= _MAX_SKIPPED and said[k] in DETERMINERS:
            k += 1
        if k < len(said) and k - at <= _MAX_SKIPPED and said[k] not in STOPWORDS:
            found.append(Direction(term(said[k]), *where))
    return tuple(found)


def turned(direction: Direction, sentences: Sequence[str]) -> bool:
    """Whether the thing of `direction` stands in `sentences` under the opposite direction
    word at least once and never under one of the question's side ("to southern Italy" of
    "from southern Italy"). False when no occurrence is governed by a word of its axis."""
    opposite = same = False
    for sentence in sentences:
        tokens = tokenize(sentence)
        for at, token in enumerate(tokens):
            if token.term != direction.thing:
                continue
            where = _governing(tokens, at)
            if where is None or where[0] != direction.axis:
                continue
            if where[1] == direction.side:
                same = True
            else:
                opposite = True
    return opposite and not same


def _governing(tokens: Sequence[Token], at: int) -> tuple[str, int] | None:
    """The axis and side of the word governing the word at `at`: the first word before it
    past determiners and capitalised words ("before the Norman Conquest"), when it is a
    direction word; None otherwise."""
    k = at - 1
    while (
        k >= 0
        and at - k <= _MAX_SKIPPED
        and (tokens[k].word in DETERMINERS or (tokens[k].capital and tokens[k].term))
    ):
        k -= 1
    if k < 0 or at - k > _MAX_SKIPPED:
        return None
    return _direction([t.word for t in tokens[max(0, k - 1) : k + 1]], min(k, 1), tokens[k].term)


def _direction(said: Sequence[str], at: int, index_term: str) -> tuple[str, int] | None:
    """The axis and side of the word at `at` (`index_term`: its index term, "" for a
    stopword): a two-word preposition ending there ("prior to"), a preposition, a verb of
    order; None for any other word."""
    if at and (said[at - 1], said[at]) in _PHRASES:
        return _PHRASES[said[at - 1], said[at]]
    return _PREPOSITIONS.get(said[at]) or _ORDER_VERBS.get(index_term)
