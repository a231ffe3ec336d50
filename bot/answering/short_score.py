"""A short-answer candidate's score beyond its distance: the bonuses of its position and
kind, and whether a number is of the kind asked (bot/answering/short.py weighs them with
`RuleSettings`'s ``short_*`` fields)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from bot.answering.answer_types import is_share
from bot.answering.short_asked import ANY, HOW_MANY, WHERE, WHO, Asking
from bot.answering.short_rules import PHRASE_DETERMINERS, noun_phrase, superseded
from bot.answering.short_tokens import NAMED, Span, Token
from bot.cues import MONEY, NUMBER, UNIT, cues_in
from bot.rules import RuleSettings

_PLACE_BEFORE = frozenset("in at from near to into off across outside inside of".split())
_PLACE_NOT_WHO = _PLACE_BEFORE - {"of", "to"}  # "the daughter of", "spoke to": a who


def bonus(
    kind: str,
    span: Span,
    trimmed: Span,
    tokens: Sequence[Token],
    asked: frozenset[str],
    focus: set[int],
    rules: RuleSettings,
) -> float:
    bonus = 0.0
    if focus and any(_beside(trimmed, k, tokens) for k in focus):
        bonus += rules.short_focus_bonus  # "the river Deabolis"
    if focus and instance(trimmed, tokens, focus):
        bonus += rules.short_instance_bonus  # "infections such as norovirus", "Rysy, the peak"
    at = trimmed.first - 1
    at -= at > 0 and tokens[at].word == "the"  # "of the Adriatic"
    before = tokens[at].word if at >= 0 else ""
    if kind == WHERE and before in _PLACE_BEFORE:
        bonus += rules.short_preposition_bonus
    if kind == WHO and before in _PLACE_NOT_WHO:
        bonus -= rules.short_preposition_bonus  # "a schoolboy from Shymkent": a place, not who
    if kind == HOW_MANY and trimmed.last < span.last and tokens[span.last].term in asked:
        bonus += rules.short_counted_bonus  # "30,000 men" for "how many men"
    if kind == HOW_MANY and superseded(span, tokens):
        bonus -= rules.short_superseded_cost  # "rise from £1.50 to £2": the £2 is the new one
    if kind == ANY and span.kind == NAMED:
        bonus += rules.short_named_bonus
    if kind == ANY and noun_phrase(trimmed, tokens):
        bonus += rules.short_phrase_bonus  # "the club's new director": a noun phrase, not a verb
    return bonus


def _beside(span: Span, k: int, tokens: Sequence[Token]) -> bool:
    """The noun naming the answer's kind (at k) stands within two words of the span, in its
    noun phrase: "the river Deabolis", "the administrative building"; not "the building in
    central Kharkiv" (a preposition starts another phrase), nor "arches, particularly"."""
    if span.first - 3 < k < span.first:
        between, edge = tokens[k + 1 : span.first], tokens[span.first]
    elif 0 < k - span.last < 3:
        between, edge = tokens[span.last + 1 : k], tokens[span.last]
    else:
        return False
    return edge.clause == tokens[k].clause and not any(
        t.word in _PLACE_BEFORE and t.word != "of" for t in between
    )


# A phrase's cues, as bot/cues.py reads a sentence's: the same phrases of the same
# passages come back question after question, so they are read once.
phrase_cues = lru_cache(maxsize=8192)(cues_in)


def number_fits(
    question: Asking,
    text: str,
    span: Span,
    tokens: Sequence[Token],
    asked: frozenset[str],
    score: float,
    rules: RuleSettings,
) -> tuple[bool, float]:
    """A number of the kind asked, as the ranking's cue reads it (bot/answering/evidence.py):
    a sum for "how much did it cost"; a measure of the dimension for "how cold" (its units),
    with a unit for "how big"; for "how many", a count, not a duration or a measure ("six
    hours" is no number of games)."""
    if question.money:  # "what does a ride cost": a sum, even without "how much"
        return MONEY in phrase_cues(text), score
    if question.share:  # "what share": "40%", "almost half", "one in three", not "1,709 children"
        return is_share(text), score
    present = phrase_cues(text)  # read once: for the number, its unit and a count's unit
    if NUMBER not in present:
        return False, score
    required = question.required
    if required.units is not None:  # "how cold": degrees
        if not required.units.search(text):
            return False, score
    elif required.any_unit and UNIT not in present:  # "how big": with any unit
        return False, score
    if question.counts and UNIT in present and tokens[span.last].term not in asked:
        return True, score - rules.short_unit_cost
    return True, score


_SUCH_AS = (("such", "as"), ("including",), ("like",), ("namely",), ("especially",))


def instance(span: Span, tokens: Sequence[Token], focus: set[int]) -> bool:
    """The span names one of the kind the question asks for ("Which infection ...?"):
    after "infections such as" ("including", "like"), or in apposition before it, "Rysy,
    the highest peak" (a comma, a determiner, at most two words, the noun)."""
    if not focus:
        return False
    first, last = span.first, span.last
    if span.kind == NAMED and any(first <= k <= last and _head(k, last, tokens) for k in focus):
        return True  # "the International Court of Justice" for "Which court ...?"
    if first > 0 and tokens[first - 1].word in PHRASE_DETERMINERS:
        first -= 1  # "such as the Danube"
    for k in focus:
        if k < first:
            words = tuple(t.word for t in tokens[k + 1 : first])
            if words in _SUCH_AS:
                return True
        elif k > last + 1 and tokens[last + 1].clause > tokens[last].clause:
            between = tokens[last + 1 : k]
            if (
                len(between) <= 3
                and between[0].word in PHRASE_DETERMINERS
                and all(t.clause == tokens[k].clause for t in between)
            ):
                return True
    return False


def _head(k: int, last: int, tokens: Sequence[Token]) -> bool:
    """The capitalised noun at k heads the name ending at `last`: it ends it, or "of"
    follows ("Court of Justice"; not "Museum Steven F. Udvar-Hazy Center")."""
    return tokens[k].capital and (k == last or tokens[k + 1].word in ("of", "for"))
