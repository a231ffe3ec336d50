"""Sentence evidence: whether a sentence holds the kind of answer asked for, and how much of
the question one sentence (or two adjacent ones) holds. Ranking, declining and
highlighting all weigh sentences with these functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from bot.answering.analysis import Analysis
from bot.answering.facts import PassageFacts, Sentence
from bot.answering.naming import about
from bot.answering.query import Query
from bot.cues import MEMBER, NAME, NUMBER, PERSON, names_a_person, quoted, states_reason
from bot.rules import RuleSettings
from bot.text import analyze

K = TypeVar("K")  # what `sentence_weight`'s reader takes: a position, or the sentence itself


def has_cue(analysis: Analysis, sentence: Sentence) -> bool:
    """Whether `sentence` holds the kind of thing the question asks for (its cues are
    bot.cues.cues_in of its text): the analysis's `cue_set` when its cues alone say."""
    present = analysis.cue_set
    if present:
        return present <= sentence.cues
    kind = analysis.answer_type
    if kind == NUMBER:  # "how cold": a number in the measure's units (degrees)
        units = analysis.required.units
        return NUMBER in sentence.cues and units is not None and bool(units.search(sentence.text))
    if kind == NAME:
        return NAME in sentence.cues
    if kind == PERSON:
        return names_a_person(sentence.text, analysis.person_words)
    if kind == MEMBER:
        members = analysis.required.members
        return bool(members and members.search(sentence.text))
    return False


def cued(query: Query, sentence: Sentence) -> bool:
    """The sentence holds the asked-for type; a quoted name must name a thing asked about."""
    analysis = query.analysis
    if analysis.cue_set:  # a date, a place, most numbers: its cues alone say, read once
        return analysis.cue_set <= sentence.cues  # (the analysis's) and its text is not read
    kind = analysis.answer_type
    if not kind:
        return False
    if kind == NAME and analysis.naming is not None:  # a naming construction about the thing asked
        known = query.cued.get(sentence.text)
        if known is None:
            namer, named = query.naming_terms
            own = query.own_terms
            here = sentence.text in query.named_here  # "named it ..." in the thing's story
            known = query.cued[sentence.text] = here or about(sentence.text, namer, named, own)
        return known
    if kind == NAME and NAME not in sentence.cues:
        return False
    text = sentence.text
    known = query.cued.get(text)  # ranking and highlighting ask about the same sentences
    if known is None:
        known = query.cued[text] = has_cue(analysis, sentence) and (
            kind != NAME  # a name must be another word for the thing asked about
            or any(renames(set(analyze(phrase)), query) for phrase in quoted(text))
        )
    return known


def renames(phrase: set[str], query: Query) -> bool:
    """A quoted phrase holding a synonym of the thing asked about, not the word itself.

    "What does Moscow call the war?" -> “special military operation” (operation ~ war).
    """
    renamed = set(query.analysis.renamed)
    return any(
        unit.synonyms & phrase and not unit.own & phrase
        for unit in query.units
        if unit.word in renamed
    )


def states(query: Query, facts: PassageFacts) -> bool:
    """Whether a sentence of the passage holds the kind of answer asked for."""
    return any(cued(query, sentence) for sentence in facts.sentences)


def names_leader(query: Query, facts: PassageFacts) -> bool:
    """Whether a sentence of the passage names a person in charge of what a leader question
    asks about ("X's chief executive, Jane Roe": bot/answering/leaders.py)."""
    return any(query.names_leader(sentence.text) for sentence in facts.sentences)


def sentence_weight(
    query: Query,
    held: Sequence[float],
    sentence: Callable[[K], Sentence],
    at: K,
    rules: RuleSettings,
) -> float:
    """The question's IDF share in the sentence `sentence(at)` (`held`: `Query.held` of its
    terms), plus a bonus when it holds the asked-for type. The sentence (its text and cues,
    for `cued`) is asked for only when the question asks a type and the sentence holds some
    of the question: a sentence read from the arrays (bot/answering/term_rows.py: its
    position and their reader) is made only then (`bench`'s questions ask none); a passage's
    facts give the sentence made already, and `itself`."""
    share = query.share(held)
    if (
        share
        and query.analysis.answer_type
        and cued(query, sentence(at))
        and counts_asked(query, held, rules)
    ):
        # a person named as the one in charge of what a leader question asks about: the
        # reader's role words are held, and its bonus is instead of the type's
        if query.leader_roles and query.names_leader(sentence(at).text):
            return query.share(led_held(query, held)) + rules.leader_bonus
        share += type_bonus(query.analysis, rules)
    return share


def led_held(query: Query, held: Sequence[float]) -> list[float]:
    """`held` with a leader question's role words ("head", "runs") held in full: for a
    sentence naming a person in charge of the thing asked ("X's chief executive, Jane Roe":
    bot/answering/leaders.py), which tells the role in its own words."""
    raised = list(held)
    for k in query.leader_roles:
        raised[k] = 1.0
    return raised


