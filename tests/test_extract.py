"""Short answers (bot/answering/short*.py), each rule alone, on sentences written
for these tests (from no question set), with the cases where a rule must not fire."""

from __future__ import annotations

import pytest

from bot.answering.short import _common, read
from bot.answering.short_asked import (
    ACRONYM,
    ANY,
    CALLED,
    DESCRIBE,
    HOW_MANY,
    WHEN,
    WHO,
    WHY,
)
from bot.answering.short_clauses import phrases as phrases_of
from bot.answering.short_phrases import dates, named, numbers
from bot.answering.short_rules import agent
from bot.answering.short_tokens import NAMED, Span, text_of, tokenize
from bot.text import analyze
from tests.answering_kit import asking


def short(question: str, *sentences: str) -> str | None:
    """The short answer of `question` in `sentences` (best first)."""
    found = read(asking(question), sentences, frozenset(analyze(question))).short
    return found.text if found else None


def lacks(question: str, *sentences: str) -> bool:
    return read(asking(question), sentences, frozenset(analyze(question))).lacks_type


def phrases(finder: object, sentence: str) -> list[str]:
    tokens = tokenize(sentence)
    return [text_of(sentence, tokens, s) for s in finder(tokens, sentence)]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # a number keeps its approximation, and its unit or counted noun unless asked
        (
            "How many volunteers cleaned the beach?",
            "About 350 volunteers cleaned the beach on Sunday.",
            "About 350",
        ),
        ("How long did the strike last?", "The strike lasted 17 days in all.", "17 days"),
        (
            "How much did the new roof cost?",
            "The council says the new roof cost more than £2.4 million.",
            "more than £2.4 million",
        ),
        # dates: day, month and year together; "what year" takes the year alone
        (
            "When did the ferry sink?",
            "The ferry sank on 3 March 2015 off the northern coast.",
            "3 March 2015",
        ),
        ("What year did the museum open?", "The museum opened in June 1998.", "1998"),
        (
            "When was the abbey built?",
            "The abbey was built in the late 12th century.",
            "late 12th century",
        ),
        # who: a name, not the question's own name; the subject of "who founded"
        (
            "Who founded the bakery?",
            "The bakery was founded by Maria Lopez in a garage in Leeds.",
            "Maria Lopez",
        ),
        (
            "Who replaced Tom Berg as coach?",
            "Tom Berg was replaced as coach by Lena Holm.",
            "Lena Holm",
        ),
        # where: a place after its preposition
        (
            "Where did the cargo ship dock?",
            "The cargo ship docked at Valletta after a storm.",
            "Valletta",
        ),
        # quotes and reported speech
        (
            "What did the coach say after the defeat?",
            "After the defeat the coach said: “We were simply not good enough.”",
            "We were simply not good enough",
        ),
        # a reason clause
        (
            "Why was the road closed?",
            "The road was closed because a bridge had collapsed, police said.",
            "a bridge had collapsed",
        ),
        # members of a class, a list as one answer
        (
            "Which countries signed the pact?",
            "Chile, Peru and Bolivia signed the pact in the capital.",
            "Chile, Peru and Bolivia",
        ),
        # no type: the content words next to the question's, never the question's own
        ("What kind of trees were planted?", "Volunteers planted oak trees by the river.", "oak"),
        # a definition of a name: common words about it, not another name
        (
            "Who is Halvorsen?",
            "The club's new sporting director, Ingrid Halvorsen, starts in May.",
            "club's new sporting director",
        ),
    ],
)
def test_each_kind_of_question_gets_its_phrase(
    question: str, sentence: str, expected: str | None
) -> None:
    assert short(question, sentence) == expected


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        # must not fire: no phrase of the asked type
        ("How many volunteers cleaned the beach?", "Volunteers cleaned the beach on Sunday."),
        ("How many volunteers came?", "In 2019 the volunteers came to the beach."),  # a year
        ("When did the ferry sink?", "Officials may close the port while divers search."),
        ("Who founded the bakery?", "Yesterday, the bakery was closed by inspectors."),
        ("Why was the road closed?", "The road has been closed since 2014."),  # a time, no cause
        ("What did the coach say?", "The coach left the stadium early."),
        # a name that is the question's own is no answer
        ("Who is Lena Holm?", "Lena Holm arrived in Oslo."),
        # no type, nothing next to the question's words
        ("What was discovered?", "The weather was mild and the streets were quiet."),
    ],
)
def test_no_short_answer_when_no_phrase_can_be_singled_out(question: str, sentence: str) -> None:
    assert short(question, sentence) is None


