"""Each ranking feature and highlighting rule alone, on a hand-made question and a few
sentences (tests/answering_kit.py): no knowledge folder, no index. Each has a case where
it must not fire."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from bot.answering.evidence import itself, sentence_share, sentence_weight
from bot.answering.facts import Sentence
from bot.answering.highlight import best_sentence
from bot.answering.query import Query
from bot.answering.question import Required
from bot.answering.ranking import (
    Features,
    Lacked,
    Weights,
    combine,
    features,
    introduction,
    lead_story,
    newest_first_on_ties,
    pair_share,
    rerank,
    story_names,
)
from bot.config import RetrievalSettings
from bot.cues import DIMENSION_UNITS, NAME, NUMBER, PERSON
from bot.knowledge import Article, Passage
from bot.rules import RuleSettings
from bot.text import term
from tests.answering_kit import article, facts, passage, query, sentence, unit

RULES = RuleSettings()
SETTINGS = RetrievalSettings()


def weight(q: Query, one: Sentence, rules: RuleSettings) -> float:
    """`sentence_weight` of a sentence alone."""
    return sentence_weight(q, q.held(one.terms), itself, one, rules)


def test_one_sentence_holding_the_question_beats_words_spread_apart() -> None:
    q = query(unit("bridge"), unit("repaired"))
    assert sentence_share(q, facts("Engineers repaired the old bridge."), RULES) == 1.0
    spread = facts("The bridge is old.", "Nobody minds.", "Workers repaired the road.")
    assert sentence_share(q, spread, RULES) == 0.5
    adjacent = facts("The bridge is old.", "Workers repaired it.")  # two sentences, discounted
    assert sentence_share(q, adjacent, RULES) == pytest.approx(RULES.window_share)


def test_a_sentence_holding_the_asked_for_number_gains_the_cue_bonus() -> None:
    q = query(unit("bridges"), unit("repaired"), answer_type=NUMBER)
    assert weight(q, sentence("Crews repaired 14 bridges."), RULES) == 1 + RULES.cue_bonus
    assert weight(q, sentence("Crews repaired the bridges."), RULES) == 1.0


def test_a_measure_of_the_dimension_asked_gains_the_measure_bonus() -> None:
    distance = DIMENSION_UNITS["distance"]
    q = query(
        unit("lighthouse"), answer_type=NUMBER, units=distance, required=Required(units=distance)
    )
    offshore = sentence("The lighthouse stands 3 kilometres offshore.")
    assert weight(q, offshore, RULES) == 1 + RULES.measure_bonus
    assert weight(q, sentence("The lighthouse is 3 centuries old."), RULES) == 1.0


def test_a_quoted_other_name_for_the_thing_asked_about_gains_the_name_bonus() -> None:
    strike = replace(unit("strike", walkout=0.5), synonyms=frozenset({"walkout"}))
    q = query(strike, answer_type=NAME, renamed=("strike",))
    renamed = sentence("Unions call the strike a “walkout for dignity”.")
    assert weight(q, renamed, RULES) == 1 + RULES.name_bonus
    same_word = sentence("Unions call it a “strike for dignity” in the strike notice.")
    assert weight(q, same_word, RULES) == 1.0


def test_a_count_stands_beside_what_is_counted() -> None:
    q = query(
        unit("bridges"), unit("repaired"), answer_type=NUMBER, counts=True, asked=("bridges",)
    )
    assert weight(q, sentence("Crews repaired 14 bridges."), RULES) == 1 + RULES.cue_bonus
    roads = sentence("Crews repaired 14 roads.")  # a number, but not of bridges
    assert weight(q, roads, RULES) == 0.5
    off = replace(RULES, counted_with_number=False)
    assert weight(q, roads, off) == 0.5 + RULES.cue_bonus


def test_names_feature_is_the_idf_share_of_the_readers_names_held() -> None:
    q = query(unit("mayor"), unit("oslo", idf=3.0), names=frozenset({"oslo"}))
    held = features(q, facts("The mayor of Oslo resigned."), "body", 5.0, SETTINGS)
    assert held.names == 1.0
    assert features(q, facts("The mayor resigned."), "body", 5.0, SETTINGS).names == 0.0
    nameless = query(unit("mayor"), unit("oslo"))  # the reader capitalised nothing
    assert (
        features(nameless, facts("The mayor of Oslo resigned."), "body", 5.0, SETTINGS).names == 0
    )


# A made-up story: its lead writes the company's full name, a later paragraph the detail
# asked with the name's first word only.
_FERRIES = Article("ferries", "Harrowgate Ferries halts all crossings", "Outlet", "", None, ())
_STORY = [
    passage("Harrowgate Ferries cancelled every crossing on Monday.", of=_FERRIES),
    passage(
        "Its boss, Ilse Varga, said Harrowgate would refund tickets.", paragraph=2, of=_FERRIES
    ),
]
_BOSS = query(
    unit("boss", idf=3.0),
    unit("harrowgate", idf=2.0),
    unit("ferries", idf=2.5),
    names=frozenset({"harrowgate", "ferries"}),
)


def _first(q: Query, passages: list[Passage], weight: float) -> int:
    # the title's names alone: the lead's words lent to a later paragraph off (`lead_story`)
    settings = replace(SETTINGS, rules=replace(RULES, title_names=weight, lead_story=0.0))
    table = [facts(p.text) for p in passages]
    bm25 = {0: 10.0, 1: 8.5}  # the lead holds the rare names: the better BM25
    return rerank(q, bm25, [0, 1], passages, table, settings)[0][0]


def test_the_readers_names_in_the_title_tell_the_story_not_the_paragraph() -> None:
    assert _first(_BOSS, _STORY, 0.0) == 0  # off: the lead, holding the full name, wins
    assert _first(_BOSS, _STORY, 1.0) == 1  # on: the paragraph holding the boss
    story = story_names(_BOSS, [0, 1], ["body", "body"], _STORY, 1.0)
    assert story == {0: (0.0, 1.0, 1.0), 1: (0.0, 1.0, 1.0)}  # the names only, not "boss"


def test_title_names_do_not_fire_without_a_name_of_the_title_or_a_choice() -> None:
    nameless = query(unit("boss", idf=3.0), unit("harrowgate", idf=2.0), unit("ferries", idf=2.5))
    assert story_names(nameless, [0, 1], ["body", "body"], _STORY, 1.0) == {}
    assert _first(nameless, _STORY, 1.0) == 0  # the reader named nothing: as before
    # the article's only candidate: no paragraph of its to choose among
    assert story_names(_BOSS, [0], ["body"], _STORY[:1], 1.0) == {}
    # a title that does not write the reader's names
    other = Article("ferries", "Crossings halted on Monday", "Outlet", "", None, ())
    untitled = [replace(p, article=other) for p in _STORY]
    assert story_names(_BOSS, [0, 1], ["body", "body"], untitled, 1.0) == {}
    assert _first(_BOSS, untitled, 1.0) == 0
    # ... or writes one of them only: "Harrowgate" of another company's name
    partly = Article("ferries", "Harrowgate council backs new pier", "Outlet", "", None, ())
    elsewhere = [replace(p, article=partly) for p in _STORY]
    assert story_names(_BOSS, [0, 1], ["body", "body"], elsewhere, 1.0) == {}
    # a caption of the story is no paragraph of it
    assert story_names(_BOSS, [0, 1], ["body", "caption"], _STORY, 1.0) == {}


# A made-up story: its lead tells the story in the reader's words, a later paragraph gives
# the detail asked ("steps") without repeating them.
_LIGHT = Article("light", "Lighthouse open again", "Outlet", "", None, ())
_TOLD = [
    passage("The Marlow lighthouse reopened to visitors on Saturday.", of=_LIGHT),
    passage("Its 142 steps lead up to the lamp room.", paragraph=2, of=_LIGHT),
    passage("The lighthouse was first lit in 1870.", paragraph=3, of=_LIGHT),
]
_STEPS = query(unit("steps", idf=3.0), unit("marlow", idf=2.0), unit("lighthouse", idf=2.5))


def _lent(
    q: Query,
    candidates: list[int],
    passages: list[Passage],
    weight: float = 1.0,
    story: dict[int, tuple[float, ...]] | None = None,
) -> dict[int, tuple[float, ...]]:
    """`lead_story` of the candidates (best BM25 first)."""
    terms = {i: facts(passages[i].text).terms for i in candidates}

    def holds(i: int, lacked: Lacked) -> bool:
        return not terms[i].isdisjoint(lacked.terms)

    held = {i: q.held(terms[i]) for i in candidates}
    return lead_story(q, candidates, passages, held.__getitem__, holds, weight, story or {})


def _lead_first(q: Query, passages: list[Passage], weight: float, bm25: list[float]) -> int:
    settings = replace(SETTINGS, rules=replace(RULES, lead_story=weight))
    table = [facts(p.text) for p in passages]
    candidates = list(range(len(passages)))
    return rerank(q, dict(enumerate(bm25)), candidates, passages, table, settings)[0][0]


def test_a_later_paragraph_holding_the_detail_shares_the_leads_words() -> None:
    lent = _lent(_STEPS, [0, 1, 2], _TOLD)
    assert lent == {1: (0.0, 1.0, 1.0)}  # "steps" is its own: the lead's words are lent
    # off: the lead, holding the story's rare words, wins; on: the paragraph with the steps
    assert _lead_first(_STEPS, _TOLD, 0.0, [10.0, 8.5, 6.0]) == 0
    assert _lead_first(_STEPS, _TOLD, 1.0, [10.0, 8.5, 6.0]) == 1
    half = _lent(_STEPS, [0, 1, 2], _TOLD, 0.5)
    assert half == {1: (0.0, 0.5, 0.5)}


def test_the_leads_words_are_not_lent_without_a_detail_or_a_lead() -> None:
    # paragraph 3 holds only a word the lead holds too: nothing is lent to it
    assert 2 not in _lent(_STEPS, [0, 1, 2], _TOLD)
    # the lead is no candidate (the best is a later paragraph): nothing to lend
    assert _lent(_STEPS, [1, 2], _TOLD) == {}
    # a caption holding the detail is no paragraph of the story
    captioned = [_TOLD[0], passage("Its 142 steps, seen from the lamp.", "caption", 0, _LIGHT)]
    assert _lent(_STEPS, [0, 1], captioned) == {}
    # another article's paragraph holding the detail borrows nothing from this lead
    other = Article("other", "Stairs", "Outlet", "", None, ())
    apart = [_TOLD[0], replace(_TOLD[1], article=other), _TOLD[2]]
    assert _lent(_STEPS, [0, 1, 2], apart) == {}
    # the lead holds the detail in a weaker form ("stairs" for "steps"): not the detail
    stairs = query(
        unit("steps", idf=3.0, **{term("stairs"): 0.5}), unit("marlow", 2.0), unit("lighthouse")
    )
    climbed = [
        replace(_TOLD[0], text="The Marlow lighthouse stairs reopened on Saturday."),
        *_TOLD[1:],
    ]
    assert _lent(stairs, [0, 1, 2], climbed) == {}
    assert _lead_first(stairs, climbed, 1.0, [10.0, 8.5, 6.0]) == 0
    # a lead holding every question word lacks none; one holding none has nothing to lend
    assert _lent(query(unit("marlow"), unit("lighthouse")), [0, 1, 2], _TOLD) == {}
    assert _lent(query(unit("steps"), unit("lamp")), [0, 1, 2], _TOLD) == {}
    # the story's names already lent (`story_names`) stay, the larger weight of the two
    names = {1: (0.0, 1.0, 0.0), 2: (0.0, 1.0, 0.0)}
    both = _lent(_STEPS, [0, 1, 2], _TOLD, 0.5, names)
    assert both == {1: (0.0, 1.0, 0.5), 2: (0.0, 1.0, 0.0)}
    # the lead is not the best candidate by BM25: it wins nothing to share
    assert _lent(_STEPS, [1, 0, 2], _TOLD) == {}


def test_pairs_feature_counts_question_word_pairs_side_by_side() -> None:
    q = query(unit("stone"), unit("bridge"), pairs=frozenset({(term("stone"), term("bridge"))}))
    assert pair_share(q, facts("An old stone bridge.")) == 1.0
    assert pair_share(q, facts("A bridge of stone.")) == 0.0


def test_a_number_question_marks_a_passage_stating_no_number() -> None:
    q = query(unit("bridges"), answer_type=NUMBER)
    assert features(q, facts("The bridges were closed."), "body", 5.0, SETTINGS).lacks_type
    assert not features(q, facts("Nine bridges were closed."), "body", 5.0, SETTINGS).lacks_type
    who = query(unit("bridges"), answer_type=PERSON)  # no number asked: nothing lacks
    assert not features(who, facts("The bridges were closed."), "body", 5.0, SETTINGS).lacks_type


@pytest.mark.parametrize(
    ("changed", "factor"),
    [
        ({}, 1.0),
        ({"lacks_type": True}, RULES.type_missing),
        ({"kind": "details"}, RULES.details_off_topic),
        ({"kind": "details", "asks_details": True}, 1.0),
        ({"kind": "caption"}, RULES.caption_off_topic),
        ({"kind": "caption", "asks_photo": True}, RULES.caption_boost),
    ],
)
def test_factors_multiply_the_combined_score(changed: dict[str, object], factor: float) -> None:
    weights = Weights.of(SETTINGS, query(unit("bridge")))
    base = Features(bm25=10.0, sentence=1.0, names=1.0)
    plain = 10.0 + 10.0 * (SETTINGS.sentence_weight + RULES.named_weight)
    assert combine(base._replace(**changed), weights, 10.0) == pytest.approx(plain * factor)


def test_the_first_passage_naming_a_definitions_target_introduces_it() -> None:
    news = article("n")
    passages = [
        passage("The harbour master retired.", paragraph=1, of=news),
        passage("Later the harbour master spoke again.", paragraph=3, of=news),
        passage("The harbour master at work.", kind="caption", paragraph=0, of=news),
    ]
    table = [facts(p.text) for p in passages]
    who = query(unit("harbour"), unit("master"), target=("harbour", "master"))
    assert introduction(who, [1, 2, 0], passages, table) == 0
    more = query(unit("harbour"), unit("master"), unit("retired"), target=("harbour", "master"))
    assert introduction(more, [1, 2, 0], passages, table) is None  # not just "Who is X?"


def test_a_tie_between_articles_goes_to_the_newest() -> None:
    old, new = article("old", dt.date(2020, 1, 1)), article("new", dt.date(2023, 1, 1))
    passages = [passage("The ferry sank.", of=old), passage("The ferry sank.", of=new)]
    table = [facts(p.text) for p in passages]
    q = query(unit("ferry"), unit("sank"))
    assert newest_first_on_ties(q, [(0, 10.0), (1, 9.0)], passages, table, SETTINGS)[0][0] == 1
    far = [(0, 10.0), (1, 5.0)]  # below tie_share of the best: no tie
    assert newest_first_on_ties(q, far, passages, table, SETTINGS) == far


def test_no_tie_when_a_close_candidate_holds_more_of_the_question() -> None:
    old, new = article("old", dt.date(2020, 1, 1)), article("new", dt.date(2023, 1, 1))
    passages = [passage("The ferry sank.", of=old), passage("The ferry sank at dawn.", of=new)]
    table = [facts(p.text) for p in passages]
    q = query(unit("ferry"), unit("sank"), unit("dawn"))
    ranked = [(0, 10.0), (1, 9.0)]
    assert newest_first_on_ties(q, ranked, passages, table, SETTINGS) == ranked


def test_the_focus_noun_picks_the_highlighted_sentence() -> None:
    text = "The station opened in spring. Its roof is glass."
    q = query(unit("station"), unit("roof"), focus=("roof",))
    assert best_sentence(q, facts(*text.split(". ")), passage(text), RULES) == "Its roof is glass."
    unfocused = query(unit("station"), unit("roof"))  # a tie: the first sentence
    chosen = best_sentence(unfocused, facts(*text.split(". ")), passage(text), RULES)
    assert chosen.startswith("The station")


def test_a_passage_of_one_sentence_highlights_it_whatever_it_holds() -> None:
    text = "The lighthouse keeper rowed ashore at dusk."
    q = query(unit("ferry"), unit("timetable"), focus=("timetable",))  # holds none of them
    assert best_sentence(q, facts(text), passage(text), RULES) == text
    two = ("The lighthouse keeper rowed ashore.", "The ferry timetable changed in May.")
    chosen = best_sentence(q, facts(*two), passage(" ".join(two)), RULES)
    assert chosen == two[1]  # of two, the one holding the question


def test_a_definition_highlights_the_first_mention() -> None:
    texts = (
        "Rain fell all day.",
        "The harbour master closed the port.",
        "The harbour master wept.",
    )
    q = query(unit("harbour"), unit("master"), target=("harbour", "master"))
    assert best_sentence(q, facts(*texts), passage(" ".join(texts)), RULES) == texts[1]


def test_a_credit_question_highlights_the_credit_line() -> None:
    credit = "Ann Lee / Harbour Press"
    photo = passage(
        "Firefighters at the burning mill. Ann Lee / Harbour Press",
        "caption",
        0,
        article(caption_credit=credit),
    )
    lines = facts("Firefighters at the burning mill.", credit)
    q = query(unit("firefighters"), unit("mill"), answer_type=PERSON, who_did=True)
    assert best_sentence(q, lines, photo, RULES) == credit
    shown = query(unit("firefighters"), unit("mill"), answer_type=PERSON)  # "who is shown"
    assert best_sentence(shown, lines, photo, RULES) == "Firefighters at the burning mill."


def test_a_sentence_is_made_only_when_the_question_asks_a_type_it_may_hold() -> None:
    made: list[int] = []
    one = sentence("Crews repaired 14 bridges.")

    def read(k: int) -> Sentence:
        made.append(k)
        return one

    plain = query(unit("bridges"), unit("repaired"))
    assert sentence_weight(plain, plain.held(one.terms), read, 3, RULES) == 1.0
    assert made == []  # no type asked: its text and cues are never read
    typed = query(unit("bridges"), unit("repaired"), answer_type=NUMBER)
    assert sentence_weight(typed, typed.held(frozenset()), read, 3, RULES) == 0.0
    assert made == []  # it holds none of the question: nothing to add a bonus to
    assert sentence_weight(typed, typed.held(one.terms), read, 3, RULES) == 1 + RULES.cue_bonus
    assert made == [3]
