"""Round 35's readings on made-up stories (in no set): a subheading is no answer, the
paragraph under it answers (bot/answering/headings.py), and a date or a duration told of
another event answers no "when" or "how long" (bot/answering/events.py). Each has a case
where it must not fire."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answering import Answerer
from bot.answering.events import clauses
from bot.answering.headings import is_heading
from bot.answering.result import NOT_COVERED
from bot.config import RetrievalSettings
from bot.knowledge import Article, KnowledgeBase

SETTINGS = RetrievalSettings()


def rules(**changed: object) -> RetrievalSettings:
    return replace(SETTINGS, rules=replace(SETTINGS.rules, **changed))


def _story(*paragraphs: str) -> KnowledgeBase:
    """A made-up story, a paragraph per passage, and an unrelated second article."""
    return KnowledgeBase.from_articles(
        [
            Article("ferry.md", "Island ferry returns", "Outlet", "", None, paragraphs),
            Article(
                "bakery.md",
                "Bakery wins prize",
                "Outlet",
                "",
                None,
                ("A village bakery won a national prize for its rye bread on Thursday.",),
            ),
        ]
    )


@pytest.mark.parametrize(
    "text",
    [
        "## Safety inquiry",
        "Safety inquiry",
        "## 'A ferry is not a luxury'",
        "What the divers found",
    ],
)
def test_a_short_line_ending_in_no_sentence_end_is_a_heading(text: str) -> None:
    assert is_heading(text)


@pytest.mark.parametrize(
    "text",
    [
        "The ferry sailed at dawn.",  # a sentence
        '"We are delighted," she said.',
        "## Safety The inquiry will report in May. Its chair is a retired judge.",  # joined
        "The ferry, which was built in Glasgow in 1998 and refitted twice since then, sailed",
    ],
)
def test_a_sentence_or_a_paragraph_is_no_heading(text: str) -> None:
    assert not is_heading(text)


_FERRY = (
    "The island's only ferry returned to service on Tuesday after a six-month repair.",
    "## Safety inquiry board",
    "Under the agreement, the harbour board will be led by Captain Ruth Okonjo, "
    "a former coastguard officer, until the inquiry ends.",
)


def test_a_heading_s_place_goes_to_the_paragraph_under_it() -> None:
    question = "Who will lead the safety inquiry board?"
    answer = Answerer(_story(*_FERRY), SETTINGS).answer(question)
    assert answer.hits and answer.hits[0].passage.paragraph == 3
    # the heading first without the rule (here declined: no name in it)
    off = Answerer(_story(*_FERRY), rules(heading_next=False)).answer(question)
    first = off.hits[0] if off.hits else off.closest
    assert first is not None and first.passage.paragraph == 2


def test_a_paragraph_best_stays_best() -> None:
    """Must not fire: the best passage is no heading."""
    question = "When did the ferry return to service?"
    answer = Answerer(_story(*_FERRY), SETTINGS).answer(question)
    assert answer.hits and answer.hits[0].passage.paragraph == 1


def test_clauses_split_at_commas_but_not_in_numbers_or_times() -> None:
    assert clauses("At 22:30, the last of 1,000 voters left, police said") == [
        "At 22:30 the last of 1,000 voters left police said"
    ]
    assert clauses("The ferry, which has a third of its fuel, sailed on Monday to Skye.") == [
        "The ferry which has a third of its fuel",
        "sailed on Monday to Skye.",
    ]
    # a short apposition stands with the clause before it
    assert clauses("The ferry was first recorded in a charter, 12th century.") == [
        "The ferry was first recorded in a charter 12th century."
    ]


_ENGINES = (
    "The island ferry, which still has about half of its diesel, sailed to the mainland "
    "on Monday to collect new lifejackets.",
    "The bakery on the quay reopened as well.",
)


def test_a_date_told_of_another_event_answers_no_when() -> None:
    question = "When did the island ferry run out of diesel?"
    assert Answerer(_story(*_ENGINES), SETTINGS).answer(question).declined == NOT_COVERED
    assert Answerer(_story(*_ENGINES), rules(event_told=False)).answer(question).declined == ""


def test_a_duration_told_of_another_event_answers_no_how_long() -> None:
    story = _story(
        "The ferry's owners will send the recovered bell to a museum, they said on Friday, "
        "after divers spent less than ten minutes at the wreck.",
        "The bakery on the quay reopened as well.",
    )
    question = "How long will the museum take to restore the recovered bell?"
    assert Answerer(story, SETTINGS).answer(question).declined == NOT_COVERED
    assert Answerer(story, rules(event_told=False)).answer(question).declined == ""


@pytest.mark.parametrize(
    "told",
    [
        # the date in the clause telling of the event asked
        "The island ferry, which still has about half of its diesel, will run out of it on "
        "Friday, its owners said.",
        # an opening phrase dates the main clause after it
        "On Friday, the island ferry will run out of diesel, its owners said.",
        # a time of day is a date asked by "when"
        "The island ferry will run out of diesel at 6:30 tomorrow, its owners said.",
    ],
)
def test_a_date_told_of_the_event_asked_answers(told: str) -> None:
    question = "When will the island ferry run out of diesel?"
    assert Answerer(_story(told, "The bakery reopened."), SETTINGS).answer(question).declined == ""


def test_a_length_is_no_event_s_duration() -> None:
    """Must not fire: "how long is" a thing asks its size, told in any clause."""
    story = _story(
        "The new ferry, built in a Glasgow yard, is 48 metres long.",
        "The bakery on the quay reopened as well.",
    )
    assert Answerer(story, SETTINGS).answer("How long is the new ferry?").declined == ""
