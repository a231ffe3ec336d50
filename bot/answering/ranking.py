"""Re-ranking: the best BM25 candidates re-scored by named features and a weight vector.

A candidate's score is

    (BM25 + best BM25 × Σ weight[f] × feature[f] for f in ADDED) × Π of its factors

then the passage introducing a definition's target gains ``definition_bonus`` × best BM25,
and passages of several articles that tie on the same question words go newest first.
The features (`Features`) and their weights (`Weights`, from the settings) are named one
to one; a new feature is one field in each and one line in `features`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from functools import partial
from operator import itemgetter
from typing import NamedTuple

import numpy as np

from bot.answering.evidence import (
    cued,
    held_share,
    reason_held_share,
    reason_share,
    sentence_share,
    states,
)
from bot.answering.fact_table import FactArrays
from bot.answering.facts import FactsTable, PassageFacts, Sentence
from bot.answering.naming import by_pronoun
from bot.answering.passage_rows import (
    article_span,
    passage_article,
    passage_article_of,
    passage_articles,
    passage_kinds,
    passage_paragraphs,
    passage_shape,
)
from bot.answering.query import Query
from bot.answering.term_rows import Held, Rows
from bot.config import RetrievalSettings
from bot.cues import DATE, NUMBER
from bot.index import Scores
from bot.knowledge import DETAILS_HINTS, Article, Passage
from bot.memo import sentence_terms
from bot.text import analyze

PHOTO_WORDS = "photo photograph photographer picture image caption"
_DETAILS_WORDS = frozenset(analyze(DETAILS_HINTS))
_PHOTO_WORDS = frozenset(analyze(PHOTO_WORDS))


class Features(NamedTuple):
    """What re-ranking knows of one candidate passage for one question."""

    bm25: float
    sentence: float  # IDF share of the question held by its best sentence (or two), + type bonus
    pairs: float = 0.0  # share of the question's word pairs found side by side (when weighed)
    names: float = 0.0  # IDF share of the reader's capitalised words (names) it holds
    lacks_type: bool = False  # a number/date question, and no sentence states one
    kind: str = "body"  # body, caption or details
    asks_photo: bool = False  # the question names the photo
    asks_details: bool = False  # the question asks about the article's details


class Weights(NamedTuple):
    """The weight of each added feature (× best BM25) and each factor."""

    sentence: float
    pairs: float
    names: float
    lacks_type: float  # factor for a candidate that lacks the asked-for number/date/measure
    caption_boost: float
    caption_off_topic: float
    details_off_topic: float
    reason: float = 0.0  # a why-question's reason sentence (rules.reason_weight)

    @classmethod
    def of(cls, settings: RetrievalSettings, query: Query) -> Weights:
        rules = settings.rules
        return cls(
            sentence=settings.sentence_weight,
            pairs=settings.bigram_weight,
            names=rules.named_weight,
            lacks_type=rules.measure_missing if query.analysis.units else rules.type_missing,
            caption_boost=rules.caption_boost,
            caption_off_topic=rules.caption_off_topic,
            details_off_topic=rules.details_off_topic,
            reason=rules.reason_weight if query.analysis.reason else 0.0,
        )


class Asks(NamedTuple):
    """What the question asks that weighs on every candidate: read once per question."""

    photo: bool  # the reader's own words name the photo
    details: bool  # ... or the article's details
    typed: bool  # a number or a date: a candidate stating none loses (type_missing)


def asks(query: Query, settings: RetrievalSettings) -> Asks:
    written = query.written_terms
    typed = settings.rules.type_missing < 1 and query.analysis.answer_type in (NUMBER, DATE)
    return Asks(bool(_PHOTO_WORDS & written), bool(_DETAILS_WORDS & written), typed)


def features(
    query: Query,
    facts: PassageFacts,
    kind: str,
    bm25: float,
    settings: RetrievalSettings,
    asked: Asks | None = None,  # `asks(query, settings)`, when the caller keeps it
    story: Held | None = None,  # the story's names it holds anyway (`story_names`)
) -> Features:
    rules = settings.rules
    asked = asked or asks(query, settings)
    names = 0.0
    if rules.named_weight:
        if story is None:
            names = query.named_share(facts.terms)
        else:
            names = query.named_held_share(tuple(map(max, query.held(facts.terms), story)))
    return Features(
        bm25,
        sentence_share(query, facts, rules, story),
        pair_share(query, facts) if settings.bigram_weight else 0.0,
        names,
        asked.typed and not states(query, facts),
        kind,
        asked.photo,
        asked.details,
    )


def row_features(
    query: Query,
    rows: Rows,
    table: FactArrays,
    kind: str,
    bm25: float,
    settings: RetrievalSettings,
    asked: Asks,
    story: Held | None = None,  # as `features`'
) -> Features:
    """`features` of a candidate read from the arrays (bot/answering/term_rows.py): the same
    values, without its `PassageFacts` (and without pairs, which re-ranking then skips)."""
    rules = settings.rules

    def sentence(k: int) -> Sentence:
        return rows.sentence(table, k)

    typed = asked.typed and not any(cued(query, sentence(k)) for k in range(rows.size))
    held = rows.held if story is None else tuple(map(max, rows.held, story))
    return Features(
        bm25,
        held_share(query, rows.sentences, sentence, rules, story),
        0.0,
        query.named_held_share(held) if rules.named_weight else 0.0,
        typed,
        kind,
        asked.photo,
        asked.details,
    )


def row_reason(query: Query, rows: Rows, table: FactArrays, story: Held | None = None) -> float:
    """`reason_share` of a candidate read from the arrays, as `row_features` reads the rest."""
    return reason_held_share(query, rows.sentences, partial(rows.sentence, table), story)


def combine(f: Features, weights: Weights, top: float, reason: float = 0.0) -> float:
    """The candidate's score from its features, and for a why-question the share of it held
    by its best sentence stating a reason (`reason_told`: read only for such a question)."""
    evidence = weights.sentence * f.sentence
    if weights.pairs:
        evidence += weights.pairs * f.pairs
    if weights.names:
        evidence += weights.names * f.names
    if reason:
        evidence += weights.reason * reason  # a why-question: a reason told of its words
    score = f.bm25 + top * evidence
    if f.lacks_type:
        score *= weights.lacks_type  # no sentence holds the number, measure or date asked for
    if f.kind == "details" and not f.asks_details:
        score *= weights.details_off_topic  # its title words are not an answer
    elif f.kind == "caption" and f.asks_photo:
        score *= weights.caption_boost  # a question about the photo: the caption answers
    elif f.kind == "caption":
        score *= weights.caption_off_topic
    return score


def rerank(
    query: Query,
    bm25: Scores | Mapping[int, float],  # at least the candidates' (bot/topk.py)
    candidates: Sequence[int],
    passages: Sequence[Passage],
    facts: FactsTable,
    settings: RetrievalSettings,
    table: FactArrays | None = None,  # the arrays `facts` are read from, when one table
    rows: Mapping[int, Rows] | None = None,  # `rows_of(...)` of the candidates, with `table`
) -> list[tuple[int, float]]:
    """`candidates` (best BM25 first) re-scored: (passage position, score), best first.
    The candidates in `rows` have their features read from `table`'s arrays
    (`row_features`), not from their facts: a new question builds facts only for the
    passages it shows."""
    scores = candidate_scores(bm25, candidates)
    top = scores[0] if candidates else 0.0
    if top <= 0:
        return list(zip(candidates, scores, strict=True))
    weights = Weights.of(settings, query)
    asked = asks(query, settings)
    rows = rows or {}
    if query.analysis.naming is not None:  # reads every candidate's sentences' texts
        naming_articles(query, candidates, passages, facts)
    final: dict[int, float] = {}
    kinds = passage_kinds(passages, candidates)  # not passages[i]: that reads its text
    story = story_names(query, candidates, kinds, passages, settings.rules.title_names)

    def held(i: int) -> tuple[float, ...]:
        """Each unit's best weight in passage i's terms."""
        row = rows.get(i)
        return query.held(facts[i].terms) if row is None else row.held

    def holds(i: int, lacked: Lacked) -> bool:
        """Whether passage i holds one of the `lacked` units (in any form)."""
        row = rows.get(i)
        if row is None:  # one set operation, not each unit's weight
            return not facts[i].terms.isdisjoint(lacked.terms)
        return any(row.held[k] for k in lacked.units)

    why = weights.reason > 0  # a why-question: each candidate's reason sentence weighs too
    lend = settings.rules.lead_story
    if lend and len(query.units) > 1:  # one word: the lead holds it, or lends nothing
        story = lead_story(query, candidates, passages, held, holds, lend, story)
    for i, kind, score in zip(candidates, kinds, scores, strict=True):
        row = rows.get(i)
        named = story.get(i)
        if row is not None and table is not None:
            found = row_features(query, row, table, kind, score, settings, asked, named)
            told = row_reason(query, row, table, named) if why else 0.0
        else:
            found = features(query, facts[i], kind, score, settings, asked, named)
            told = reason_share(query, facts[i], named) if why else 0.0
        final[i] = combine(found, weights, top, told)

    by = held if rows else None  # None: from the facts, as without rows
    first = introduction(query, candidates, passages, facts, by)
    if first is not None:
        final[first] += top * settings.rules.definition_bonus
    ranked = sorted(final.items())  # in passage order, then best first: ties stay so
    ranked.sort(key=itemgetter(1), reverse=True)  # (a stable sort, no key made in Python)
    return newest_first_on_ties(query, ranked, passages, facts, settings, by)


def story_names(
    query: Query,
    candidates: Sequence[int],
    kinds: Sequence[str],
    passages: Sequence[Passage],
    weight: float,  # `RuleSettings.title_names`
) -> dict[int, Held]:
    """A reader names the story to say which one they mean ("Who is the head of Corvane
    Aerospace?"): its names are rare in the whole knowledge base, so the paragraph writing
    them in full (most often the lead) outweighs the one holding the detail asked ("its
    chief executive, ... said Corvane would ..."). When an article's title holds every
    name the reader wrote (that some article holds), they tell that story, not one of its
    paragraphs: each body candidate of such an article with two or more candidates -> each
    unit's weight it holds anyway (`weight` for the names, 0 for the other words). Not for
    a question naming nothing (most), nor for an article's only candidate: there is no
    paragraph of its to choose."""
    named = query.named
    if not weight or not named:
        return {}
    by_article: dict[Hashable, list[int]] = {}
    articles = passage_articles(passages, candidates)
    for i, kind, article in zip(candidates, kinds, articles, strict=True):
        if kind == "body":
            members = by_article.get(article)
            if members is None:
                by_article[article] = [i]
            else:
                members.append(i)
    found: dict[int, Held] = {}
    for members in by_article.values():
        if len(members) < 2:
            continue
        title = sentence_terms(passage_article_of(passages, members[0]).title)  # kept
        if any(title.isdisjoint(unit.terms) for unit in named):  # "Legislative Council" of a
            continue  # "legislative election": a word of the title, not the story's name
        held = query.held(title)
        at = query.named_at
        story = tuple(weight * held[k] if k in at else 0.0 for k in range(len(held)))
        found.update(dict.fromkeys(members, story))
    return found


class Lacked(NamedTuple):
    """The question's units a lead holds in no form: their positions and index terms."""

    units: tuple[int, ...]
    terms: frozenset[str]


def lead_story(
    query: Query,
    candidates: Sequence[int],
    passages: Sequence[Passage],
    held: Callable[[int], Held],  # passage -> `Query.held` of its terms
    holds: Callable[[int, Lacked], bool],  # passage, units -> whether it holds one of them
    weight: float,  # `RuleSettings.lead_story`
    story: dict[int, Held],  # `story_names`' (kept, the larger weight of the two)
) -> dict[int, Held]:
    """A news lead (its article's first body paragraph) tells the story: the names and the
    event every question repeats ("How many times were the girls refused visas?"); the
    paragraph giving the detail asked ("They were twice denied ...") is about the same
    story without repeating it, so the lead wins a question it does not answer. When the
    best candidate by BM25 is a lead: each later body paragraph of its article among them
    holding a question word the lead holds in no form (the detail) -> the lead's weight of
    each unit times `weight` (or `story`'s, the larger), held anyway by each of its
    sentences (as the story's names are): the lead and it then differ by what only one of
    them holds. Nothing when the lead is not first (most questions: one look-up), when it
    holds every question word or none, nor for a paragraph holding nothing the lead lacks.
    (A body paragraph's number is 1 or more; a caption's and the details' 0.)"""
    lead = candidates[0]  # the best by BM25
    if passage_paragraphs(passages, [lead])[0] != 1:
        return story
    told = held(lead)
    if all(told) or not any(told):  # it lacks no question word, or lends nothing
        return story
    units = tuple(k for k, w in enumerate(told) if not w)
    lacked = Lacked(units, frozenset(t for k in units for t in query.units[k].terms))
    article = passage_article(passages, lead)
    lent = tuple(weight * w for w in told)
    found = story
    paragraphs = passage_paragraphs(passages, candidates)
    for i, paragraph in zip(candidates, paragraphs, strict=True):
        if paragraph < 2 or passage_article(passages, i) != article or not holds(i, lacked):
            continue  # a lead, a caption, the details, another story's, or no detail
        if found is story:
            found = dict(story)
        named = story.get(i)
        found[i] = lent if named is None else tuple(map(max, named, lent))
    return found


def candidate_scores(bm25: Scores | Mapping[int, float], candidates: Sequence[int]) -> list[float]:
    """The candidates' BM25 scores as floats: from an array in one read, not one per
    candidate (each a numpy scalar)."""
    if isinstance(bm25, np.ndarray):
        scores: list[float] = bm25[candidates].tolist()
        return scores
    return [float(bm25[i]) for i in candidates]


def naming_articles(
    query: Query, candidates: Sequence[int], passages: Sequence[Passage], facts: FactsTable
) -> None:
    """For "What is the beetle called?": a candidate's sentence naming "it" ("The students
    named it Agathidium sabahense") names the beetle when its article holds the beetle
    (in any form); such sentences go to `query.named_here`. Not when the question says
    who names it: the namer must then stand in the sentence (bot/answering/naming.py)."""
    namer, _ = query.naming_terms
    naming = query.analysis.naming
    if namer or naming is None:
        return
    head = set(naming.head)  # the reader's own noun and its spellings: no WordNet relation
    named = frozenset(t for u in query.units if u.word in head for t, _ in u.strict)
    if not named:
        return
    own = query.own_terms
    for i in candidates:
        found = [s.text for s in facts[i].sentences if by_pronoun(s.text, own)]
        if found and _article_holds(named, i, passages, facts):
            query.named_here.update(found)


def _article_holds(
    terms: frozenset[str], i: int, passages: Sequence[Passage], facts: FactsTable
) -> bool:
    """Whether a body passage of candidate i's article (its passages are adjacent) holds one
    of `terms` (not its details: an outlet's words are not the story's)."""
    first, last = article_span(passages, i)
    return any(
        passage_shape(passages, j)[0] == "body" and not terms.isdisjoint(facts[j].terms)
        for j in range(first, last + 1)
    )


def introduction(
    query: Query,
    candidates: Sequence[int],
    passages: Sequence[Passage],
    facts: FactsTable,
    held: Callable[[int], Sequence[float]] | None = None,  # passage -> `Query.held` of its terms
) -> int | None:
    """For "Who/What is X?": the first passage of the best article that holds all of X."""
    held_by = held or _held(query, facts)
    target = set(query.analysis.target)
    if not target:
        return None
    target_units = [u for u in query.units if u.word in target]
    if not target_units or len(target_units) != len(query.units):
        return None
    # every unit is a target's: the passage holds each of them
    holding = [
        i
        for i in candidates
        if all(weight > 0 for weight in held_by(i))
        and passage_shape(passages, i)[0] == "body"  # not passages[i]: that reads its text
    ]
    if not holding:
        return None
    article = passages[holding[0]].article
    same = [i for i in holding if passages[i].article is article]
    return min(same, key=lambda i: (passages[i].paragraph, i))


def newest_first_on_ties(
    query: Query,
    ranked: list[tuple[int, float]],
    passages: Sequence[Passage],
    facts: FactsTable,
    settings: RetrievalSettings,
    held_by: Callable[[int], tuple[float, ...]] | None = None,  # as `introduction`'s `held`
) -> list[tuple[int, float]]:
    """When passages of several articles hold the very same question words with about the
    same score ("Who took the photo?"), nothing in the question picks an article: answer
    about the newest one, the story a news reader most likely means."""
    if len(ranked) < 2:
        return ranked
    rules = settings.rules
    bar = rules.tie_share * ranked[0][1]
    if held_by is None:
        close = {i: query.held(facts[i].terms) for i, score in ranked if score >= bar}
    else:
        close = {i: held_by(i) for i, score in ranked if score >= bar}
    matched = close.get(ranked[0][0])
    if matched is None or len(close) < 2:  # tie_share above 1: ties switched off
        return ranked  # (docs/ablation.py); or no other passage scores close: none ties
    if rules.ties_hold_all:
        held = query.share(matched)
        if any(query.share(other) > held for other in close.values()):
            return ranked  # a close candidate holds more of the question: the question picks
    tied = [(i, score) for i, score in ranked if close.get(i) == matched]
    if len({passage_article(passages, i) for i, _ in tied}) < 2:  # reads no passage text
        return ranked
    newest = max(tied, key=lambda item: (_date(passage_article_of(passages, item[0])), item[1]))
    return [newest, *(item for item in ranked if item[0] != newest[0])]


def _held(query: Query, facts: FactsTable) -> Callable[[int], tuple[float, ...]]:
    """A passage -> `Query.held` of its facts' terms."""
    return lambda i: query.held(facts[i].terms)


def pair_share(query: Query, facts: PassageFacts) -> float:
    pairs = query.analysis.pairs
    if not pairs:
        return 0.0
    return len(pairs & facts.pairs) / len(pairs)


def _date(article: Article) -> dt.date:
    return article.published or dt.date.min
