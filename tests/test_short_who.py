"""Short answers of "who" and "which N" questions (bot/answering/short*.py): the name a title
stands with, "which N" inside a question. Each rule on sentences written for these tests
(from no question set), with cases where it must not fire."""

from __future__ import annotations

from bot.answering.answer_types import named_kinds
from bot.answering.question import cues
from bot.answering.short import read
from bot.answering.short_rules import apposition, title_of_name
from bot.answering.short_tokens import CHUNK, NAMED, Span, tokenize
from bot.text import analyze, term

ROLES = named_kinds("person")


def short(question: str, *sentences: str) -> str | None:
    found = read(question, cues(question), sentences, frozenset(analyze(question))).short
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
