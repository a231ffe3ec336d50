"""Why an answer is what it is: `python -m bot ask --explain QUESTION`.

For the top candidates: each ranking feature's value and weight and the score they make;
the question's words with the index terms standing for them (an exact match, a close
spelling, a WordNet relation), the words found nowhere in the knowledge, the answer type
and kind looked for, and each decline check with its outcome. It recomputes what
`Answerer.answer` computes, with the same functions, and prints it; it decides nothing.
"""

from __future__ import annotations

from bot.answering.answer_types import MONEY
from bot.answering.answerer import Answerer
from bot.answering.candidates import scores, top
from bot.answering.decline import (
    InArticle,
    another_one,
    another_party,
    bar,
    coverage,
    dated_elsewhere,
    direction_turned,
    doer_elsewhere,
    elsewhere,
    event_as_cause,
    event_elsewhere,
    holds_claim,
    holds_kind,
    off_target,
    placed_names,
    rank_rivalled,
    role_elsewhere,
    roles_swapped,
    told_of,
    undated_event,
    unknown_topic,
    unnamed_one,
    withheld,
)
from bot.answering.evidence import reason_share
from bot.answering.headings import past_heading
from bot.answering.query import Query
from bot.answering.ranking import Weights, asks, combine, features, rerank
from bot.text import MAX_QUESTION_CHARS

SHOWN = 3  # candidates explained
TERMS_SHOWN = 5  # index terms shown per question word


def explain(answerer: Answerer, question: str, shown: int = SHOWN) -> str:
    question = question[:MAX_QUESTION_CHARS]
    answer = answerer.answer(question)
    query = answerer.query(question)
    analysis = query.analysis
    lines = [f"question: {question}"]
    kind = analysis.kind + (f" of {' '.join(analysis.kind_of)}" if analysis.kind_of else "")
    lines.append(f"answer type looked for: {analysis.answer_type or '-'}; kind: {kind or '-'}")
    if analysis.naming:  # "What does X call Y?" (bot/answering/naming.py)
        n = analysis.naming
        lines.append(
            f"naming question: who names {' '.join(n.namer) or '-'}; named"
            f" {' '.join(n.named) or '-'} (head {' '.join(n.head) or '-'}); frame words"
            f" {' '.join(n.frame)} (the answer's form, held with a naming construction)"
        )
    if analysis.leader:  # "Who is the head of X?" (bot/answering/leaders.py)
        lead = analysis.leader
        lines.append(
            f"leader question: role words {' '.join(lead.role)} (held by a sentence naming a"
            f" person in charge of {' '.join(lead.led)})"
        )
    if analysis.claim:  # a yes/no question's event (bot/answering/claims.py)
        lines.append(f"yes/no question claiming: {analysis.claim}")
    if analysis.roles:  # "Who replaced the Normans?" (bot/answering/roles.py)
        r = analysis.roles
        role = "object" if r.subject_asked else "doer"
        lines.append(f"roles: verb {r.written}; {' '.join(sorted(r.party))} is its {role}")
        if r.owner:
            lines.append(f"roles: the object's owner {' '.join(sorted(r.owner))}")
    if analysis.holder_verb:  # "Who coaches the team?" (bot/answering/roles.py)
        lines.append(f"a role's holder asked: verb {analysis.holder_verb}")
    for d in analysis.directions:  # "after the conquest" (bot/answering/opposites.py)
        lines.append(f"direction: {d.thing} on side {d.side} of {d.axis}")
    for q in analysis.qualified:  # "a Norman general" (bot/answering/qualifiers.py)
        lines.append(f"qualified: {q.noun} by {q.word}")
    if analysis.party:  # "How old is Valeria Sokolova?" (bot/answering/parties.py)
        p = analysis.party
        noun = f" {p.noun}" if p.noun else ""
        lines.append(f"party asked: {p.kind}{noun} of {' '.join(p.names)}")
    for k in analysis.ranked:  # "the oldest work" (bot/answering/ranks.py)
        lines.append(f"ranked: {k.noun} by {k.rank}{' (ordinal)' if k.ordinal else ''}")
    lines += _words(query)
    passages = answerer.knowledge.passages
    if not query.units or not passages:
        lines.append(f"decline reason: {answer.declined} (no words to search for)")
        return "\n".join(lines)
    settings = answerer.settings
    bm25 = scores(answerer.index, query)
    candidates = top(bm25, settings.rules.rerank)
    ranked = rerank(query, bm25, candidates, passages, answerer.facts, settings)
    best = float(bm25[candidates[0]])
    weights = Weights.of(settings, query)
    asked = asks(query, settings)
    lines.append(
        f"candidates (re-ranked {len(candidates)}; added features are × best BM25 {best:.3f}):"
    )
    for rank, (doc_id, score) in enumerate(ranked[:shown], start=1):
        passage = passages[doc_id]
        f = features(
            query, answerer.facts[doc_id], passage.kind, float(bm25[doc_id]), settings, asked
        )
        told = reason_share(query, answerer.facts[doc_id]) if weights.reason else 0.0
        lines.append(
            f" {rank}. {score:.3f}  {passage.article.key} ¶{passage.paragraph}:"
            f" {passage.text[:70]}{'…' if len(passage.text) > 70 else ''}"
        )
        lines.append(
            f"    bm25 {f.bm25:.3f}; sentence {f.sentence:.3f} × {weights.sentence};"
            f" names {f.names:.3f} × {weights.names}; pairs {f.pairs:.3f} × {weights.pairs}"
            + (f"; reason {told:.3f} × {weights.reason}" if weights.reason else "")
            + f" -> {combine(f, weights, best, told):.3f}"
        )
        factors = []
        if f.lacks_type:
            factors.append(f"lacks the number/date asked × {weights.lacks_type}")
        if f.kind != "body":
            factors.append(f"{f.kind} passage")
        if factors:
            lines.append("    factors: " + "; ".join(factors))
    moved = past_heading(ranked, passages) if settings.rules.heading_next else ranked
    if moved[0][0] != ranked[0][0]:
        under = passages[moved[0][0]]
        lines.append(
            f"the first is a subheading: ¶{under.paragraph}, the paragraph under it, answers"
        )
    others = answerer.other_articles(query, moved)
    lines += _declines(answerer, query, moved[0][0], answer.declined, others)
    return "\n".join(lines)


