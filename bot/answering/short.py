"""The short answer: the phrase of the answering sentences that answers the question.

Classic question answering without a model: the question's type says what kind of
phrase answers it (bot/answering/short_phrases.py finds phrases, short_spans.py those of
the kind asked), and each candidate is scored by

- its **type**: a number for "how many / how much", a date for "when", a name for
  "who" and "where" (not the title standing with a name, "Director", nor a name that
  modifies a noun, "the Byzantine general"), quoted words for "what did X say", a clause
  of cause or what causes it for "why", the words that settle a yes/no question ("not
  members of the ICC"), a caption's opening clause for "what does the photo show";
  a question of no type ("What is the castle called?", "What kind of arches?") takes
  any name or run of content words;
- its **distance** to the question's words in the sentence: the answer stands next to
  what the question mentions ("the river Deabolis", "an army of 30,000");
- the **sentence** it is in: the one the ranking highlighted answers whenever it holds a
  candidate (of the asked type, for a question that needs one), however much closer to
  the question's words another sentence's stands; only then are the passage's others
  read, by how much of the question they hold, until one answers, and a sentence past
  the highlighted one answers only if it holds some of the question's words; past an
  answer that is not the object of the question's verb ("What did the dog die from?"),
  the others are read for that object alone ("He died from a fever");
- **never the question's words**: they are trimmed off a candidate's ends, and a
  candidate made only of them is none ("Who was Emma's brother?" is not "Emma").

No candidate, or none close enough for a question of no type, is no short answer:
the passage is still the answer. For a typed question (a number, a date, a name, a
place), no candidate of its type in a sentence about the question is also evidence
that the passage does not answer it (`Reading.lacks_type`; answerer.py declines on it).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from bot.answering.answer_types import named_kinds
from bot.answering.short_asked import (
    ACRONYM,
    ANY,
    DESCRIBE,
    HOW_MANY,
    MEMBER_OF,
    SAID,
    SHOWN,
    TYPED,
    WHERE,
    WHO,
    WHY,
    YES_NO,
    Asked,
    Asking,
)
from bot.answering.short_clauses import phrases
from bot.answering.short_rules import (
    after_verb,
    agent,
    all_near,
    apposition,
    before_verb,
    distance,
    ends_in,
    everyday,
    modifies,
    names_asked,
    scaled_sum,
    title_of_name,
    trim,
    year_only,
)
from bot.answering.short_score import bonus, number_fits
from bot.answering.short_spans import candidate_spans
from bot.answering.short_tokens import DATE, NAMED, Span, text_of
from bot.frequency import zipf_values
from bot.rules import RuleSettings

__all__ = ["Reading", "ShortAnswer", "read"]

_DEFAULT_RULES = RuleSettings()  # the defaults, for callers without settings of their own
_NEEDS_TYPE = TYPED | {
    SAID,
    WHY,
    MEMBER_OF,
    SHOWN,
    YES_NO,
}  # kinds answered only by a phrase of their type


@dataclass(frozen=True)
class ShortAnswer:
    text: str
    kind: str  # what the question asked for (WHO, WHEN, ...)
    sentence: str  # the sentence it was found in


class _Candidate(NamedTuple):  # one per phrase scored: a named tuple is cheaper to make
    span: Span  # the words that answer: written out (text_of) for the winner only
    score: float
    typed: bool
    object: bool  # right after the question's verb ("What did he sacrifice?": "a rook")


@dataclass(frozen=True)
class Reading:
    """What the sentences say about the question: its short answer, and whether they lack
    the type it asks for (a name, number, date or place; bot/answer.py declines on it)."""

    short: ShortAnswer | None
    lacks_type: bool


def read(
    question: Asking,
    sentences: Sequence[str],
    asked_terms: frozenset[str],
    related_terms: frozenset[str] = frozenset(),
    rules: RuleSettings = _DEFAULT_RULES,
) -> Reading:
    """The short answer to `question` (read with its analysis: short_asked.py's `asking`) in
    `sentences` (the highlighted one first, then the others by how much of the question they
    hold): the first sentence that holds one gives it.

    `asked_terms` are the index terms of the reader's own words (bot.text.term), which an
    answer never repeats; `related_terms` adds their synonyms ("Kyiv" for "Kiev"): an
    answer stands near them, and is not made of them alone. `rules` holds the candidates'
    weights (its ``short_*`` fields).
    """
    named = asked_terms - question.focus
    asked = Asked(question, asked_terms, asked_terms | related_terms, named, tuple(sentences))
    best: tuple[float, Span, str] | None = None
    found_typed = best_object = False
    for rank, sentence in enumerate(sentences[: rules.short_max_sentences]):
        answered = best is not None and (found_typed or question.kind not in _NEEDS_TYPE)
        if answered and (best_object or not question.verb):
            break  # the highlighted sentence holds an answer: another one's does not beat it
        for candidate in _candidates(asked, sentence, rules, rank > 0):
            if answered and not (candidate.object and (candidate.typed or not found_typed)):
                continue  # past an answer, only the object of the question's verb answers
            found_typed = found_typed or candidate.typed
            score = candidate.score - rules.short_sentence_rank_cost * rank
            score += rules.short_type_weight * candidate.typed
            if best is None or score > best[0] or (answered and not best_object):
                best = (score, candidate.span, sentence)
                best_object = candidate.object
    lacks = (
        question.kind in TYPED
        and not found_typed
        and question.worded == question.kind  # not a sum asked by "cost" alone
        and _lacks_type(asked, sentences)
    )
    if best is None or (question.kind in _NEEDS_TYPE and not found_typed):
        return Reading(None, lacks)
    text = text_of(best[2], phrases(best[2], _common()).tokens, best[1])
    return Reading(ShortAnswer(text, question.kind, best[2]), lacks)


def _lacks_type(question: Asked, sentences: Sequence[str]) -> bool:
    for sentence in sentences:
        found = phrases(sentence, _common())
        typed, _ = candidate_spans(question, found, sentence)
        if any(trim(span, found.tokens, frozenset()) for span in typed):
            return False
    return True


@cache
def _common() -> frozenset[str]:
    """The everyday English words (bot/frequency.py's list)."""
    return frozenset(zipf_values())


@cache
def _kin() -> frozenset[str]:
    """WordNet's nouns of persons and groups (named_kinds)."""
    return named_kinds("person", "group")


def _candidates(
    question: Asked, sentence: str, rules: RuleSettings, later: bool = False
) -> list[_Candidate]:
    found_phrases = phrases(sentence, _common())
    tokens = found_phrases.tokens
    if not tokens:
        return []
    asking = question.asking  # the question's own fields, read with its analysis
    asked, kind = question.asked, asking.kind
    near = found_phrases.near(question.near)
    close_only = kind in (ANY, DESCRIBE)  # a question of no type: next to its words or none
    if not near and (close_only or later):
        return []  # no question word here: only the highlighted sentence answers without one
    held = len({tokens[k].term for k in near}) / max(1, len(asked))
    focus = {k for k in near if tokens[k].term in asking.focus}
    found: list[_Candidate] = []
    typed_spans, loose_spans = candidate_spans(question, found_phrases, sentence, rules.naming)
    named, around, verb, subject = question.named, question.near, asking.verb, asking.subject
    roles, year = asking.roles, asking.year
    max_gap, clause_gap = rules.short_max_gap, rules.short_clause_gap
    limit = max_gap + 1
    for spans, of_type in ((typed_spans, True), (loose_spans, False)):
        if not of_type and found and not subject:
            break  # the asked type is here: common words cannot beat it (but a doer can)
        for span in spans:
            typed = of_type
            if close_only and _far(span, near, limit):
                continue  # far from the question's words, however it is trimmed
            whole = kind == ACRONYM and typed  # the spelled-out name answers, whole
            trimmed = span if whole else trim(span, tokens, asked)
            if trimmed is None:
                continue
            if not whole and (
                names_asked(span, tokens, named)
                or all_near(trimmed, tokens, around)  # "Kyiv" for "... in Kiev?"
            ):
                continue
            placed = trimmed
            if roles and span.kind == NAMED:  # "Jane Roe, Director of the survey"
                placed = apposition(trimmed, tokens, roles, around)
            closest, gap = distance(placed, near, tokens, clause_gap)
            if close_only and closest > max_gap:
                continue
            score = rules.short_distance_weight / (1 + gap) + rules.short_held_weight * held
            score += bonus(kind, span, trimmed, tokens, asked, focus, rules)
            object_of = bool(verb) and after_verb(trimmed, tokens, verb)
            if object_of:
                score += rules.short_object_bonus  # "sacrificed a rook": which piece?
            if subject and before_verb(trimmed, near, tokens):
                score += rules.short_subject_bonus
            if subject and agent(trimmed, tokens, asked):
                score += rules.short_agent_bonus  # "was paid for by the island council"
            if kind == HOW_MANY:
                text = text_of(sentence, tokens, trimmed)
                typed, score = number_fits(asking, text, span, tokens, asked, score, rules)
                typed = typed or (asking.money and scaled_sum(span, tokens, sentence))
            if kind == WHO and subject and agent(trimmed, tokens, asked):
                typed = True  # "paid for by the island council": the doer, a name or not
            if kind == WHO and span.kind == NAMED and modifies(trimmed, tokens, _kin()):
                typed = False  # "the Byzantine general Alexius Komnenos": the name is who
            if roles and title_of_name(trimmed, tokens, roles):
                typed = False  # "Director", "the politician": the kind of person, not who
                score -= rules.short_untyped_cost * (kind != WHO)  # WHO's cost is below
            if kind == DESCRIBE and closest <= 1:
                score += rules.short_title_bonus  # "spokeswoman Shabia Mantoo"
            elif everyday(trimmed, tokens, rules.short_common_zipf):
                score -= rules.short_common_cost
            if not typed and kind in (WHO, WHERE):
                score -= rules.short_untyped_cost
            if year and span.kind == DATE:
                trimmed = year_only(trimmed, tokens)
            elif (
                span.kind == DATE
                and trimmed.last > trimmed.first
                and ends_in(trimmed, tokens, focus)
            ):
                trimmed = Span(trimmed.first, trimmed.last - 1, DATE)  # "In what century?": "11th"
            found.append(_Candidate(trimmed, score, typed, object_of))  # a span has a word
    return found


def _far(span: Span, near: list[int], limit: int) -> bool:
    """Every question word (positions `near`, sorted) is more than `limit` words from the
    span's nearer end: the one before it, the one after it, those inside it."""
    first, last = span.first, span.last
    i = bisect_left(near, first)
    if i and first - near[i - 1] <= limit:
        return False
    j = bisect_right(near, last, i)
    if j < len(near) and near[j] - last <= limit:
        return False
    return all(min(k - first, last - k) > limit for k in near[i:j])
