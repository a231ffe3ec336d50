"""A noun the question qualifies by a proper word (bot/answering/qualifiers.py): made-up
questions and sentences, none from a question set."""

from __future__ import annotations

import pytest

from bot.answering.qualifiers import Qualified, asked, qualifiers, swapped
from bot.answering.short_tokens import tokenize
from bot.text import term


def test_a_proper_word_before_a_noun_qualifies_it() -> None:
    assert asked("When did the ship reach a Dutch port?") == (Qualified("dutch", term("port")),)
    # the subject's noun before the verb, which the index may leave out ("say")
    for question in ("When did the Dutch captain sail?", "What did the Dutch captain say?"):
        assert asked(question) == (Qualified("dutch", term("captain")),)
    # a run's last word qualifies: "Anglo-Saxon", "Old Norse"
    assert asked("Who built the Anglo-Saxon church?") == (Qualified("saxon", term("church")),)
    # after "of", the last word of the run
    assert asked("Who led the army of the Western Kingdom?") == (
        Qualified("kingdom", term("army")),
    )


@pytest.mark.parametrize(
    "question",
    [
        "Who sank the ship?",  # nothing capitalised inside
        "When did Harwick open its port?",  # the verb after "did NAME"
        "What did the Harwick Museum open up?",  # ... before a particle
        "Where will the Dutch team play?",  # ... after "will the Dutch team"
        "What Danish captain sailed the ship?",  # "captain" is qualified, not "sailed"
        "Which Dane sailed the ship?",  # a past form is no noun
        "Ships sailed from Harwick.",  # the first word says nothing
    ],
)
def test_no_verb_is_read_as_a_qualified_noun(question: str) -> None:
    nouns = {q.noun for q in asked(question)}
    assert term("sail") not in nouns and term("open") not in nouns and term("play") not in nouns
    assert term("ships") not in nouns


def _qualifiers(sentence: str, noun: str) -> frozenset[str]:
    tokens = tokenize(sentence)
    (at,) = [k for k, t in enumerate(tokens) if t.word == noun]
    return qualifiers(tokens, at)


def test_a_noun_s_qualifiers_in_a_sentence() -> None:
    assert _qualifiers("The Dutch port closed.", "port") == {term("dutch")}
    assert _qualifiers("The ships left Norway's port.", "port") == {term("norway")}
    # a run of several words also as one name, its terms joined (as bot/places.py keys one)
    assert _qualifiers("The town made Ann Lund as mayor.", "mayor") == {
        term("ann"),
        term("lund"),
        f"{term('ann')}_{term('lund')}",
    }
    assert _qualifiers("Ships sailed off the coasts of north Spain.", "coasts") == {term("spain")}
    # a common English word opening the sentence is no name
    assert _qualifiers("Several ports closed.", "ports") == frozenset()
    assert _qualifiers("The old port closed.", "port") == frozenset()  # not a proper word


def check(question: str, *sentences: str, forms: frozenset[str] | None = None) -> bool:
    (qualified,) = asked(question)
    return swapped(qualified, forms or frozenset({term(qualified.word)}), sentences)


def test_the_question_s_word_moved_to_another_noun_of_the_clause_tells_of_another() -> None:
    # the reader moved "Danish" from the sailors to the captain
    assert check(
        "When did Ann Lund serve as a Danish captain?",
        "Among the first Danish sailors to serve as a Swedish captain was Ann Lund.",
    )


@pytest.mark.parametrize(
    "sentences",
    [
        # the question's own one is told of somewhere in the passage
        ("A Swedish captain sailed first.", "A Danish captain sailed in 1410."),
        # the noun qualified by no proper word says nothing
        ("The captain sailed in 1410.",),
        # the question's word nowhere in the passage: one thing named in other words
        ("The Copenhagen captain sailed in 1410.",),
        # an acronym qualifies nothing: a body named by its adjective too
        ("The DK captain said Danish sailors would stay.",),
        # the question's word in the next clause, said of the noun in other words
        ("The captain of the Swedish ship, a Danish sailor named Ole Berg, sailed in 1410.",),
        ("The Swedish captain fell ill in 1410; the new captain was Danish.",),
    ],
)
def test_must_not_fire(sentences: tuple[str, ...]) -> None:
    assert not check("When did the Danish captain sail?", *sentences)


def test_a_synonym_or_related_form_of_the_question_s_word_is_its_own() -> None:
    """The question's word counts in every form it matches (its unit's terms: close
    spellings, WordNet relations such as "Norway" of "Norwegian")."""
    sentence = "In 1410 the Norsk captain sailed with Norwegian sailors."
    assert check("When did the Norwegian captain sail?", sentence)  # its own word alone
    related = frozenset({term("norwegian"), term("norsk")})
    assert not check("When did the Norwegian captain sail?", sentence, forms=related)


def test_a_qualifier_related_to_the_question_s_word_is_its_own() -> None:
    """A passage's qualifier whose WordNet relations hold the question's word ("Moscow" ->
    Russia) names the question's one."""
    sentence = "In 2020 Moscow officials said that Russia would keep its troops there."
    assert not check("What did the Russia officials say?", sentence)
    assert check("What did the Latvia officials say?", sentence.replace("Russia", "Latvia"))


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        # a body named by its seat, which stands in the reader's country (WordNet's part
        # holonyms up to the country, and the country's adjective: bot/places.py)
        (
            "What did the Russian spokesman say?",
            "The Kremlin spokesman said Russian troops would stay until May.",
        ),
        (
            "What did the British spokesman say?",
            "A Downing Street spokesman said British ships would sail on Friday.",
        ),
        (
            "What did the American spokesman say?",
            "A White House spokesman said American aid would arrive next week.",
        ),
        (
            "What did the Chinese spokesman say?",
            "A Beijing spokesman said Chinese firms would build the port.",
        ),
    ],
)
def test_a_body_named_by_its_seat_is_the_reader_s_country_s(question: str, sentence: str) -> None:
    assert not check(question, sentence, forms=_forms(question))


def test_a_seat_in_another_country_is_another_one() -> None:
    """The Kremlin is not in Britain: the reader's British spokesman is another one."""
    question = "What did the British spokesman say?"
    sentence = "The Kremlin spokesman said British ships would sail on Friday."
    assert check(question, sentence, forms=_forms(question))


def _forms(question: str) -> frozenset[str]:
    """The question's qualifier as its own index term only: the seat must be found through
    the places' table, not the question word's WordNet relations."""
    (qualified,) = asked(question)
    return frozenset({term(qualified.word)})