def test_a_season_is_a_date() -> None:
    assert short("When do the geese fly south?", "The geese fly south every autumn.") == "autumn"
    assert not lacks("When do the geese fly south?", "The geese fly south every autumn.")


def test_the_highlighted_sentence_comes_first() -> None:
    question = "When did the festival start?"
    first = "The festival started on 14 July, a week late."
    other = "The festival started in 1987 as a village fair."
    assert short(question, first, other) == "14 July"
    assert short(question, other, first) == "1987"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many trains were cancelled?", HOW_MANY),
        ("When did the strike begin?", WHEN),
        ("Who won the race?", WHO),
        ("Who is the new coach?", WHO),  # a role: a name answers
        ("Who is Halvorsen?", DESCRIBE),  # a name: a description answers
        ("Who was the ferry's captain?", WHO),  # must not: a noun, not a name
        ("WHO IS HALVORSEN?", WHO),  # must not: capitals that shout say nothing of a name
        ("What is the NSPCC?", ACRONYM),  # the name its initials spell answers
        ("What does NSPCC stand for?", ACRONYM),
        ("What is the nspcc?", ANY),  # must not: not written as an acronym
        ("Why did the bank close?", WHY),
        ("What do residents call the new tower?", CALLED),
    ],
)
def test_the_kind_the_wording_asks(question: str, kind: str) -> None:
    assert asking(question).worded == kind


def test_a_typed_question_without_its_type_lacks_it() -> None:
    assert lacks("How many trains were cancelled?", "Trains were cancelled across the north.")
    assert not lacks("How many trains were cancelled?", "Some 40 trains were cancelled.")
    assert lacks("When did the strike begin?", "The strike began after talks failed.")
    assert not lacks("When did the strike begin?", "The strike began on Monday.")
    # must not fire: questions of no type, or asking for quotes and reasons
    assert not lacks("What was cancelled?", "Nothing happened.")
    assert not lacks("Why did the strike begin?", "Nothing happened.")


def test_phrase_finders() -> None:
    assert phrases(numbers, "Nearly 1,200 people and two dogs were saved.") == [
        "Nearly 1,200 people",
        "two dogs",
    ]
    assert phrases(numbers, "It happened in 1998.") == []  # a year is no count
    assert phrases(dates, "Between the 9th and 10th centuries, on Friday 2 May 2003.") == [
        "9th and 10th centuries",
        "Friday 2 May 2003",
    ]
    assert phrases(dates, "Officials may decide. She came 4th.") == []
    assert phrases(named, "The mayor met Anne of Cleves and Peter the Great in Paris.") == [
        "Anne of Cleves",
        "Peter the Great",
        "Paris",
    ]
    assert phrases(named, "However, Walsh-Kemp said so.") == ["Walsh-Kemp"]


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # a comma between candidate and question words counts: the count in the same clause
        (
            "How many passengers were evacuated?",
            "About 120 passengers were evacuated, officials said, while 40 crew stayed aboard.",
            "About 120",
        ),
        # lists, joined by "and"
        (
            "What should drivers carry in snow?",
            "Police urged drivers to carry a shovel, a blanket and a torch in snow.",
            "shovel, a blanket and a torch",
        ),
        # "Who is X?": the title before the name, without the first name
        ("Who is Okonjo?", "Finance Minister Ngozi Okonjo opened the summit.", "Finance Minister"),
        # an acronym: the name its capitals spell
        (
            "What is the WFP?",
            "The World Food Programme (WFP) sent 40 trucks of flour.",
            "World Food Programme",
        ),
        # a sum of money for a cost question, not the duration
        (
            "What does a 90-minute session cost?",
            "A 90-minute session will cost £12 from March.",
            "£12",
        ),
        # the doer after "by" for "who paid"
        (
            "Who paid for the new bridge?",
            "The bridge was paid for by the regional council and a French bank.",
            "regional council",
        ),
        # the object after the question's verb
        (
            "Which instrument did the boy play?",
            "Marek, aged nine, played the cello at the final.",
            "cello",
        ),
        # everyday words alone lose to a specific phrase
        (
            "What did the council buy?",
            "The council bought electric buses last March.",
            "electric buses",  # not "last March": a date is no answer to "what"
        ),
    ],
)
def test_where_a_candidate_stands_in_its_sentence(
    question: str, sentence: str, expected: str
) -> None:
    assert short(question, sentence) == expected


