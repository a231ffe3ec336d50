"""The claim of a yes/no question (bot/answering/claims.py), and the decline when the best
article never tells of it: made-up questions and articles, none from a question set."""

from __future__ import annotations

import pytest

from bot.answering import Answerer
from bot.answering.claims import change_verbs, claimed_verb
from bot.answering.result import NOT_COVERED
from bot.config import RetrievalSettings
from bot.knowledge import Article, KnowledgeBase
from bot.rules import RuleSettings


@pytest.mark.parametrize(
    ("question", "verb"),
    [
        ("Has anyone been charged over the fire at the depot?", "charged"),
        ("Is the union suing the ferry company?", "suing"),
        ("Were the climbers taken to a hospital?", "taken"),
        ("Have the builders been paid for the pier?", "paid"),
    ],
)
def test_a_yes_no_question_claims_its_participle(question: str, verb: str) -> None:
    assert claimed_verb(question) == verb


@pytest.mark.parametrize(
    "question",
    [
        "Is the mayor a member of the board?",  # no verb: a state, answered by a role
        "Are ticket prices rising?",  # a change: said in many words (up, higher, climbing)
        "Will the ferry be back in service?",  # not read: a modal's verb is not known
        "Does the council accept the report?",  # not read: answered "rejects" as well
        "Who was charged over the fire?",  # not a yes/no question
        "Is the museum based in the old town hall?",  # a participle of glue, not an event
    ],
)
def test_questions_claiming_no_checkable_event_are_left_alone(question: str) -> None:
    assert claimed_verb(question) == ""


def test_change_verbs_come_from_wordnet_lists() -> None:
    assert {"rise", "grow", "fall"} <= change_verbs()
    assert not {"sue", "arrest", "charg"} & change_verbs()  # events named by their verb


FERRY = KnowledgeBase.from_articles(
    [
        Article(
            "ferry.md",
            "Ferry",
            "Outlet",
            "",
            None,
            (
                "A fire broke out at the ferry depot in Harwick on Monday night. "
                "Firefighters kept it from spreading to the fuel store.",
                "The depot's owner said the ferry service would resume on Friday.",
            ),
        ),
        Article(
            "museum.md",
            "Museum",
            "Outlet",
            "",
            None,
            ("Police arrested two men after a break-in at the town museum.",),
        ),
    ]
)


def test_an_event_the_article_never_tells_of_is_declined() -> None:
    question = "Has anyone been arrested over the fire at the ferry depot?"
    assert Answerer(FERRY, RetrievalSettings()).answer(question).declined == NOT_COVERED
    off = RetrievalSettings(rules=RuleSettings(claim_declines=False))
    assert Answerer(FERRY, off).answer(question).declined == ""
    # must not fire: the article tells of the event, in another form of the verb
    asked = "Has the depot's owner said when the ferry service will run again?"
    assert claimed_verb(asked) == "said"
    assert Answerer(FERRY, RetrievalSettings()).answer(asked).declined == ""
