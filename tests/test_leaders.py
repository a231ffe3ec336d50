"""Who leads a thing (bot/answering/leaders.py), on questions and sentences written for these
tests (none from a question set), each with cases where the rule must not fire; then the
real answerer on made-up stories."""

from __future__ import annotations

import pytest

from bot.answering import Answerer
from bot.answering.leaders import Leader, _bare, asked, leader_nouns, names_leader
from bot.config import RetrievalSettings
from bot.knowledge import Article, KnowledgeBase
from bot.rules import RuleSettings
from bot.text import analyze, normalize


def read(question: str) -> Leader | None:
    return asked(" ".join(normalize(question).split()))


@pytest.mark.parametrize(
    ("question", "role", "led"),
    [
        ("Who is the head of Bramble Foods?", ("head",), ("bramble", "foods")),
        ("Who's the boss of the bakery chain?", ("boss",), ("bakery", "chain")),
        ("Who was the current chief of the fire brigade?", ("chief",), ("fire", "brigade")),
        ("Who is in charge of the lifeboat?", ("charge",), ("lifeboat",)),
        ("Who was in charge at the depot?", ("charge",), ("depot",)),
        ("Who runs the allotment society?", ("runs",), ("allotment", "society")),
        ("Who now heads the charity that owns the pier?", ("heads",), ("charity",)),
        ("Who is leading the inquiry into the fire at the mill?", ("leading",), ("inquiry",)),
        (
            "Who is running the marathon's organising committee?",
            ("running",),
            ("marathon", "organising", "committee"),
        ),
        ("Who will lead the inquiry?", ("lead",), ("inquiry",)),
        ("Who is the ferry's captain?", ("captain",), ("ferry",)),
    ],
)
def test_leader_questions(question: str, role: tuple[str, ...], led: tuple[str, ...]) -> None:
    assert read(question) == Leader(role, led)


@pytest.mark.parametrize(
    "question",
    [
        "Who is the mother of the twins?",  # "mother": no one in charge
        "What is the cost of the bridge?",
        "Who will chair it?",  # what is led is not said
        "Who runs?",
        "Who won the race?",
        "What is the head of the river?",  # not a who-question
        "Why did the boss of the bakery resign?",
    ],
)
def test_not_leader_questions(question: str) -> None:
    assert read(question) is None


def test_the_nouns_are_people_in_charge() -> None:
    nouns = leader_nouns()
    assert {"executive", "director", "manager", "captain", "chairman", "chiefs"} <= nouns
    # a body part first, a clerk first, an adjective first: not listed
    assert not {"head", "secretary", "provincial", "worker"} & nouns


BRAMBLE = frozenset(analyze("Bramble Foods"))
PEOPLE = frozenset(("who", "is", "the", "head", "of", "bramble", "foods"))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Bramble's chief executive, Nora Quist, said sales had fallen.", True),
        ("Sales had fallen, said Nora Quist, the managing director of Bramble Foods.", True),
        ("Bramble Foods director Nora Quist said sales had fallen.", True),
        # the noun written possessive, curly or plural: "the directors' chairman"
        ("Bramble’s director’s aide, Nora Quist, said sales had fallen.", True),
        ("Nora Quist joined the Bramble Foods directors' meeting on Monday.", True),
        # must not fire: a director of another body, beside Bramble's name
        ("Crumb's chief executive, Ivan Dale, said Bramble Foods had cut prices.", False),
        ("The Bramble Foods inquiry heard from Ivan Dale, the mayor of Harlow.", False),
        # ... no one named beside the noun
        ("Bramble's chief executive said sales had fallen.", False),
        # ... a person, but no noun of one in charge
        ("Nora Quist, a customer of Bramble Foods, said prices had risen.", False),
    ],
)
def test_a_sentence_names_a_leader_of_the_thing(sentence: str, expected: bool) -> None:
    assert names_leader(sentence, BRAMBLE, PEOPLE) is expected


@pytest.mark.parametrize(
    ("token", "bare"),
    [
        ("bramble's", "bramble"),
        ("bramble’s", "bramble"),
        ("directors'", "directors"),
        ("boss", "boss"),
        ("chiefs", "chiefs"),
    ],
)
def test_a_token_loses_its_possessive_ending(token: str, bare: str) -> None:
    assert _bare(token) == bare


STORIES = KnowledgeBase.from_articles(
    [
        Article(
            "bakery.md",
            "Ovenly Bakeries to close Harlow Street branch",
            "Outlet",
            "",
            None,
            (
                "Ovenly Bakeries, a chain of forty shops across the north of England, will"
                " close its Harlow Street branch in March, Ovenly Bakeries said on Monday.",
                "Ovenly's managing director, Petra Lindqvist, said the branch had lost money"
                " for three years.",
                "Crumb & Co, a rival chain, said it would not bid for the shop.",
            ),
        ),
        Article(
            "cafe.md",
            "Harbour cafe reopens after flood",
            "Outlet",
            "",
            None,
            (
                "The Harbour Cafe in Portreath reopened on Saturday, six weeks after a storm"
                " flooded its kitchen.",
                "Regulars such as the fisherman Tom Reilly queued at the cafe door before it"
                " opened.",
            ),
        ),
        Article(
            "sale.md",
            "Shoppers queue overnight for Lakeside sale",
            "Outlet",
            "",
            None,
            (
                "Hundreds of shoppers queued overnight outside the Lakeside store for its"
                " winter sale.",
                "At the head of the queue was student Jo Park, who said she arrived at dawn.",
            ),
        ),
    ]
)
OFF = RetrievalSettings(rules=RuleSettings(leaders=False))


def test_the_answerer_finds_the_leader_in_the_articles_own_words() -> None:
    answer = Answerer(STORIES, RetrievalSettings()).answer("Who is the boss of Ovenly Bakeries?")
    assert answer.answered and answer.best is not None
    assert "Petra Lindqvist" in answer.best.sentence
    off = Answerer(STORIES, OFF).answer("Who is the boss of Ovenly Bakeries?")
    assert off.best is None or not off.answered or "Petra" not in off.best.sentence


@pytest.mark.parametrize(
    "question",
    [
        "Who is the head of the queue?",  # no noun of one in charge in the sale's story
        "Who runs the cafe?",  # the cafe's story names only a customer
    ],
)
def test_no_leader_named_changes_nothing(question: str) -> None:
    on = Answerer(STORIES, RetrievalSettings()).answer(question)
    off = Answerer(STORIES, OFF).answer(question)
    assert (on.answered, on.best and on.best.sentence) == (
        off.answered,
        off.best and off.best.sentence,
    )
    assert on.best is None or "Lindqvist" not in on.best.sentence
