"""The kind of answer a question asks for, and whether a sentence holds it (made-up
examples, none from a question set)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answering.answer_types import (
    COUNT,
    DURATION,
    FUTURE,
    MONEY,
    NAMED,
    PENALTY,
    PERCENT,
    QUANTITY,
    asked,
    money_nouns,
    states,
)
from bot.rules import RuleSettings
from bot.text import term, words


@pytest.mark.parametrize(
    ("question", "kind", "subject"),
    [
        ("How much did the new bridge cost?", MONEY, ()),
        ("What percentage of voters backed the plan?", PERCENT, ()),
        ("How long will the strike last?", DURATION, ()),
        ("How many firefighters fought the blaze?", COUNT, ("firefighters",)),
        ("What is the name of the pilot?", NAMED, ("pilot",)),
        ("What was the name of the mayor's dog?", NAMED, ("dog",)),
        ("Which hospital treated the climbers?", NAMED, ("hospital",)),
        ("Which surgeon led the operation?", NAMED, ("surgeon",)),
    ],
)
def test_the_wording_names_the_kind_and_its_subject(
    question: str, kind: str, subject: tuple[str, ...]
) -> None:
    found = asked(question)
    assert (found.kind, found.subject) == (kind, subject)


@pytest.mark.parametrize(
    "question",
    [
        "Why did the council close the library?",  # no kind of answer named
        "Which colour was the van?",  # a colour is no named thing
        "What culture did the settlers bring?",  # a group noun, often answered in lower case
        "Who is the mayor?",  # a definition: a role answers it
    ],
)
def test_questions_that_name_no_checkable_kind_are_left_alone(question: str) -> None:
    assert asked(question).kind == ""


def test_money_and_percent_need_their_own_numbers() -> None:
    assert states(MONEY, "The bridge cost $4.5 million to build.")
    assert not states(MONEY, "The bridge took 4 years to build.")  # must not fire: no sum
    assert states(MONEY, "Rebuilding the pier cost 4.1 million kroner.")  # any currency
    assert states(MONEY, "Tickets cost 120 zloty at the door.")
    assert not states(MONEY, "The fair drew 2.3 million visitors.")  # must not fire
    assert states(PERCENT, "Turnout reached 61% in the north.")
    assert states(PERCENT, "Almost half of the members voted.")
    assert not states(PERCENT, "Some 300 members voted.")


def test_a_share_may_be_a_ratio_or_a_fraction() -> None:
    """ "What share of X" is answered by "one in five", "9 out of 10", "two-thirds" too."""
    assert states(PERCENT, "About one in five households owns a dog.")
    assert states(PERCENT, "Nine out of 10 dentists agreed.")
    assert states(PERCENT, "One in every four trains was late.")
    assert states(PERCENT, "Two-thirds of the ferries were cancelled.")
    # a number followed by "in" and no second number is no ratio; nor is a count
    assert not states(PERCENT, "One in Paris and two in Lyon were opened.")
    assert not states(PERCENT, "Three of the towns voted in 2019.")
    assert not states(PERCENT, "The first in three years, the show sold 500 tickets.")


def test_a_duration_is_not_an_age() -> None:
    assert states(DURATION, "The strike lasted three weeks.")
    assert states(DURATION, "Workers have 20 working days to reply.")
    assert states(DURATION, "The new tunnel is 4 kilometres long.")  # "how long" asks a length too
    assert not states(DURATION, "The eight-year-old boy was rescued.")
    assert not states(DURATION, "Her son, six months old, was unhurt.")


def test_a_count_must_stand_with_what_is_counted() -> None:
    firefighters = {term("firefighters")}
    assert states(COUNT, "About 60 firefighters fought the blaze overnight.", firefighters)
    assert states(COUNT, "Firefighters, forty of them, arrived at dawn.", firefighters)
    # must not fire: the number counts hours, the firefighters are named far from it
    assert not states(
        COUNT, "After 9 hours of work in the smoke and the heat, firefighters left.", firefighters
    )
    assert not states(COUNT, "The fire was put out on Tuesday by firefighters.", firefighters)
    # the window is a setting, passed in: a wider one reaches the firefighters
    far = "After 9 hours of work in the smoke and the heat, firefighters left."
    wide = replace(RuleSettings(), count_window=12)
    assert states(COUNT, far, firefighters, rules=wide)


def test_a_name_must_stand_with_the_noun_and_not_be_the_readers_own() -> None:
    question = set(words("What is the name of the pilot who landed in Oslo?"))
    pilot = {term("pilot")}
    assert states(NAMED, "The pilot, Maria Lund, landed the plane in Oslo.", pilot, question)
    # must not fire: the only capitalised word is the reader's own ("Oslo") or a month
    assert not states(NAMED, "In March the pilot landed the plane in Oslo.", pilot, question)
    assert not states(NAMED, "The pilot landed safely; nobody was hurt.", pilot, question)
    # a sentence that does not mention the pilot cannot name them
    assert not states(NAMED, "Passengers thanked Maria Lund at the gate.", pilot, question)


def test_a_full_name_opening_the_sentence_counts_a_lone_capital_does_not() -> None:
    question = set(words("What is the name of the new coach?"))
    coach = {term("coach")}
    sentence = "Ana Ruiz, who played for the club for years, is the new coach."
    assert states(NAMED, sentence, coach, question)
    assert not states(NAMED, "Yesterday the club named its new coach.", coach, question)


def test_the_owner_of_a_named_thing_is_read_from_the_possessive() -> None:
    assert asked("What is the name of Jane Roe's brother?").owner == ("jane", "roe")
    assert asked("What was the name of the mayor's dog?").owner == ("mayor",)
    assert asked("What is the name of the pilot?").owner == ()  # nobody's: no owner


def test_a_named_thing_must_be_the_owners_where_the_sentence_names_the_owner() -> None:
    brother = {term("brother")}
    owner = {term("jane"), term("roe")}
    question = set(words("What is the name of Jane Roe's brother?"))

    def holds(sentence: str, whose: set[str] = owner) -> bool:
        return states(NAMED, sentence, brother, question, owner=whose)

    # fires: the brother is someone else's, and Roe is named after him
    assert not holds("His brother, Tom Berg, and Roe's cousin, Ann Lind, ran the farm.")
    # must not fire: Roe before the brother, "the brother of Roe", or Roe not named at all
    assert holds("Jane Roe's brother, Tom Berg, ran the farm.")
    assert holds("Roe said her brother, Tom Berg, ran the farm.")
    assert holds("The brother of Jane Roe, Tom Berg, ran the farm.")
    assert holds("Her brother, Tom Berg, ran the farm.")
    # must not fire: no owner asked ("the name of the brother"), the old rule alone
    assert holds("His brother, Tom Berg, and Roe's cousin, Ann Lind, ran the farm.", set())


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What sentence did the ferry captain receive?", PENALTY),
        ("What penalty was the club given?", PENALTY),
        ("What punishment does the driver face?", PENALTY),
        ("What is the average daily water intake of a camel?", QUANTITY),
        ("What was the death toll?", QUANTITY),
        ("What is the town's population?", QUANTITY),
    ],
)
def test_penalties_and_quantities_are_kinds(question: str, kind: str) -> None:
    assert asked(question).kind == kind


@pytest.mark.parametrize(
    "question",
    [
        "What sentence did the poet underline?",  # a sentence of words, not of a court
        "What is the population doing about the floods?",  # not a measure asked
        "What is the level of the river?",  # a level may be "high": no number needed
    ],
)
def test_penalty_and_quantity_wordings_that_ask_something_else(question: str) -> None:
    assert asked(question).kind not in (PENALTY, QUANTITY)


def test_a_penalty_is_a_term_a_fine_or_the_court_s_decision() -> None:
    assert states(PENALTY, "The captain was jailed for four years.")
    assert states(PENALTY, "The club was fined £20,000.")
    assert states(PENALTY, "She was given 200 hours of community service.")
    assert states(PENALTY, "The driver was acquitted on Tuesday.")
    assert states(PENALTY, "The league sanctioned the club.")
    # must not fire: a trial under way decides nothing
    assert not states(PENALTY, "The captain is on trial for negligence over the sinking.")
    assert not states(PENALTY, "The club faces a hearing, and fine weather is forecast.")


def test_a_quantity_is_a_number() -> None:
    assert states(QUANTITY, "A camel drinks up to 100 litres in ten minutes.")
    assert states(QUANTITY, "Officials put the toll at twelve.")
    assert not states(QUANTITY, "Camels need water less often than horses.")  # must not fire


def test_how_many_times_is_answered_by_twice() -> None:
    times = {term("times")}
    assert asked("How many times did the ferry sink?").kind == COUNT
    assert states(COUNT, "The ferry was twice refused a licence.", times)
    assert states(COUNT, "It sank three times in a decade.", times)
    assert not states(COUNT, "The ferry was refused a licence.", times)  # must not fire
    # "twice" counts times only: not "how many ferries"
    assert not states(COUNT, "The ferry sank twice.", {term("ferries")})


def test_a_count_of_the_named_whole_s_parts_counts_what_is_asked_in_other_words() -> None:
    """ "How many seats does the council have?" of "70 members of the council"."""
    seats, council = {term("seats")}, {term("council")}
    assert states(COUNT, "The vote elects 40 members of the city council.", seats, others=council)
    assert states(COUNT, "It has 12 elected members of the council.", seats, others=council)
    off = "The vote elects 40 members of the city council."
    assert not states(COUNT, off, seats)  # the rule off: no other words given
    # must not fire: the number counts something of another whole, or the sentence names
    # the seats apart from its number
    assert not states(COUNT, "Some 40 members of the union marched.", seats, others=council)
    named = "The seats, held for years by the old guard, went to 40 members of the party."
    assert not states(COUNT, named, seats, others={term("party")})


def test_a_future_date_is_said_of_the_future() -> None:
    assert asked("When will the new bridge open?").kind == FUTURE
    assert asked("When is the next council election?").kind == FUTURE
    assert asked("When did the bridge open?").kind != FUTURE  # must not fire: the past
    assert asked("When was the next match played?").kind != FUTURE
    assert states(FUTURE, "The bridge is due to open in March.")
    assert states(FUTURE, "The council plans to add two more lanes by 2031.")
    assert states(FUTURE, "Voters go to the polls again next May.")
    # a date fixed or moved ahead
    assert states(FUTURE, "A second hearing is set for 12 March.")
    assert states(FUTURE, "The opening of the pool was postponed until 4 July.")
    assert states(FUTURE, "The launch is slated for the first week of June.")
    # must not fire: "set" and "delayed" of the past, with a date beside them
    assert not states(FUTURE, "The record was set in 2019 by a Kenyan runner.")
    assert not states(FUTURE, "The ferry was delayed by two hours on 5 May.")
    # must not fire: a past date, and "the next day" of a story told in the past
    assert not states(FUTURE, "The last election was held before the 2019 floods.")
    assert not states(FUTURE, "The count ended at 2:30 the next day, on 5 May.")


@pytest.mark.parametrize(
    "question",
    [
        "How much compensation will the miners receive?",  # a noun naming money, no verb
        "How much annual salary does the mayor draw?",  # the noun a word further on
        "how much rent do the tenants owe",
    ],
)
def test_a_noun_naming_money_after_how_much_asks_a_sum(question: str) -> None:
    assert asked(question).kind == MONEY
    assert asked(question, replace(RuleSettings(), sum_told=False)).kind == ""


@pytest.mark.parametrize(
    "question",
    [
        "How much rain fell on the valley?",  # a quantity, not money
        "How much land did the farmers lose?",  # a possession that is no sum
        "How much time do the divers have?",
    ],
)
def test_a_noun_naming_no_money_after_how_much_asks_no_sum(question: str) -> None:
    assert asked(question).kind != MONEY


def test_money_nouns_hold_sums_and_their_plurals_not_other_possessions() -> None:
    nouns = money_nouns()
    assert {"compensation", "salary", "salaries", "fee", "fees", "rent", "damages"} <= nouns
    assert not {"land", "property", "time", "rain", "share", "house"} & nouns
