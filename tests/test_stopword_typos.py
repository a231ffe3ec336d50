"""A function word mistyped ("thier", "wuold", "wat") is dropped from the question's words
when it matches nothing (rules.stopword_typos), so it no longer counts as a word the
articles lack; a rare English word one letter from a stop word ("whey") is kept (made-up
articles, not from any set)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answering import Answerer
from bot.answering.vocabulary import stopword_typo
from bot.config import RetrievalSettings
from bot.knowledge import Article, KnowledgeBase


def _kb(*texts: str) -> KnowledgeBase:
    return KnowledgeBase.from_articles(
        Article(f"a{k}.md", f"Story {k}", "Outlet", "", None, (text,))
        for k, text in enumerate(texts)
    )


DAIRY = _kb(
    "The Millbeck dairy will close its cheese plant in June, and 85 workers will be made "
    "redundant, the owners said on Friday.",
    "The village fete raised money for a new roof on the chapel.",
)
ON = RetrievalSettings()
OFF = replace(ON, rules=replace(ON.rules, stopword_typos=False))


@pytest.mark.parametrize("word", ["thier", "wuold", "wat", "wich", "agains", "teh", "adn"])
def test_a_slip_from_a_stop_word_is_one(word: str) -> None:
    assert stopword_typo(word)


@pytest.mark.parametrize(
    "word",
    [
        "whey",  # a word WordNet relates, one letter from "they"
        "ether",  # ... one letter from "either"
        "live",  # a common word, one letter from "like"
        "millbeck",  # no stop word near it
        "of",  # too short to tell
    ],
)
def test_a_word_is_no_slip(word: str) -> None:
    assert not stopword_typo(word)


def test_a_mistyped_function_word_no_longer_stops_the_answer() -> None:
    question = "how many workers wuold lose thier jobs at the millbeck dairy"
    words = [u.word for u in Answerer(DAIRY, ON).query(question).units]
    assert "wuold" not in words and "thier" not in words and "millbeck" in words
    assert [u.word for u in Answerer(DAIRY, OFF).query(question).units].count("thier") == 1
    answer = Answerer(DAIRY, ON).answer(question)
    assert answer.answered and "85 workers" in answer.hits[0].passage.text
    assert not Answerer(DAIRY, OFF).answer(question).answered  # two words "nowhere" before


def test_a_rare_word_the_articles_lack_still_counts() -> None:
    question = "How much whey does the Millbeck dairy sell?"
    units = [u.word for u in Answerer(DAIRY, ON).query(question).units]
    assert "whey" in units  # must not fire: a word of the question's topic, not a slip
    assert not Answerer(DAIRY, ON).answer(question).answered