def _words(query: Query) -> list[str]:
    lines = []
    for unit in query.units:
        terms = sorted(unit.terms.items(), key=lambda item: -item[1])[:TERMS_SHOWN]
        shown = ", ".join(
            f"{t} {w:.2f}{' (WordNet)' if t in unit.related else ''}" for t, w in terms
        )
        lines.append(f"  {unit.word} (idf {unit.idf:.2f}): {shown or 'nothing'}")
    nowhere = [u.word for u in query.units if not u.terms.keys() - u.related]
    lines.append("words found nowhere in the knowledge: " + (", ".join(nowhere) or "none"))
    return ["question words and the index terms matched:", *lines]


def _declines(
    answerer: Answerer, query: Query, doc_id: int, declined: str, others: list[InArticle]
) -> list[str]:
    """Each check of bot/answering/decline.py on the best passage, and the outcome."""
    settings, rules = answerer.settings, answerer.settings.rules
    facts = answerer.facts[doc_id]
    in_article = answerer.in_article(doc_id)
    placed = placed_names(query, facts) if rules.places_named else frozenset()
    needed, raised = bar(query, facts, settings, placed)
    held = coverage(query, facts, in_article, rules)
    money = rules.sum_told and query.analysis.kind == MONEY
    told = told_of(query) if money else []
    kind = answerer.knowledge.passages[doc_id].kind
    unknown = unknown_topic(query, kind, rules)
    undated = undated_event(query, kind, rules)
    checks = [
        f"coverage {held:.3f} against the bar {needed:.3f}"
        + (f" (raised: {', '.join(raised)})" if raised else ""),
        f"names no article holds: {', '.join(query.unknown_names) or 'none'}",
        f"answers something else (names, holder, measure, claim, kind): "
        f"{'yes' if off_target(query, facts, in_article, rules) else 'no'}",
        f"holds the kind asked: {'yes' if holds_kind(query, facts, rules) else 'no'}"
        + (f" (a sum told of: {', '.join(u.word for u in told)})" if told else ""),
        f"article tells of the event claimed ({query.analysis.claim or '-'}): "
        f"{'yes' if holds_claim(query, in_article) else 'no'}",
        f"the question's party in the other role around its verb: "
        f"{'yes' if roles_swapped(query, facts, rules) else 'no'}",
        f"another named doer of the question's verb: "
        f"{'yes' if doer_elsewhere(query, facts, rules) else 'no'}",
        f"a role asked told only elsewhere in its article: "
        f"{'yes' if role_elsewhere(query, facts, in_article, rules) else 'no'}",
        f"a thing told only in the opposite direction: "
        f"{'yes' if direction_turned(query, facts, rules) else 'no'}",
        f"another one of a noun the question qualifies by a name: "
        f"{'yes' if another_one(query, facts) else 'no'}",
        f"an age, sum or role asked of a named party bound only to another name: "
        f"{'yes' if another_party(query, facts) else 'no'}",
        f"another rank of a noun the question ranks (oldest / newest): "
        f"{'yes' if rank_rivalled(query, facts) else 'no'}",
        f"the question's number stated only of another event: "
        f"{'yes' if dated_elsewhere(query, facts, in_article, rules) else 'no'}",
        f"details/photo question about an unknown article: {'yes' if unknown else 'no'}",
        f"an event's date asked of the article's details: {'yes' if undated else 'no'}",
        f"a date or duration told only in clauses of another event: "
        f"{'yes' if kind == 'body' and event_elsewhere(query, facts, rules) else 'no'}",
        f"another candidate's article holds more of the question (a kind asked): "
        f"{'yes' if elsewhere(query, in_article, others, rules) else 'no'}",
        f"the passage says the {query.analysis.withheld.kind or 'thing'} asked is withheld"
        f" (not named, no reason given, no date set ...): "
        f"{'yes' if withheld(query, facts, rules) else 'no'}",
        f"the {query.analysis.unnamed or 'one'} whose name is asked brought in unnamed"
        f" (a, one, two, their; no name joined): "
        f"{'yes' if unnamed_one(query, facts) else 'no'}",
        f"a why-question's event told only as a cause or a time, or its own reason: "
        f"{'yes' if event_as_cause(query, kind, facts, rules) else 'no'}",
    ]
    outcome = f"declined: {declined}" if declined else "answered"
    return ["decline checks on the best passage:", *(f"  {c}" for c in checks), outcome]
