"""WordNet relations in answering: a related word ranks a passage, below the reader's own
word, and never makes a near miss look covered (made-up articles, not from any set)."""

from __future__ import annotations

from dataclasses import replace

from bot.answering import Answerer
from bot.config import RetrievalSettings
from bot.knowledge import Article, KnowledgeBase
from bot.rules import RuleSettings


def _kb(*texts: str) -> KnowledgeBase:
    return KnowledgeBase.from_articles(
        Article(f"a{k}.md", f"Story {k}", "Outlet", "", None, (text,))
        for k, text in enumerate(texts)
    )


ROOF = _kb(
    "The kitten on the roof of the bakery was filmed by a neighbour on Monday.",
    "A neighbour rescued the kitten from the roof of the bakery on Monday.",
    "The bakery sells bread and cakes to the neighbourhood every morning.",
)
# ranking alone: the short-answer decline (a "who" answer must name a person) is off
ON = RetrievalSettings(
    rules=RuleSettings(relation_weight=0.7, relation_floor=0.0, short_answer_declines=False)
)
OFF = replace(ON, rules=replace(ON.rules, relation_weight=0.0))


def _score(answerer: Answerer, question: str, phrase: str) -> float:
    return next(h.score for h in answerer.answer(question).hits if phrase in h.passage.text)


def test_a_related_word_finds_the_passage_the_readers_word_misses() -> None:
    question = "Who saved the kitten on the roof?"  # the article says "rescued"
    assert "rescued" in Answerer(ROOF, ON).answer(question).hits[0].passage.text
    off = Answerer(ROOF, OFF)
    assert _score(off, question, "rescued") == _score(off, question, "filmed")  # nothing to choose
    unit = next(u for u in Answerer(ROOF, ON).query(question).units if u.word == "saved")
    assert unit.related and all(unit.terms[t] < 1.0 for t in unit.related)


def test_the_readers_own_word_outranks_a_related_one() -> None:
    both = _kb(
        "A neighbour saved the kitten from the roof on Monday.",
        "A neighbour rescued the kitten from the roof on Monday.",
    )
    best = Answerer(both, ON).answer("Who rescued the kitten from the roof?").hits[0]
    assert "rescued" in best.passage.text  # must not fire: the exact word wins


def test_relations_never_count_toward_the_decline_bar() -> None:
    question = "Who saved the kitten on the roof?"
    query = Answerer(ROOF, ON).query(question)
    saved = next(u for u in query.units if u.word == "saved")
    rescued_terms = frozenset(saved.related)
    assert saved.held(rescued_terms) > 0
    assert saved.held_strict(rescued_terms) == 0.0
    # a word known only through a relation is still unseen for the decline bar
    assert Answerer(ROOF, ON).query(question).unseen == Answerer(ROOF, OFF).query(question).unseen


def test_relations_weaker_than_the_floor_are_not_used() -> None:
    question = "Who saved the kitten on the roof?"
    saved = next(u for u in Answerer(ROOF, ON).query(question).units if u.word == "saved")
    assert saved.related
    strict = Answerer(ROOF, replace(ON, rules=replace(ON.rules, relation_floor=1.0))).query(question)
    assert not next(u for u in strict.units if u.word == "saved").related