def itself(sentence: Sentence) -> Sentence:
    """`sentence_weight`'s reader of a sentence made already (a passage's facts'): a
    function, not a position and the facts' own `__getitem__`, which cost ~30 k instructions
    a new question more on docs/cost.py (an `enumerate` and a method wrapper per passage)."""
    return sentence


def type_bonus(analysis: Analysis, rules: RuleSettings) -> float:
    """The share a sentence holding the asked-for type gains."""
    if analysis.naming is not None:
        return rules.naming_bonus  # a term naming the thing asked (bot/answering/naming.py)
    if analysis.answer_type == NAME:
        return rules.name_bonus  # a quoted name renaming the thing asked about: near-decisive
    return rules.measure_bonus if analysis.units else rules.cue_bonus


def counts_asked(query: Query, held: Sequence[float], rules: RuleSettings) -> bool:
    """For "how many beds": the number must stand with the beds, not with the patients.
    (Not for "how much electricity": an amount comes with its unit, "2.4 megawatts".)"""
    analysis = query.analysis
    if not rules.counted_with_number or analysis.answer_type != NUMBER or not query.asked:
        return True
    if not analysis.counts:
        return True
    return any(held[k] for k in query.asked)


def sentence_share(
    query: Query,
    facts: PassageFacts,
    rules: RuleSettings,
    story: Sequence[float] | None = None,  # each unit's weight every sentence holds anyway
) -> float:
    """The query's IDF share held by the best sentence or pair of adjacent sentences.
    `story`: the weights of the story's names (`ranking.story_names`), which each sentence
    counts as held."""
    best = 0.0
    previous: Sequence[float] = ()
    nothing = (0.0,) * len(query.units)
    hints, asked, window = facts.hints, query.terms, rules.window_share
    for sentence in facts.sentences:
        terms = sentence.terms | hints if hints else sentence.terms
        if terms.isdisjoint(asked):  # most sentences: nothing to weigh
            previous = nothing
            continue
        held = query.held(terms)
        if story is not None:
            held = tuple(map(max, held, story))
        weight = sentence_weight(query, held, itself, sentence, rules)
        if weight > best:
            best = weight
        if previous is not nothing and previous:  # two adjacent sentences, a little discounted
            both = tuple(map(max, previous, held))  # units' weights, pairwise
            weight = window * query.share(both)
            if weight > best:
                best = weight
        previous = held
    return best


def held_share(
    query: Query,
    rows: Iterable[tuple[int, Sequence[float]]],
    sentence: Callable[[int], Sentence],
    rules: RuleSettings,
    story: Sequence[float] | None = None,  # as `sentence_share`'s
) -> float:
    """`sentence_share` from the held weights of the sentences holding a question term
    (`rows`: their positions, in order, and `Query.held` of their terms; the others hold
    nothing to weigh): the same weights, shares and sums in the same order. `sentence(k)`
    gives the k-th sentence's text and cues (`sentence_weight` says when it is asked)."""
    best = 0.0
    window = rules.window_share
    before, previous = -2, None
    for k, held in rows:
        if story is not None:
            held = tuple(map(max, held, story))
        weight = sentence_weight(query, held, sentence, k, rules)
        if weight > best:
            best = weight
        if previous is not None and before == k - 1:  # two adjacent sentences
            weight = window * query.share(tuple(map(max, previous, held)))
            if weight > best:
                best = weight
        before, previous = k, held
    return best


def reason_share(query: Query, facts: PassageFacts, story: Sequence[float] | None = None) -> float:
    """A why-question's share held by the passage's best sentence that states a cause or a
    purpose ("because", "due to", "blamed": bot/cues.py REASON): a reason told of the words
    asked about, not of something else. `story` as `sentence_share`'s. 0 for a question
    asking no reason (most: nothing read). The sentences holding a question term are weighed
    by `reason_held_share`, as the arrays' rows are."""
    if not query.analysis.reason:
        return 0.0
    hints, asked, sentences = facts.hints, query.terms, facts.sentences
    terms = (sentence.terms | hints if hints else sentence.terms for sentence in sentences)
    rows = ((k, query.held(held)) for k, held in enumerate(terms) if not held.isdisjoint(asked))
    return reason_held_share(query, rows, sentences.__getitem__, story)


def reason_held_share(
    query: Query,
    rows: Iterable[tuple[int, Sequence[float]]],
    sentence: Callable[[int], Sentence],
    story: Sequence[float] | None = None,
) -> float:
    """`reason_share` from the held weights of the sentences holding a question term (`rows`,
    as `held_share`'s): a sentence's text is read only when it would be the best."""
    if not query.analysis.reason:
        return 0.0
    best = 0.0
    for k, held in rows:
        if story is not None:
            held = tuple(map(max, held, story))
        share = query.share(held)
        if share > best and states_reason(sentence(k).text):
            best = share
    return best
