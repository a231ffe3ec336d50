"""Which sentence of the passage the short answer comes from (bot/answering/short.py): the
highlighted one when it holds an answer, else the next that holds one and some of the
question's words. Sentences written for these tests (from no question set), with the cases
where each rule must not fire."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answering.short import read
from bot.rules import RuleSettings
from bot.text import analyze
from tests.answering_kit import asking


def short(question: str, *sentences: str, rules: RuleSettings | None = None) -> str | None:
    asked = frozenset(analyze(question))
    found = read(asking(question), sentences, asked, rules=rules or RuleSettings()).short
    return found.text if found else None


@pytest.mark.parametrize(
    ("question", "highlighted", "other", "expected"),
    [
        (  # "ferry" beside "Another" in the other sentence: the highlighted one's name answers
            "Which ferry sails to Tallinn at night?",
            "The Aurora sails to Tallinn at night.",
            "Another ferry, the Baltic Star, is older.",
            "Aurora",
        ),
        (
            "Which painter made the harbour mural?",
            "Hilma Lund made the harbour mural in 1960.",
            "The painter Karl Ek restored it.",
            "Hilma Lund",
        ),
        (
            "Which ship sank near the harbour?",
            "The Maria sank near the harbour in 1910.",
            "The ship Astrid was built in Turku.",
            "Maria",
        ),
    ],
)
def test_the_highlighted_sentence_s_answer_beats_a_closer_one_elsewhere(
    question: str, highlighted: str, other: str, expected: str
) -> None:
    assert short(question, highlighted, other) == expected
    assert short(question, highlighted) == expected  # what it says alone


@pytest.mark.parametrize(
    ("question", "highlighted", "other", "expected"),
    [
        (  # nothing by the question's words in the highlighted sentence: the other answers
            "Which painter made the harbour mural?",
            "Work on it ended in 1960.",
            "Hilma Lund made the harbour mural.",
            "Hilma Lund",
        ),
        (  # who: the highlighted sentence holds no name
            "Who made the harbour mural?",
            "The harbour mural took a year.",
            "Hilma Lund made the mural with her students.",
            "Hilma Lund",
        ),
    ],
)
def test_another_sentence_answers_when_the_highlighted_one_holds_none(
    question: str, highlighted: str, other: str, expected: str
) -> None:
    assert short(question, highlighted) is None
    assert short(question, highlighted, other) == expected


def test_the_answer_may_stand_past_the_second_sentence() -> None:
    why = "Why did the ferry stop sailing?"
    first, second = "The ferry stopped sailing in March.", "The ferry company was sold in May."
    assert short(why, first, second, "The ferry stopped because its engine failed.") == (
        "its engine failed"
    )
    who = "Who founded the ferry company?"
    first, second = "The ferry company runs three boats.", "It was sold in 2001."
    assert short(who, first, second, "Anna Berg founded the ferry company in 1990.") == "Anna Berg"
    # the settings bound how far it reads
    two = replace(RuleSettings(), short_max_sentences=2)
    assert short(who, first, second, "Anna Berg founded the ferry company.", rules=two) is None


def test_a_sentence_past_the_highlighted_one_without_the_question_s_words_does_not_answer() -> None:
    why, who = "Why did the ferry stop sailing?", "Who founded the ferry company?"
    first, second = "The ferry stopped sailing in March.", "The ferry company was sold in May."
    assert short(why, first, second, "The crew left because the pay was low.") is None
    first, second = "The ferry company runs three boats.", "It was sold in 2001."
    assert short(who, first, second, "Anna Berg lives in Tallinn.") is None
    # the highlighted sentence answers without them (the ranking chose it)
    assert short("When did the ferry service resume?", "Crossings began again in March 2021.") == (
        "March 2021"
    )


@pytest.mark.parametrize(
    ("question", "highlighted", "other", "expected"),
    [
        (
            "What did the old dog die from?",
            "The old dog, Rex, was buried under the apple tree.",
            "He died from a fever after the cold winter.",
            "fever",
        ),
        (
            "What did the choir sing at the spring festival?",
            "The spring festival drew a large crowd to the square.",
            "The choir sang a hymn by Bach.",
            "hymn",
        ),
    ],
)
def test_the_object_of_the_question_s_verb_in_another_sentence_answers(
    question: str, highlighted: str, other: str, expected: str
) -> None:
    assert short(question, highlighted) not in (None, expected)  # alone it answers otherwise
    assert short(question, highlighted, other) == expected


def test_the_object_of_the_question_s_verb_must_not_come_from_elsewhere() -> None:
    # the highlighted sentence holds the object: it answers
    sing = "What did the choir sing at the spring festival?"
    assert short(
        sing, "At the spring festival the choir sang a carol.", "Later it sang a hymn."
    ) == ("carol")
    # the other sentence lacks the question's verb: the highlighted one's answer stands
    die, buried = "What did the old dog die from?", "The old dog, Rex, was buried under the tree."
    assert short(die, buried, "A fever spread in the village.") == short(die, buried)
