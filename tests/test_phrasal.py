"""Phrasal verbs: "called off" is read as one verb ("cancel"), from WordNet's list, on
made-up questions and articles (not from any question set)."""

from __future__ import annotations

from dataclasses import replace

from bot.answering import Answerer
from bot.answering.phrasal import pairs
from bot.config import RetrievalSettings
from bot.knowledge import Article, KnowledgeBase
from bot.relations import related, relations
from bot.rules import RuleSettings
from bot.text import words


def test_a_particle_right_after_the_verb_makes_a_pair() -> None:
    assert pairs(words("Why was the concert called off?")) == (("called", "off"),)
    assert pairs(words("Who looked into the complaint?")) == (("looked", "into"),)


def test_an_adverbial_particle_after_a_short_object_makes_a_pair() -> None:
    assert ("send", "back") in pairs(words("When must tenants send the keys back?"))
    assert ("turn", "down") in pairs(words("Why did she turn the offer down?"))


def test_no_pair_without_a_particle_or_for_a_preposition_after_an_object() -> None:
    assert pairs(words("Who won the cycling race?")) == ()
    # a word before a preposition is only a candidate: WordNet has no verb "race in"
    assert pairs(words("Who won the race in Ghent?")) == (("race", "in"),)
    assert related("race_in") == {}
    # "in" after an object is a preposition ("in the sink"), not a particle of "put"
    assert ("put", "in") not in pairs(words("Who put the kettle in the sink?"))
    # "back" further on is no particle of "gave": the object has ended at "to"
    assert ("gave", "back") not in pairs(words("Who gave the money to the club back home?"))


def test_wordnet_phrasal_verbs_are_keyed_by_the_verbs_index_term() -> None:
    assert related("call_off").get("cancel", 0) > 0.5
    assert "exclud" in related("leav_out")  # "left out" -> excluded
    # looked up from a question only: no single word leads back to a phrasal verb
    assert not any("_" in other for other in relations().get("cancel", {}))


def _kb(*texts: str) -> KnowledgeBase:
    return KnowledgeBase.from_articles(
        Article(f"a{k}.md", f"Story {k}", "Outlet", "", None, (text,))
        for k, text in enumerate(texts)
    )


FAIR = _kb(
    "The Hadley village fair was cancelled because heavy rain flooded the meadow on Friday.",
    "The Hadley village fair opened with a parade, and the stalls went off well.",
    "Tickets for the Hadley village fair cost five pounds at the door.",
    "Organisers call it the best fair in the county.",  # "call" is a word the index knows
)
ON = RetrievalSettings(rules=RuleSettings(short_answer_declines=False))
OFF = replace(ON, rules=replace(ON.rules, phrasal_verbs=False))


def test_a_phrasal_verb_finds_the_one_word_the_article_uses() -> None:
    question = "Why was the Hadley village fair called off?"
    on = Answerer(FAIR, ON)
    assert "cancel" in on.query(question).units[-1].related  # as a relation: no decline help
    best = on.answer(question).hits[0]
    assert "cancelled" in best.passage.text
    # without the pair, "called" is only "call": the passage on the cancelling scores less
    off = Answerer(FAIR, OFF)
    assert "cancel" not in off.query(question).units[-1].terms
    assert _score(off, question, "cancelled") < best.score


def _score(answerer: Answerer, question: str, phrase: str) -> float:
    return next(h.score for h in answerer.answer(question).hits if phrase in h.passage.text)


def test_a_question_without_a_phrasal_verb_ranks_as_before() -> None:
    question = "How much did tickets for the Hadley village fair cost?"
    on = Answerer(FAIR, ON).answer(question).hits
    off = Answerer(FAIR, OFF).answer(question).hits
    assert [(h.passage.text, h.score) for h in on] == [(h.passage.text, h.score) for h in off]
