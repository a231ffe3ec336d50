"""A direction turned (bot/answering/opposites.py): made-up questions and sentences, none from
a question set."""

from __future__ import annotations

import pytest

from bot.answering.opposites import Direction, asked, turned
from bot.text import term, words


def directions(question: str) -> tuple[Direction, ...]:
    return asked(words(question))


def test_a_question_reads_the_thing_after_each_direction_word() -> None:
    assert directions("Who sailed to the northern islands after the storm?") == (
        Direction(term("northern"), "way", 0),
        Direction(term("storm"), "time", 1),
    )
    # a verb of order says "before" or "after" of its object, in any form
    assert directions("What style preceded the Gothic?") == (Direction(term("gothic"), "time", 0),)
    assert directions("Which king followed Harold?") == (Direction(term("harold"), "time", 1),)


@pytest.mark.parametrize(
    "question",
    [
        "Who was the mayor of Harwick?",  # "of": no direction
        "Where did the ferry come from?",  # nothing after the word
        "Who did the miners go to for help?",  # "to" then a pronoun: no thing
        "What did the town do with them?",
    ],
)
def test_questions_without_a_thing_after_a_direction_word_read_none(question: str) -> None:
    assert directions(question) == ()


def test_the_thing_under_the_opposite_word_is_turned() -> None:
    (fled,) = directions("Who fled from the eastern valleys?")
    assert turned(fled, ["In 1340 the weavers fled to the eastern valleys."])
    (after,) = directions("Which mill closed after the great flood?")
    # past determiners and capitalised words: "before the Great Flood"
    assert turned(after, ["The Dane mill closed just before the Great Flood of 1771."])
    # a verb of order: "precedes the Gothic" is before it
    (came,) = directions("What style came after the Gothic?")
    assert turned(came, ["Here the Romanesque style precedes the Gothic."])


def test_the_thing_under_its_own_word_or_no_such_word_is_not_turned() -> None:
    (fled,) = directions("Who fled from the eastern valleys?")
    # must not fire: the question's own word, once at least
    assert not turned(fled, ["The weavers fled from the eastern valleys to the coast."])
    assert not turned(
        fled,
        ["Some fled to the eastern valleys.", "Most fled from the eastern valleys in 1340."],
    )
    # another word, or no governing word at all, says nothing of the direction
    assert not turned(fled, ["The eastern valleys emptied in 1340."])
    assert not turned(fled, ["Weavers living in the eastern valleys fled."])
    (after,) = directions("Which mill closed after the flood?")
    assert not turned(after, ["Subsequent to the flood, the mill closed."])
    # a word of another axis: "to" is a way, not a time
    assert not turned(after, ["The mill owners never returned to the flood plain."])
    # nor a verb standing between the word and the thing: "to rebuild the ..."
    (rebuilt,) = directions("Who rebuilt the mill from its ruins?")
    assert not turned(rebuilt, ["They began to clear its ruins."])


def test_two_words_say_one_direction() -> None:
    # "prior to" is before, "subsequent to" after: not the way "to" says
    assert directions("Who ruled prior to the war?") == (Direction(term("war"), "time", 0),)
    (ruled,) = directions("Who ruled the town before the war?")
    assert turned(ruled, ["Subsequent to the war, Lord Osric ruled the town."])
    assert not turned(ruled, ["Prior to the war, Lord Osric ruled the town."])
    (went,) = directions("Which guild moved into the old town?")
    assert turned(went, ["The weavers' guild moved out of the old town in 1340."])
