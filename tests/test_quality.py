"""Answer quality on the question sets, measured with the eval harness.

The floors below are the issue's targets, or what the method reaches now where
that is higher: a drop fails the test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.answering import Answerer
from bot.config import RetrievalSettings
from bot.evaluate import Report, evaluate, load_cases
from bot.knowledge import load_folder
from tests.conftest import MANY_ARTICLES, PUBLIC_SET, ROOT, SHARED, SQUAD

OWN_SET = ROOT / "tests" / "sets" / "knowledge_qa.yaml"
SEED_SET = ROOT / "tests" / "sets" / "seed_qa.yaml"
HOLDOUT_SET = ROOT / "tests" / "sets" / "holdout_qa.yaml"
PROBE_SET = ROOT / "tests" / "sets" / "probe_qa.yaml"
SEED_PROBE_SET = ROOT / "tests" / "sets" / "seed_probe_qa.yaml"


def run(path: Path, answerer: Answerer | None, retrieval: RetrievalSettings) -> dict[str, Any]:
    cases, own_kb = load_cases(path)
    if own_kb is not None:
        answerer = Answerer(own_kb, retrieval)
    assert answerer is not None
    report: Report = evaluate(str(path), cases, answerer)
    return report.as_dict()


@pytest.fixture(scope="module")
def public(answerer: Answerer, retrieval: RetrievalSettings) -> dict[str, Any]:
    return run(PUBLIC_SET, answerer, retrieval)


@pytest.fixture(scope="module")
def public_among_ten(many_answerer: Answerer, retrieval: RetrievalSettings) -> dict[str, Any]:
    return run(PUBLIC_SET, many_answerer, retrieval)


@pytest.fixture(scope="module")
def own(many_answerer: Answerer, retrieval: RetrievalSettings) -> dict[str, Any]:
    return run(OWN_SET, many_answerer, retrieval)


@pytest.fixture(scope="module")
def seed(many_answerer: Answerer, retrieval: RetrievalSettings) -> dict[str, Any]:
    return run(SEED_SET, many_answerer, retrieval)


@pytest.fixture(scope="module")
def squad(retrieval: RetrievalSettings) -> dict[str, Any]:
    return run(SQUAD, None, retrieval)


def test_ten_articles_are_loaded() -> None:
    assert len(load_folder(MANY_ARTICLES).articles) >= 10


# Issue 15 removed bot/lexicon.py's synonym groups (picked from the sets' questions) for
# WordNet's relations: the floors below that fell are the measured values since. On the
# public set, "What does Moscow call the war?" needed war ~ operation and "How many
# refugees left ...?" leave ~ flee, neither of which general English (WordNet) gives (the
# second is right again since the counted noun no longer takes the verb "left" for its head).
# The first is right again since naming questions read the naming construction (its
# "special military operation"), not a synonym of "war" (bot/answering/naming.py).


def test_public_set_meets_its_targets(public: dict[str, Any]) -> None:
    assert public["accuracy"] == 1.0  # 24/24 since naming questions (23/24 before)
    assert public["declined_right"] == 1.0
    assert public["sentence_accuracy"] >= 0.95


def test_public_set_with_ten_articles_loaded(public_among_ten: dict[str, Any]) -> None:
    assert public_among_ten["accuracy"] == 1.0
    assert public_among_ten["declined_right"] == 1.0


def test_seed_set_with_ten_articles_loaded(seed: dict[str, Any]) -> None:
    """Questions about the seed still find the seed article among ten."""
    assert seed["accuracy"] >= 0.93  # 44/47 ("What is Russia calling its invasion?")
    assert seed["sentence_accuracy"] >= 0.93
    assert seed["wrongly_declined"] == 0
    assert seed["declined_right"] >= 0.88
    assert seed["by_kind"]["noanswer"]["total"] >= 8


def test_held_out_set(many_answerer: Answerer, retrieval: RetrievalSettings) -> None:
    """Written after the rules were chosen: a floor, so a change that generalises worse shows."""
    held_out = run(HOLDOUT_SET, many_answerer, retrieval)
    assert held_out["answerable"] >= 25
    assert held_out["accuracy"] >= 0.88  # 23/26 since "named it X" (naming questions)
    assert held_out["top3"] >= 0.88  # 0.92 before type declines: "how many games" is answered by "eight wins"
    assert held_out["sentence_accuracy"] >= 0.88
    assert held_out["declined_right"] >= 0.8


def test_fifth_round_probe(many_answerer: Answerer, retrieval: RetrievalSettings) -> None:
    """Measures, compounds, common words, near misses: written before its round's rules were
    scored on it (before them: 29/36 right, 2/11 declined)."""
    probe = run(PROBE_SET, many_answerer, retrieval)
    assert probe["answerable"] >= 36
    # 29/36 since round 48: "Why do children need the single rooms?" now gets the ward's
    # "so that a parent can stay" (a reason too, not the one expected) first
    assert probe["accuracy"] >= 0.80
    assert probe["declined_right"] >= 0.81


def test_fifth_round_seed_probe(answerer: Answerer, retrieval: RetrievalSettings) -> None:
    """The seed article in the kinds of the unpublished questions (before the round's two
    decline rules it led to: 24/26 right, 8/10 declined)."""
    probe = run(SEED_PROBE_SET, answerer, retrieval)
    assert probe["answerable"] >= 26
    assert probe["accuracy"] >= 0.96
    assert probe["declined_right"] >= 0.9


def test_own_set(own: dict[str, Any]) -> None:
    assert own["answerable"] >= 60
    assert own["accuracy"] >= 0.94  # issue 6's target was 0.95, met with the synonym groups;
    # 64/68 since the relation floor 0.4 ("displayed" ~ "shown" 0.47, issue 15 round 8)
    assert own["top3"] >= 0.94


def test_own_set_declines_and_sentences_meet_the_targets(own: dict[str, Any]) -> None:
    assert own["by_kind"]["noanswer"]["total"] >= 12
    assert own["declined_right"] >= 0.90
    assert own["sentence_accuracy"] >= 0.92


def test_squad_meets_the_issue_targets(squad: dict[str, Any]) -> None:
    assert squad["accuracy"] >= 0.90  # target 0.88
    assert squad["sentence_accuracy"] >= 0.81  # target 0.80; 78/96 since round 8 of issue 15:
    # "under the control of" ~ "dominance" highlights the barons' sentence, not Wales's
    assert squad["top3"] >= 0.97  # target 0.97
    assert squad["wrongly_declined"] == 0
    assert squad["declined_right"] >= 0.19  # 22/112
    assert squad["short_em"] >= 0.54  # 0.542 since the twelfth round read past the second
    # sentence ("Wales"); 0.531 since the eleventh round's who / which-N heads
    assert squad["short_f1"] >= 0.585  # 0.588 (issue 16's targets: 0.40 and 0.50)


def test_news_set_in_readers_own_words(retrieval: RetrievalSettings) -> None:
    """../shared/eval/news: questions written by a reader who never saw the code (issue 15's
    targets are 85% answerable and 70% near misses declined; these are the measured values)."""
    news = SHARED / "eval" / "news"
    answerer = Answerer(load_folder(news / "articles"), retrieval)
    report = run(news / "news_qa.yaml", answerer, retrieval)
    assert report["accuracy"] >= 0.74  # 52/70 (48/70 before "a 14-year-old" stopped dating and
    # "70 members of the council" counted its seats; 50/70 before round 8's relation floor;
    # 51/70 before round 9 read "didn't" as "did not")
    assert report["declined_right"] >= 0.86  # 26/30 (21/30 before round 7; 27/30 before round
    # 9: "the winning team" now meets "the team won ... $50,000" of another article)
    assert report["short_overlaps_expect"] >= 0.69  # 37/53 since the twelfth round (35/53 before)
