"""A noun the question ranks by a superlative or an ordinal (bot/answering/ranks.py): made-up
questions and sentences, none from a question set."""

from __future__ import annotations

import pytest

from bot.answering.ranks import Ranked, asked, may_rank, opposite, rivalled, superlatives
from bot.text import term, words


def test_the_superlatives_list_knows_regular_and_irregular_forms_and_no_nouns() -> None:
    forms = superlatives()
    assert forms["oldest"] == "old" and forms["largest"] == "large"
    assert forms["earliest"] == "early" and forms["biggest"] == "big"
    assert forms["best"] == "good" and forms["worst"] == "bad"
    for noun in ("forest", "interest", "harvest", "protest", "honest", "modest"):
        assert noun not in forms


def test_a_rank_after_a_determiner_or_a_possessive_ranks_the_noun_after_it() -> None:
    assert asked("What is the oldest mill in Harwick?") == (
        Ranked("old", term("mill"), False, term("oldest")),
    )
    assert asked("What is its most famous mill?") == (
        Ranked("famous", term("mill"), False, term("famous")),
    )
    assert asked("When did the second ship sail?") == (
        Ranked("second", term("ship"), True, "second"),
    )
    assert asked("What is Harwick's largest mill?")[0].rank == "large"
    assert asked("Who sailed the final ship?")[0].rank == "last"  # "final" is "last"


@pytest.mark.parametrize(
    "question",
    [
        "When was the mill first opened?",  # an adverb: no determiner before it
        "Where do most people in Harwick work?",  # "most" as a quantifier
        "Who won the first-ever race?",  # joined by a hyphen
        "What is the oldest Danish mill?",  # a name after it: the qualifier check's
        "Who planted the forest?",  # no superlative
        "What is the most well known mill?",  # a participle after it: "well known" ranks
    ],
)
def test_no_rank_is_read(question: str) -> None:
    assert asked(question) == ()


def test_most_questions_are_not_tokenised_for_it() -> None:
    assert not may_rank(words("Who built the mill in Harwick?"))
    assert may_rank(words("Who built the oldest mill?"))


def check(question: str, *sentences: str) -> bool:
    (ranked,) = asked(question)
    return rivalled(ranked, sentences)


def test_another_ordinal_or_the_opposite_superlative_on_the_noun_is_another_one() -> None:
    assert check("When did the second ship sail?", "The third ship sailed in May.")
    assert check("What is the oldest mill in Harwick?", "The newest mill in Harwick is Dane Mill.")
    # a satellite adjective by its cluster's head: great is large, whose opposite is small
    assert check("What is the greatest mill in Harwick?", "The smallest mill is Dane Mill.")
    assert check("Who built the tallest mill?", "Ann Lund built the shortest mill in 1610.")


def test_opposites_are_wordnet_s_antonyms_of_the_usual_senses() -> None:
    assert opposite("old", "new") and opposite("new", "old") and opposite("old", "young")
    assert opposite("great", "small") and opposite("tiny", "large")
    # a paraphrase, or merely another rank, is no opposite
    for first, second in (("great", "large"), ("high", "senior"), ("busy", "large")):
        assert not opposite(first, second)
    assert not opposite("famous", "old") and not opposite("new", "late")


@pytest.mark.parametrize(
    ("question", "sentences"),
    [
        # a synonym of the question's rank (WordNet relates "big" and "large")
        ("What is the biggest mill in Harwick?", ("The largest mill in Harwick is Dane Mill.",)),
        # the question's own rank in the next clause
        (
            "What is the oldest mill in Harwick?",
            ("The most famous mill is Dane Mill, but the oldest mill is Kirk Mill.",),
        ),
        # an ordinal for a superlative: "the first" is often "the earliest"
        ("What was the earliest mill in Harwick?", ("The first mill was built in 1610.",)),
        # merely another superlative: the reader's own word for the passage's rank, or
        # another rank, which a lexical check cannot tell apart
        ("What is the oldest mill in Harwick?", ("The most famous mill is Dane Mill.",)),
        ("What is the highest union post?", ("The most senior union post is the chair.",)),
        # another noun ranked
        ("What is the oldest mill in Harwick?", ("The most famous church is St Ann's.",)),
        # the noun unranked
        ("What is the oldest mill in Harwick?", ("The mill on the Dane was built in 1610.",)),
    ],
)
def test_must_not_fire(question: str, sentences: tuple[str, ...]) -> None:
    assert not check(question, *sentences)
