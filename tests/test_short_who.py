"""Short answers of "who" and "which N" questions (bot/answering/short*.py): the name a title
stands with, "which N" inside a question. Each rule on sentences written for these tests
(from no question set), with cases where it must not fire."""

from __future__ import annotations

import pytest

from bot.answering.answer_types import named_kinds
from bot.answering.short import read
from bot.answering.short_rules import apposition, modifies, title_of_name
from bot.answering.short_tokens import CHUNK, NAMED, Span, tokenize
from bot.text import analyze, term
from tests.answering_kit import asking

ROLES = named_kinds("person")


def short(question: str, *sentences: str) -> str | None:
    found = read(asking(question), sentences, frozenset(analyze(question))).short
    return found.text if found else None


def span_of(sentence: str, phrase: str, kind: str = NAMED) -> Span:
    tokens = tokenize(sentence)
    start = sentence.index(phrase)
    first = next(k for k, t in enumerate(tokens) if t.start == start)
    last = next(k for k, t in enumerate(tokens) if t.end == start + len(phrase))
    return Span(first, last, kind)


# -- a title is not who: the name it stands with is ------------------------------------------

SURVEY = (
    "Dr Anna Berg, Director of the regional water survey, and Chair of the Lake Fund,"
    " said levels had fallen."
)


def test_a_title_gives_way_to_the_name_in_apposition_with_it() -> None:
    assert short("Who ran the regional water survey?", SURVEY) == "Dr Anna Berg"


def test_title_of_name_after_a_comma_and_before_a_name() -> None:
    assert title_of_name(span_of(SURVEY, "Director"), tokenize(SURVEY), ROLES)
    sentence = "Voters backed veteran politician Li Wei, of the farmers' party."
    assert title_of_name(span_of(sentence, "veteran politician", CHUNK), tokenize(sentence), ROLES)
    sentence = "Senior engineer Olga Marsh spoke first."
    assert title_of_name(span_of(sentence, "Senior"), tokenize(sentence), ROLES)


def test_a_role_with_no_name_beside_it_is_who() -> None:
    sentence = "The old castle was guarded by the dukes of the valley."
    assert not title_of_name(span_of(sentence, "dukes", CHUNK), tokenize(sentence), ROLES)
    assert short("Who guarded the old castle?", sentence) == "dukes"


def test_a_name_stands_where_its_role_does() -> None:
    tokens = tokenize(SURVEY)
    name = span_of(SURVEY, "Dr Anna Berg")
    assert apposition(name, tokens, ROLES, frozenset()) == Span(name.first, name.last + 1, NAMED)
    sentence = "The head of the lab, Dr Ivo Kral, said so."
    name = span_of(sentence, "Dr Ivo Kral")
    assert apposition(name, tokenize(sentence), ROLES | {"head"}, frozenset()).first == 1


def test_a_role_the_question_names_is_no_apposition_to_move_to() -> None:
    """Both names stand next to a question's noun: neither moves ("coach", "champion")."""
    sentence = (
        "Her coach, Vera Small, said she studies old games by Ivan Roth, the former world"
        " champion known for his endgames."
    )
    tokens, near = tokenize(sentence), frozenset({term("coach"), term("champion")})
    roth = span_of(sentence, "Ivan Roth")
    assert apposition(roth, tokens, ROLES, near) == roth
    assert short("Who coaches the young champion?", sentence) == "Vera Small"


def test_no_apposition_without_a_comma() -> None:
    sentence = "Ben Ode chairs the harbour board."
    name = span_of(sentence, "Ben Ode")
    assert apposition(name, tokenize(sentence), ROLES, frozenset()) == name


# -- "which N" inside a question ------------------------------------------------------------


def test_which_noun_inside_a_question_finds_the_name_with_it() -> None:
    sentence = (
        "Senior engineer Olga Marsh, of the city's works office, spoke at the opening of the"
        " new bridge."
    )
    assert short("And which engineer spoke at the opening?", sentence) == "Olga Marsh"
    assert short("Which engineer spoke at the opening?", sentence) == "Olga Marsh"


# -- the head of "which N" (question.focus_head): the instance of the kind asked -----------


def test_the_head_finds_the_instance_of_the_kind_asked() -> None:
    # The first word ("major", "old", "Danish") was taken for the head: an adjective of
    # the phrase, so the candidates beside it won ("figure", "tired", "state").
    sentence = "The duke was a major figure in the conquest of Valencia and later ruled the city."
    assert short("What major conquest did the duke take part in?", sentence) == "Valencia"
    sentence = "The knights, old and tired, defended the castle of Montreux for a year."
    assert short("Which old castle did the knights defend?", sentence) == "Montreux"
    sentence = "The painting, bought by the Danish state museum Kunsthal Vest in 2001, hangs there."
    assert short("Which Danish museum bought the painting?", sentence) == "Kunsthal Vest"


# -- a name inside a noun phrase, before its person's or group's noun, is not who -----------

KIN = named_kinds("person", "group")


def test_a_name_modifying_a_person_noun_gives_way_to_the_name_of_who() -> None:
    sentence = (
        "The rebels marched on the capital, but they were stopped at the river by the Danish"
        " veteran Ole Holm."
    )
    assert short("Who stopped the rebels?", sentence) == "Ole Holm"  # not "Danish"


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("The bread was tasted by two Swiss teachers, Anna Rey and Luc Favre.", "Swiss"),
        ("She becomes the youngest Town Council member in its history.", "Town Council"),
        ("The Danish veteran Ole Holm stopped them.", "Danish"),
    ],
)
def test_modifies(sentence: str, name: str) -> None:
    assert modifies(span_of(sentence, name), tokenize(sentence), KIN)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("The club named Ivo Kral captain on Monday.", "Ivo Kral"),  # an object, no determiner
        ("The book was written by Ivo's sister Ana Kral.", "Ivo's"),  # a possessor is someone
        ("Lena Park won the race.", "Lena Park"),  # a verb follows, not a noun
        ("The Danish veteran Ole Holm stopped them.", "Ole Holm"),  # a name follows
    ],
)
def test_modifies_must_not_fire(sentence: str, name: str) -> None:
    assert not modifies(span_of(sentence, name), tokenize(sentence), KIN)
    assert short("Who did the club name captain?", "The club named Ivo Kral captain.") == "Ivo Kral"
