"""An age, a sum or a role asked of a named party, and whom the passage binds it to
(bot/answering/parties.py): made-up questions and sentences, none from a question set."""

from __future__ import annotations

import pytest

from bot.answering.facts import Sentence
from bot.answering.parties import AGE, ROLE, SUM, Party, asked
from bot.answering.parties import bound_elsewhere as bound
from bot.text import term
from tests.answering_kit import sentence


def bound_elsewhere(party: Party, forms: frozenset[str], texts: list[str]) -> bool:
    """`parties.bound_elsewhere` of these sentences (their terms and cues as a passage's)."""
    sentences: list[Sentence] = [sentence(text) for text in texts]
    return bound(party, forms, sentences)


def _forms(*words: str) -> frozenset[str]:
    return frozenset(term(w) for w in words)


def test_the_party_and_the_kind_asked_are_read() -> None:
    assert asked("How old is Karen Holm?", money=False) == Party(AGE, ("karen", "holm"))
    assert asked("What age was Karen Holm when she began?", money=False) == Party(
        AGE, ("karen", "holm")
    )
    assert asked("How much did Holm take home?", money=True) == Party(SUM, ("holm",))
    assert asked("Who is Norway's trade minister?", money=False) == Party(
        ROLE, ("norway",), term("minister")
    )


@pytest.mark.parametrize(
    ("question", "money"),
    [
        ("How old is the bridge?", False),  # no name: no party named
        ("how old is karen holm", False),  # written in lower case: no name read
        ("How much did the Leeds club captain earn?", True),  # a noun the name qualifies
        ("How old is the director of Acme?", False),  # ... or names after "of"
        ("How much did Holm take home?", False),  # no sum asked
        ("Who won the Leeds sculls?", False),  # no age, sum or owned role
        ("Who is Norway's minister for trade and fisheries?", False),  # more after the noun
        ("Who is the trade minister?", False),  # no owner named
    ],
)
def test_no_party_is_read(question: str, money: bool) -> None:
    assert asked(question, money) is None


_RACE = "Twenty-year-old Danish rower Ida Moller won the sculls on Sunday, beating Karen Holm."


def test_an_age_bound_to_another_name_is_another_party_s() -> None:
    holm = Party(AGE, ("karen", "holm"))
    assert bound_elsewhere(holm, _forms("karen", "holm"), [_RACE])
    assert bound_elsewhere(holm, _forms("holm"), ["Ida Moller, 20, beat Holm in the final."])
    # must not fire: the party's own age, however it stands
    moller = Party(AGE, ("ida", "moller"))
    assert not bound_elsewhere(moller, _forms("ida", "moller"), [_RACE])
    told = [_RACE, "Karen Holm, 31, said she would race again."]
    assert not bound_elsewhere(holm, _forms("karen", "holm"), told)


@pytest.mark.parametrize(
    "told",
    [
        "She is 31 years old.",  # a pronoun: the party may be meant
        "Holm said that she was thirty-one when she began.",
        "She joined the club aged 14.",  # "aged" after no name
        "The 20-year-old beat Karen Holm in the final.",  # the age's holder not named
        "A 31-year-old woman from Leeds finished second.",  # ... or a description
        "The runner-up, 31, said she would race again.",
    ],
)
def test_an_age_bound_to_no_name_may_be_the_party_s(told: str) -> None:
    holm = Party(AGE, ("karen", "holm"))
    assert not bound_elsewhere(holm, _forms("karen", "holm"), [_RACE, told])


def test_a_sum_bound_to_another_name_is_another_party_s() -> None:
    holm = Party(SUM, ("holm",))
    won = "Moller's win earned her £20,000 in prize money."
    assert bound_elsewhere(holm, _forms("holm"), ["Karen Holm came second.", won])
    assert bound_elsewhere(holm, _forms("holm"), ["Acme paid the winner £5,000."])


@pytest.mark.parametrize(
    "told",
    [
        "Holm took home £8,000.",  # the party's own sum
        "Karen Holm came second. She took home £8,000.",  # ... by a pronoun after her name
        "The runner-up took home £8,000.",  # ... or by a description
        "It paid £8,000 to the runner-up.",  # a clause of no name
    ],
)
def test_a_sum_the_party_may_hold_is_not_another_s(told: str) -> None:
    holm = Party(SUM, ("holm",))
    won = "Moller's win earned her £20,000 in prize money."
    sentences = [won, *told.split(". ")]
    assert not bound_elsewhere(holm, _forms("holm"), sentences)


def test_a_role_owned_by_another_name_is_another_party_s() -> None:
    norway = Party(ROLE, ("norway",), term("minister"))
    told = "Sweden's Minister for Trade, Lars Berg, said talks would go on."
    assert bound_elsewhere(norway, _forms("norway"), [told])
    assert bound_elsewhere(norway, _forms("norway"), ["The Swedish minister, Lars Berg, spoke."])
    # must not fire: the party's own, in a related form too (WordNet: Norwegian / Norway)
    sweden = Party(ROLE, ("sweden",), term("minister"))
    assert not bound_elsewhere(sweden, _forms("sweden"), [told])
    assert not bound_elsewhere(norway, _forms("norway"), ["The Norwegian minister spoke."])


@pytest.mark.parametrize(
    "told",
    [
        "The minister, Lars Berg, said talks would go on.",  # owned by nothing read
        "Prime Minister Lars Berg said talks would go on.",  # a title's word, no owner
        "Norway's ministry said the minister would reply.",  # another noun, then unowned
    ],
)
def test_a_role_the_party_may_hold_is_not_another_s(told: str) -> None:
    norway = Party(ROLE, ("norway",), term("minister"))
    sweden = "Sweden's Minister for Trade, Lars Berg, said talks would go on."
    assert not bound_elsewhere(norway, _forms("norway"), [sweden, told])


def test_a_possessive_after_a_verb_asks_no_role() -> None:
    assert asked("Who is suing Karen Holm's brother?", money=False) is None
    assert asked("Who is the Leeds Rowing Club's captain?", money=False) == Party(
        ROLE, ("leeds", "rowing", "club"), term("captain")
    )
