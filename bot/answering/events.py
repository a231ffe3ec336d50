"""A date or a duration told of another event than the one asked.

"When will the spacecraft run out of fuel?" of "The mother spacecraft, which still has a
third of its fuel, fired its engines on Monday": the sentence holds the question's words
and a date, but the date is the engines' firing, told in a clause that holds none of
them. As `rules.sum_told` reads a sum (bot/answering/decline.py `told_of`), a date or a
duration answers a "when" or "how long" question only from a clause holding one of the
question's other words (`rules.event_told`; docs/quality.md round 35).

A clause, as general text: a stretch of the sentence between commas, semicolons,
colons, brackets or dashes. A sentence's opening clause is read with the one after it: an
opening phrase dates the main clause that follows ("On Monday, the panel reported"); a
clause of a few words with the one before it ("recorded in Latin, 9th century").
A duration is a time's ("six seconds"), not a length's: "How long is the beetle?" asks a
size that no event words tell.

General English only; nothing here knows any article or question set.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from bot.answering.answer_types import is_duration
from bot.cues import states_time
from bot.memo import SENTENCE_CACHE
from bot.text import analyze

# a comma, semicolon or colon before a space ("1,000" and "22:30" are no breaks), a
# bracket, or a dash between spaces
_BREAK = re.compile(r"[,;:](?=\s)|[()\[\]]|\s[-–—]\s|—")
_SHORT = 3  # words: a clause this short stands with the one before ("in Latin, 9th century")


def clauses(sentence: str) -> list[str]:
    """The sentence's clauses (module docstring), the opening one joined to the next, and
    one of at most `_SHORT` words to the one before (an apposition: "recorded in Medieval
    Latin, 9th century", "on Tuesday, 5 May")."""
    parts: list[str] = []
    for part in (p.strip() for p in _BREAK.split(sentence)):
        if not part:
            continue
        if parts and len(part.split(None, _SHORT)) <= _SHORT:
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
    if len(parts) > 1:
        parts[:2] = [f"{parts[0]} {parts[1]}"]
    return parts


DATES, DURATIONS = "dates", "durations"  # the kinds a clause may state


def states(kind: str, text: str) -> bool:
    """Whether `text` states a date ("on Monday", "in 2031", "December 15") or a time of
    day ("at 2:30"), for DATES, or a span of time ("six seconds"), for DURATIONS."""
    if kind == DURATIONS:
        return is_duration(text)
    return states_time(text)


@lru_cache(maxsize=SENTENCE_CACHE)
def stating(sentence: str, kind: str) -> tuple[frozenset[str], ...]:
    """The index terms of each clause of `sentence` stating `kind` (`states`): read once
    per sentence, whichever question asks (bot/memo.py)."""
    return tuple(frozenset(analyze(c)) for c in clauses(sentence) if states(kind, c))


def told_elsewhere(
    sentences: Iterable[tuple[str, frozenset[str]]],
    kind: str,
    held: Callable[[frozenset[str]], bool],
) -> bool:
    """Whether every clause of `sentences` (each with its index terms) that states `kind`
    (a date, a duration) holds none of the question's other words (`held` of its index
    terms), and some clause states one: the passage tells the kind asked only of something
    else. False when no clause states it (the kind checks say whether the passage holds it
    at all). A sentence holding none of those words can hold them in no clause, and one
    stating no such clause needs no reading of its words at all."""
    found = False
    for sentence, terms in sentences:
        clauses_stating = stating(sentence, kind)
        if not clauses_stating:
            continue
        if held(terms) and any(map(held, clauses_stating)):
            return False
        found = True
    return found
