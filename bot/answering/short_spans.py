"""The phrases of a sentence that may answer a question, by what it asks (bot/answering/
short.py scores them): numbers for "how many", dates for "when", names for "who" and
"where", the term of a naming construction or a quote for "what is it called", and so on;
with each kind, the phrases taken when none of it is found."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from bot.answering.answer_types import person_nouns
from bot.answering.naming import constructions
from bot.answering.short_asked import (
    ACRONYM,
    CALLED,
    DESCRIBE,
    HOW_MANY,
    MEMBER_OF,
    PURPOSE,
    SAID,
    SHOWN,
    WHEN,
    WHERE,
    WHO,
    WHY,
    YES_NO,
    Asked,
    written_as_name,
)
from bot.answering.short_clauses import (
    Phrases,
    causes,
    coordinated,
    opening_clause,
    purposes,
    results,
    settling,
)
from bot.answering.short_rules import (
    descriptions,
    echoes,
    inside,
    members,
    outside,
    person_party,
    spells,
)
from bot.answering.short_tokens import QUOTE, Span, Token


def candidate_spans(
    question: Asked, found: Phrases, sentence: str, naming: bool = True
) -> tuple[list[Span], list[Span]]:
    """The spans of the asked type, and those taken when none of it is found."""
    asking, tokens = question.asking, found.tokens  # the question's own fields
    kind = asking.kind
    if kind == HOW_MANY:  # a share: "almost half", "one in three" as well as "40%"
        return [*found.shares, *found.numbers] if asking.share else list(found.numbers), []
    if kind == WHEN:
        return list(found.dates), []
    if kind == SAID:  # a quote made mostly of the question's words only repeats it
        said = [q for q in found.quotes if not echoes(q, tokens, question.asked)]
        return said or list(found.quotes or found.reported), []
    if kind == WHY:  # a clause of cause, or what causes it: "warmer winters make ..."
        near = found.near(question.near)
        return [*found.reasons, *causes(tokens, near), *results(tokens, sentence, near)], []
    if kind == YES_NO:  # "Is Russia a member of the ICC?": "not members of the ICC"
        return settling(tokens, found.near(question.near)), []
    if kind == SHOWN:  # "What does the photo show?": who does what, as the caption opens
        return opening_clause(tokens), []
    if kind == PURPOSE:  # "What are the maps used for?": "to trace ...", else any phrase
        return purposes(tokens, sentence), found.chunks_without(question.asked)
    if kind == MEMBER_OF:
        return members(asking.required.members, tokens, sentence), []
    names = _names(question, found)  # the kinds below take names
    if kind in (WHO, WHERE):
        words = found.chunks_without(question.asked)
        typed = [*names, *coordinated(names, tokens, sentence)]
        if kind == WHO and asking.party and not typed:  # "Who was arrested?": "two protesters",
            # where the sentence names no one (a name beside it is who: "Ann Roe, the nurse")
            typed += person_party(tokens, found.near(question.near), person_nouns(), asking.party)
        return typed, words
    if kind == CALLED:  # the term of a naming construction ("called Havkraft"), a quote
        terms = _named_terms(tokens, sentence) if naming else {}
        quoted = [s for s in found.quotes if s.last - s.first < 6 and s.first not in terms]
        return [*terms.values(), *quoted], names
    if kind == DESCRIBE:
        return [], descriptions(question.asked, names, found)
    if kind == ACRONYM:  # "What is the ICC?": the name its initials spell, else a description
        spelled = [n for n in names if spells(n, tokens, asking.acronym)]
        return spelled, descriptions(question.asked, names, found)
    words = [w for c in found.chunks_without(question.asked) for w in outside(c, found.dates)]
    firsts = [w.first for w in words]
    names = [n for n in names if not _within(n, words, firsts)]  # "Whale oil"
    spans = [*names, *words, *found.numbers]
    return [], [*spans, *coordinated(spans, tokens, sentence)]


def _named_terms(tokens: Sequence[Token], sentence: str) -> dict[int, Span]:
    """The terms of the sentence's naming constructions (bot/answering/naming.py), as spans
    of its words, by their first word."""
    found: dict[int, Span] = {}
    for c in constructions(sentence):
        inside = [k for k, t in enumerate(tokens) if c.start <= t.start and t.end <= c.end + 1]
        if inside:
            found[inside[0]] = Span(inside[0], inside[-1], QUOTE)
    return found


def _names(question: Asked, found: Phrases) -> list[Span]:
    """The sentence's names, but a lone common word opening it unless written as a name."""
    openers, tokens = found.openers, found.tokens
    return [n for n in found.names if n.first not in openers or _known(n, question, tokens)]


def _within(span: Span, runs: list[Span], firsts: list[int]) -> bool:
    """The span is a part of one of `runs` (in order, apart; `firsts` their first words): of
    the last starting before it."""
    at = bisect_right(firsts, span.first) - 1
    return at >= 0 and inside(span, runs[at])


def _known(span: Span, question: Asked, tokens: Sequence[Token]) -> bool:
    """A lone capital opening the sentence that the passage writes as a name elsewhere."""
    return written_as_name(tokens[span.first].word, question.sentences)