def test_rules_that_must_not_fire() -> None:
    # a comma does not part an apposition: "their coach, Anna Berg"
    assert short("Who was the coach?", "The players thanked their coach, Anna Berg.") == "Anna Berg"
    # "by" after a word the question does not hold is no doer: "a novel by Ian Kerr"
    written, novel = tokenize("It was written by Ian Kerr."), tokenize("A novel by Ian Kerr.")
    asked = frozenset(analyze("Who wrote the letter?"))
    assert agent(Span(4, 5, NAMED), written, asked)
    assert not agent(Span(3, 4, NAMED), novel, asked)
    # an acronym no name spells: a description, or nothing
    assert short("What is the XYZ?", "The XYZ said nothing on Friday.") != "XYZ"
    # a count question does not take a duration
    assert short("How many trains ran?", "For six hours, only 40 trains ran.") == "40"


def test_the_candidates_weights_come_from_the_settings_passed_in() -> None:
    from dataclasses import replace

    from bot.rules import RuleSettings

    question = "When did the ferry service resume?"
    sentences = ("The ferry service resumed after repairs.", "Ferry crossings began again in March 2021.")
    asked = frozenset(analyze(question))
    found = read(asking(question), sentences, asked).short
    assert found is not None and found.text == "March 2021"  # the second sentence's date
    one = replace(RuleSettings(), short_max_sentences=1)  # side by side: the first sentence only
    assert read(asking(question), sentences, asked, rules=one).short is None


def test_a_sentence_is_cut_only_into_the_phrases_its_question_reads() -> None:
    """A new sentence costs what its question reads: "how many" finds its numbers, not
    its dates, names or quotes (the phrases are kept per sentence for the next question)."""
    sentence = "On 3 April 2019 the ferry from Tallinn carried 1,240 cyclists, “a record”."
    assert short("How many cyclists did the ferry carry?", sentence) == "1,240"
    found = phrases_of(sentence, _common())
    assert {"numbers", "positions"} <= vars(found).keys()
    assert not {"dates", "names", "quotes", "reasons", "chunks"} & vars(found).keys()
    assert short("When did the ferry carry the cyclists?", sentence) == "3 April 2019"
    assert "dates" in vars(found) and "names" not in vars(found)
    assert [text_of(sentence, found.tokens, s) for s in found.dates] == ["3 April 2019"]


def test_a_word_is_the_same_token_in_every_sentence() -> None:
    """Words are analysed once and reused: the same word, term, capital and clause as
    when it was first met, wherever it stands."""
    first, second = tokenize("Ferries' crews, Tallinn's."), tokenize("The ferries left Tallinn.")
    assert [(t.word, t.term) for t in first] == [
        ("ferries", "ferri"),
        ("crews", "crew"),
        ("tallinn", "tallinn"),
    ]
    assert (second[1].word, second[1].term, second[1].capital) == ("ferries", "ferri", False)
    assert (first[0].capital, first[2].clause, second[3].clause) == (True, 1, 0)


def test_a_sentence_s_tokens_carry_the_index_s_terms_for_abbreviations_and_negations() -> None:
    tokens = tokenize("The U.S. envoy didn't sign at 9 a.m. in Oslo.")
    assert [t.text for t in tokens][:3] == ["The", "U.S.", "envoy"]
    assert [t.term for t in tokens if t.term] == analyze("The U.S. envoy didn't sign at 9 a.m. in Oslo.")
