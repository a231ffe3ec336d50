"""The one asked about told of unnamed (bot/answering/unnamed.py, rules.unnamed_one):
made-up sentences only, none from any question set."""

from __future__ import annotations

import pytest

from bot.answering import Answerer
from bot.answering.analysis import analyse
from bot.answering.facts import Sentence
from bot.answering.result import NOT_COVERED
from bot.answering.unnamed import asked_noun, told_unnamed
from bot.config import RetrievalSettings
from bot.knowledge import KnowledgeBase
from bot.rules import RuleSettings
from bot.text import analyze, term
from tests.answering_kit import one_article

ON = RetrievalSettings()
OFF = RetrievalSettings(rules=RuleSettings(unnamed_one=False))


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("What is the name of the lifeguard who pulled her out?", "lifeguard"),
        ("What were the names of the three climbers?", "climbers"),
        ("Which bakery supplied the wedding cake?", "bakery"),
        ("Who was the cyclist injured in the crash?", "cyclist"),
        ("Who is the shop owner quoted in the report?", "owner"),
        ("Who is the head teacher who resigned?", "teacher"),
        # no one's name asked: a date, a number, a "who" with a verb
        ("Which year did the pier reopen?", ""),
        ("Who rescued the swimmers?", ""),
        ("How many lifeguards were on duty?", ""),
    ],
)
def test_the_noun_whose_name_is_asked(question: str, noun: str) -> None:
    assert analyse(question, RuleSettings()).unnamed == noun


def test_no_noun_read_with_the_rule_off() -> None:
    rules = RuleSettings(unnamed_one=False)
    assert analyse("Who was the cyclist injured in the crash?", rules).unnamed == ""
    assert asked_noun("who was the cyclist injured", (), named=False) == "cyclist"


def _forms(word: str) -> frozenset[str]:
    return frozenset({term(word)})


def _read(sentences: list[str]) -> list[Sentence]:
    return [Sentence(s, frozenset(analyze(s))) for s in sentences]


@pytest.mark.parametrize(
    ("sentence", "noun"),
    [
        ("A lifeguard pulled the girl from the water near the harbour at Polkerris.", "lifeguard"),
        ("One cyclist was taken to Truro hospital with a broken arm.", "cyclist"),
        ("Their eldest son, who ran the farm in Devon, sold the herd.", "son"),
        ("The cake came from a family bakery in Shrewsbury, the couple said.", "bakery"),
        ("Three climbers who set out from Glen Nevis were found safe.", "climbers"),
        ("An 82-year-old man was treated at the scene, Dorset police said.", "man"),
        ("A Dutch-registered yacht, which lost its mast, was towed to Falmouth.", "yacht"),
        ("The train was held for an hour by two tired ticket inspectors.", "inspectors"),
    ],
)
def test_a_noun_brought_in_unnamed(sentence: str, noun: str) -> None:
    assert told_unnamed(_read([sentence]), _forms(noun))


@pytest.mark.parametrize(
    ("sentences", "noun"),
    [
        # a name joined after the noun, before its determiner, or right before it
        (["A lifeguard, Tamsin Pascoe, pulled the girl from the water."], "lifeguard"),
        (["Tamsin Pascoe, a lifeguard, pulled the girl from the water."], "lifeguard"),
        (["Tamsin Pascoe, 24, a lifeguard, pulled the girl out."], "lifeguard"),
        (["The rescue was led by lifeguard Tamsin Pascoe and a volunteer."], "lifeguard"),
        (["The girl was pulled out by a lifeguard called Tamsin Pascoe."], "lifeguard"),
        (["Tamsin Pascoe is a lifeguard at the beach."], "lifeguard"),
        (["Their bakery: Crumbs of Ludlow, opened in 1990."], "bakery"),
        (["The cake came from the Old Mill bakery, the couple said."], "bakery"),
        (["The monks founded a priory at Llanthony in the hills."], "priory"),
        # one mention named, another not: the passage names it
        (["A lifeguard swam out.", "The lifeguard, Tamsin Pascoe, said it was cold."], "lifeguard"),
        # named by a naming verb in another sentence
        (["One cyclist was hurt.", "Police later identified him as Rhys Evans."], "cyclist"),
        # a number opening another phrase before a preposition: "two hours" brings in no
        # ticket ("in draughty ticket offices")
        (["Fans queued for two hours in draughty ticket offices."], "ticket"),
        # only "the N": a name may stand in another paragraph
        (["The lifeguard said the sea was calm."], "lifeguard"),
        # the noun is not in the passage at all
        (["A swimmer got into trouble off the beach."], "lifeguard"),
    ],
)
def test_a_named_or_definite_noun_is_not_unnamed(sentences: list[str], noun: str) -> None:
    assert not told_unnamed(_read(sentences), _forms(noun))


def _beach() -> KnowledgeBase:
    return one_article(
        "Girl rescued off Polkerris beach",
        "A ten-year-old girl was rescued from the sea off Polkerris beach in Cornwall on "
        "Sunday after being swept out by a strong current. A lifeguard from the Polkerris "
        "Surf Life Saving Club swam out and pulled her to safety, and she was taken to Royal Cornwall Hospital as a precaution.",
        "The beach's owner, the Rashleigh Estate, said red flags had been flying all day. "
        "The head of the Cornwall coastguard team, Peter Rowe, urged visitors to swim only "
        "between the flags.",
    )


@pytest.mark.parametrize(
    "question",
    [
        "What is the name of the lifeguard who pulled the girl out of the sea?",
        "Who was the lifeguard who swam out to the girl off Polkerris beach?",
    ],
)
def test_an_unnamed_one_declines_through_the_answerer(question: str) -> None:
    beach = _beach()
    assert Answerer(beach, ON).answer(question).declined == NOT_COVERED
    assert Answerer(beach, OFF).answer(question).declined == ""  # the rule moves it


@pytest.mark.parametrize(
    "question",
    [
        "Who is the head of the Cornwall coastguard team?",
        "Which hospital was the girl taken to?",
    ],
)
def test_a_named_one_still_answers(question: str) -> None:
    assert Answerer(_beach(), ON).answer(question).declined == ""
