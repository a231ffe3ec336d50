"""A plain "who VERB" question answered by a description of people where no one is named
("Who was arrested?" of "Police arrested two protesters": bot/answering/short_asked.py's
`_party`, short_rules.py's `person_party`, rules.who_descriptions). Sentences and
questions written for these tests (from no question set), with cases where it must not fire."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answering import Answerer
from bot.answering.answer_types import person_nouns
from bot.answering.short import read
from bot.answering.short_asked import DOER, DONE_TO, _party
from bot.config import RetrievalSettings
from bot.text import analyze
from tests.answering_kit import asking, one_article


def reading(question: str, sentence: str) -> tuple[str | None, bool]:
    found = read(asking(question), [sentence], frozenset(analyze(question)))
    return (found.short.text if found.short else None), found.lacks_type


@pytest.mark.parametrize(
    ("question", "party"),
    [
        ("Who was injured at the bakery?", DONE_TO),
        ("Who has been charged with the theft?", DONE_TO),
        ("Who did the guards stop at the gate?", DONE_TO),
        ("Whom will the club appoint?", DONE_TO),
        ("Who found the wallet?", DOER),
        ("Who is leading the choir?", DOER),
        ("Who will open the new library?", DOER),
        ("Who is the mayor?", ""),  # who the person is: a name
        ("Who was she?", ""),
        ("Who was king of Norway?", ""),
        ("Who is in the photo?", ""),
        ("Who was unhappy with the ruling?", ""),
        ("What is the name of the nurse who treated him?", ""),
    ],
)
def test_the_party_a_who_question_asks_for(question: str, party: str) -> None:
    assert _party(question.lower()) == party


def test_person_nouns_hold_plurals_and_not_acts() -> None:
    nouns = person_nouns()
    assert {"nurse", "apprentices", "captain", "men"} <= nouns
    assert not {"protest", "arrest", "bakery", "villages"} & nouns


@pytest.mark.parametrize(
    ("question", "sentence", "answer"),
    [
        # done to: after the verb, or before "be" and the verb
        (
            "Who was injured at the bakery?",
            "A gas leak at the bakery injured three apprentices on Sunday.",
            "three apprentices",
        ),
        (
            "Who was evacuated from the ridge?",
            "Two hikers were evacuated from the ridge by helicopter.",
            "hikers",
        ),
        # the reader's verb not in the sentence: after the passage's verb, past the subject
        ("Who did the guards stop?", "Guards halted a cyclist at the gate.", "cyclist"),
        # the doer: before the verb, or after "by"
        ("Who found the wallet?", "A schoolboy found the wallet near the station.", "schoolboy"),
        ("Who rescued the kitten?", "The kitten was rescued by a neighbour on Friday.", "neighbour"),
    ],
)
def test_a_description_answers_a_plain_who(question: str, sentence: str, answer: str) -> None:
    short, lacks = reading(question, sentence)
    assert short is not None and answer in short
    assert not lacks


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("Who is the mayor?", "The mayor opened the fair on Saturday."),  # a name is asked
        ("Who did the storm hit?", "The storm hit two villages in the valley."),  # no person
        ("Who arrested the driver?", "The driver was arrested on Friday."),  # no doer told
        ("Who was arrested?", "Two officers arrested nobody at the match."),  # the doers
        ("Who found the wallet?", "Workers found the wallet near the station."),  # no opener
    ],
)
def test_no_description_where_none_answers(question: str, sentence: str) -> None:
    assert reading(question, sentence)[1]  # the sentence lacks the type: declined on


def test_a_name_beats_a_description() -> None:
    sentence = "Ines Duarte, the librarian, found the wallet near the station."
    assert reading("Who found the wallet?", sentence)[0] == "Ines Duarte"


FIRE = (
    "A fire broke out in the old mill on Tuesday evening.",
    "On Tuesday evening firefighters rescued two millers who were trapped on the top floor.",
)


def test_the_answerer_answers_and_the_switch_declines() -> None:
    kb = one_article("Mill fire", *FIRE)
    settings = RetrievalSettings()
    answer = Answerer(kb, settings).answer("Who was rescued from the mill?")
    assert not answer.declined and answer.short is not None and "millers" in answer.short
    off = replace(settings, rules=replace(settings.rules, who_descriptions=False))
    assert Answerer(kb, off).answer("Who was rescued from the mill?").declined


def test_a_name_asked_of_a_description_is_still_declined() -> None:
    kb = one_article("Mill fire", *FIRE)
    answerer = Answerer(kb, RetrievalSettings())
    assert answerer.answer("What is the name of the miller who was rescued?").declined
    kb = one_article("Fair", "The mayor opened the fair on Saturday with a speech.")
    assert Answerer(kb, RetrievalSettings()).answer("Who is the mayor?").declined
