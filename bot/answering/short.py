"""The short answer: the phrase of the answering sentences that answers the question.

Classic question answering without a model: the question's type says what kind of
phrase answers it (bot/answering/short_phrases.py finds those), and each candidate is scored by

- its **type**: a number for "how many / how much", a date for "when", a name for
  "who" and "where", quoted words for "what did X say", a clause of cause for "why";
  a question of no type ("What is the castle called?", "What kind of arches?") takes
  any name or run of content words;
- its **distance** to the question's words in the sentence: the answer stands next to
  what the question mentions ("the river Deabolis", "an army of 30,000");
- the **sentence** it is in: the one the ranking highlighted first, then the passage's
  others by how much of the question they hold;
- **never the question's words**: they are trimmed off a candidate's ends, and a
  candidate made only of them is none ("Who was Emma's brother?" is not "Emma").

No candidate, or none close enough for a question of no type, is no short answer:
the passage is still the answer. For a typed question (a number, a date, a name, a
place), no candidate of its type in a sentence about the question is also evidence
that the passage does not answer it (`lacks_type`; bot/answer.py declines on it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from bot.answering.cues import MONEY, NUMBER, UNIT, cues_in
from bot.answering.question import QuestionCues
from bot.answering.short_asked import (
    ACRONYM,
    ANY,
    CALLED,
    DESCRIBE,
    HOW_MANY,
    MEMBER_OF,
    SAID,
    TYPED,
    WHEN,
    WHERE,
    WHO,
    WHY,
    Asked,
    asked_kind,
    read_question,
    written_as_name,
)
from bot.answering.short_clauses import Phrases, coordinated, phrases
from bot.answering.short_rules import (
    after_verb,
    agent,
    all_near,
    before_verb,
    descriptions,
    distance,
    everyday,
    inside,
    members,
    names_asked,
    noun_phrase,
    outside,
    scaled_sum,
    spells,
    trim,
    year_only,
)
from bot.answering.short_tokens import DATE, NAMED, Span, Token, text_of
from bot.frequency import zipf_values

__all__ = ["Reading", "ShortAnswer", "asked_kind", "extract", "lacks_type", "read"]

DISTANCE_WEIGHT = 1.0  # score of a candidate right next to a question word (1 / (1 + gap))
SENTENCE_RANK_COST = 0.3  # per place a sentence stands after the highlighted one
HELD_WEIGHT = 0.5  # x the share of the question's words its sentence holds
FOCUS_BONUS = 1.0  # next to the noun naming the answer's kind ("the river Deabolis")
PREPOSITION_BONUS = 0.5  # a place after "in", "at", "from", ...
COUNTED_BONUS = 0.5  # a number that stood with the noun the question counts
NAMED_BONUS = 0.2  # for a question of no type: a name over a run of common words
PHRASE_BONUS = 0.15  # for a question of no type: a candidate after "the", "a", "its", ...
UNTYPED_COST = 1.0  # a who/where question answered by common words ("the dukes")
AGENT_BONUS = 1.0  # for "Who paid ...?": the doer after "paid for by"
UNIT_COST = 0.5  # for "How many games?": "six hours" is a measure, not a count
OBJECT_BONUS = 0.5  # for "What did they find?": a candidate right after the question's verb
SUBJECT_BONUS = 0.5  # for "Who won ...?": a candidate before the question's words
TYPE_WEIGHT = 2.0  # a candidate of the asked type over one of none
TITLE_BONUS = 0.5  # for "Who is X?": a description right next to X
COMMON_COST = 0.5  # an answer of everyday words only ("the city", "first week") says little
MAX_GAP = 4  # a question of no type: the candidate at most this many words from the question's
MAX_SENTENCES = 2  # sentences of the passage whose candidates are scored
_PLACE_BEFORE = frozenset("in at from near to into off across outside inside of".split())


@dataclass(frozen=True)
class ShortAnswer:
    text: str
    kind: str  # what the question asked for (WHO, WHEN, ...)
    sentence: str  # the sentence it was found in


@dataclass(frozen=True)
class _Candidate:
    text: str
    score: float
    typed: bool


@dataclass(frozen=True)
class Reading:
    """What the sentences say about the question: its short answer, and whether they lack
    the type it asks for (a name, number, date or place; bot/answer.py declines on it)."""

    short: ShortAnswer | None
    lacks_type: bool


def read(
    question: str,
    cues: QuestionCues,
    sentences: Sequence[str],
    asked_terms: frozenset[str],
    related_terms: frozenset[str] = frozenset(),
    units: re.Pattern[str] | None = None,
    any_unit: bool = False,
) -> Reading:
    """The short answer in `sentences` (the highlighted one first, then the others by how
    much of the question they hold), read in one pass.

    `asked_terms` are the index terms of the reader's own words (bot.text.term), which an
    answer never repeats; `related_terms` adds their synonyms ("Kyiv" for "Kiev"): an
    answer stands near them, and is not made of them alone.
    """
    asked = read_question(question, cues, sentences, asked_terms, related_terms, units, any_unit)
    best: tuple[float, str, str] | None = None
    found_typed = False
    for rank, sentence in enumerate(sentences[:MAX_SENTENCES]):
        if found_typed and asked.kind in TYPED:
            break  # the highlighted sentence holds the asked type: it answers
        for candidate in _candidates(asked, sentence):
            found_typed = found_typed or candidate.typed
            score = candidate.score - SENTENCE_RANK_COST * rank + TYPE_WEIGHT * candidate.typed
            if best is None or score > best[0]:
                best = (score, candidate.text, sentence)
    lacks = asked.kind in TYPED and not found_typed and _lacks_type(asked, sentences)
    if best is None or (asked.kind in TYPED | {SAID, WHY, MEMBER_OF} and not found_typed):
        return Reading(None, lacks)
    return Reading(ShortAnswer(best[1], asked.kind, best[2]), lacks)


def extract(
    question: str,
    cues: QuestionCues,
    sentences: Sequence[str],
    asked_terms: frozenset[str],
    related_terms: frozenset[str] = frozenset(),
    units: re.Pattern[str] | None = None,
    any_unit: bool = False,
) -> ShortAnswer | None:
    """The short answer found in `sentences` (best first), or None (`read`)."""
    return read(question, cues, sentences, asked_terms, related_terms, units, any_unit).short


def lacks_type(
    question: str,
    cues: QuestionCues,
    sentences: Sequence[str],
    asked_terms: frozenset[str],
    related_terms: frozenset[str] = frozenset(),
    units: re.Pattern[str] | None = None,
    any_unit: bool = False,
) -> bool:
    """A question asking for a name, number, date or place whose passage (`sentences`)
    holds no phrase of that type at all, not even one the question names (`read`)."""
    words = (asked_terms, related_terms)
    return read(question, cues, sentences, *words, units, any_unit).lacks_type


def _lacks_type(question: Asked, sentences: Sequence[str]) -> bool:
    for sentence in sentences:
        found = phrases(sentence, _common())
        typed, _ = _spans(question, found, sentence)
        if any(trim(span, found.tokens, frozenset()) for span in typed):
            return False
    return True


@cache
def _common() -> frozenset[str]:
    """The everyday English words (bot/frequency.py's list)."""
    return frozenset(zipf_values())


def _candidates(question: Asked, sentence: str) -> list[_Candidate]:
    found_phrases = phrases(sentence, _common())
    tokens = found_phrases.tokens
    if not tokens:
        return []
    asked, kind = question.asked, question.kind
    near = [k for k, t in enumerate(tokens) if t.term and t.term in question.near]
    close_only = kind in (ANY, DESCRIBE)  # a question of no type: next to its words or none
    if close_only and not near:
        return []
    held = len({tokens[k].term for k in near}) / max(1, len(asked))
    focus = {k for k in near if tokens[k].term in question.focus}
    found: list[_Candidate] = []
    typed_spans, loose_spans = _spans(question, found_phrases, sentence)
    for spans, typed in ((typed_spans, True), (loose_spans, False)):
        if not typed and found and not question.subject:
            break  # the asked type is here: common words cannot beat it (but a doer can)
        for span in spans:
            if close_only and min(min(abs(k - span.first), abs(k - span.last)) for k in near) > (
                MAX_GAP + 1
            ):
                continue  # far from the question's words, however it is trimmed
            whole = kind == ACRONYM and typed  # the spelled-out name answers, whole
            trimmed = span if whole else trim(span, tokens, asked)
            if trimmed is None:
                continue
            if not whole and (
                names_asked(span, tokens, question.named)
                or all_near(trimmed, tokens, question.near)  # "Kyiv" for "... in Kiev?"
            ):
                continue
            closest, gap = distance(trimmed, near, tokens)
            if close_only and closest > MAX_GAP:
                continue
            text = text_of(sentence, tokens, trimmed)
            score = DISTANCE_WEIGHT / (1 + gap) + HELD_WEIGHT * held
            score += _bonus(kind, span, trimmed, tokens, asked, focus)
            if question.verb and after_verb(trimmed, tokens, question.verb):
                score += OBJECT_BONUS  # "sacrificed a rook" for "Which piece did he sacrifice?"
            if question.subject and before_verb(trimmed, near, tokens):
                score += SUBJECT_BONUS
            if question.subject and agent(trimmed, tokens, asked):
                score += AGENT_BONUS  # "was paid for by the island council"
            if kind == HOW_MANY:
                typed, score = _number_fits(question, text, span, tokens, asked, score)
                typed = typed or (question.money and scaled_sum(span, tokens, sentence))
            if kind == WHO and question.subject and agent(trimmed, tokens, asked):
                typed = True  # "paid for by the island council": the doer, a name or not
            if kind == DESCRIBE and closest <= 1:
                score += TITLE_BONUS  # "spokeswoman Shabia Mantoo", "Karim Khan, the prosecutor"
            elif everyday(trimmed, tokens):
                score -= COMMON_COST
            if not typed and kind in (WHO, WHERE):
                score -= UNTYPED_COST
            if question.year and span.kind == DATE:
                text = text_of(sentence, tokens, year_only(trimmed, tokens))
            if text:
                found.append(_Candidate(text, score, typed))
    return found


def _number_cue(text: str, question: Asked) -> bool:
    """A number of the kind asked (as the ranking's cue reads it, bot/answering/evidence.py):
    a sum for "how much did it cost", a measure of the dimension for "how cold"."""
    present = cues_in(text)
    if NUMBER not in present:
        return False
    if question.money:
        return MONEY in present
    if question.units is not None:
        return bool(question.units.search(text))
    return UNIT in present if question.any_unit else True


def _number_fits(
    question: Asked,
    text: str,
    span: Span,
    tokens: Sequence[Token],
    asked: frozenset[str],
    score: float,
) -> tuple[bool, float]:
    """A number of the kind asked: a sum for "how much did it cost", a measure of the
    dimension for "how tall" (bot.question.has_cue, as the ranking reads it); for "how
    many", a count, not a duration or a measure ("six hours" is no number of games)."""
    if question.money:  # "what does a ride cost": a sum, even without "how much"
        return MONEY in cues_in(text), score
    if not _number_cue(text, question):
        return False, score
    if question.counts and UNIT in cues_in(text) and tokens[span.last].term not in asked:
        return True, score - UNIT_COST
    return True, score


def _spans(question: Asked, found: Phrases, sentence: str) -> tuple[list[Span], list[Span]]:
    """The spans of the asked type, and those taken when none of it is found."""
    kind, tokens = question.kind, found.tokens
    names = [n for n in found.names if n.first not in found.openers or _known(n, question, tokens)]
    if kind == HOW_MANY:
        return list(found.numbers), []
    if kind == WHEN:
        return list(found.dates), []
    if kind in (WHO, WHERE):
        words = found.chunks_without(question.asked)
        return [*names, *coordinated(names, tokens, sentence)], words
    if kind == SAID:
        return list(found.quotes or found.reported), []
    if kind == WHY:
        return list(found.reasons), []
    if kind == MEMBER_OF:
        return members(question.text, tokens, sentence), []
    if kind == CALLED:
        return [s for s in found.quotes if s.last - s.first < 6], names
    if kind == DESCRIBE:
        return [], descriptions(question, names, found)
    if kind == ACRONYM:  # "What is the ICC?": the name its initials spell, else a description
        spelled = [n for n in names if spells(n, tokens, question.acronym)]
        return spelled, descriptions(question, names, found)
    words = [w for c in found.chunks_without(question.asked) for w in outside(c, found.dates)]
    names = [n for n in names if not any(inside(n, c) for c in words)]  # "Whale oil"
    spans = [*names, *words, *found.numbers]
    return [], [*spans, *coordinated(spans, tokens, sentence)]


def _known(span: Span, question: Asked, tokens: Sequence[Token]) -> bool:
    """A lone capital opening the sentence that the passage writes as a name elsewhere."""
    return written_as_name(tokens[span.first].word, question.sentences)


def _bonus(
    kind: str,
    span: Span,
    trimmed: Span,
    tokens: Sequence[Token],
    asked: frozenset[str],
    focus: set[int],
) -> float:
    bonus = 0.0
    if focus and any(
        trimmed.first - 3 < k < trimmed.first or 0 < k - trimmed.last < 3 for k in focus
    ):
        bonus += FOCUS_BONUS  # "the river Deabolis", "neighbourhoods such as Millbrook"
    at = trimmed.first - 1
    at -= at > 0 and tokens[at].word == "the"  # "of the Adriatic"
    before = tokens[at].word if at >= 0 else ""
    if kind == WHERE and before in _PLACE_BEFORE:
        bonus += PREPOSITION_BONUS
    if kind == WHO and before in _PLACE_BEFORE - {"of", "to"}:
        bonus -= PREPOSITION_BONUS  # "a schoolboy from Shymkent": a place, not who
    if kind == HOW_MANY and trimmed.last < span.last and tokens[span.last].term in asked:
        bonus += COUNTED_BONUS  # "30,000 men" for "how many men"
    if kind == ANY and span.kind == NAMED:
        bonus += NAMED_BONUS
    if kind == ANY and noun_phrase(trimmed, tokens):
        bonus += PHRASE_BONUS  # "the club's new director": a noun phrase, not a verb
    return bonus
