"""Short answers of "who" and "which N" questions (bot/answering/short*.py): the name a title
stands with, a name that only says where a person belongs, "which N" inside a question, the
doer after a passive's time phrase, a name set off after the noun asked. Each rule on
sentences written for these tests (from no question set), with cases where it must not fire."""

from __future__ import annotations

from bot.answering.question import cues
from bot.answering.short import read
from bot.answering.short_asked import _person_nouns, _which_inside
from bot.answering.short_rules import agent, apposition, modifies, title_of_name
from bot.answering.short_score import instance
from bot.answering.short_tokens import CHUNK, NAMED, Span, tokenize
from bot.text import analyze, term

ROLES = _person_nouns()


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


# -- a group's name before a person's noun says where the person belongs -----------------------


def test_a_group_name_before_a_persons_noun_is_not_who() -> None:
    sentence = (
        "Maria Lopez, 24, won the seat and is now the youngest Town Council member in the region."
    )
    assert modifies(span_of(sentence, "Town Council"), tokenize(sentence), ROLES)
    assert short("Who became the youngest mayor in the region?", sentence) == "Maria Lopez"


def test_a_persons_name_before_a_persons_noun_is_left() -> None:
    sentence = "Tom married Edna Holt's sister Clara in May."
    assert not modifies(span_of(sentence, "Edna Holt's"), tokenize(sentence), ROLES)
    sentence = "The king made Robert Dane archbishop of the city."
    assert not modifies(span_of(sentence, "Robert Dane"), tokenize(sentence), ROLES)


# -- "which N" inside a question ------------------------------------------------------------


def test_which_noun_inside_a_question() -> None:
    assert _which_inside("and which pro-beijing veteran lost there?") == {term("veteran")}
    assert _which_inside("in the survey, which researcher is from the college?") == {
        term("researcher")
    }
    assert _which_inside("which of the club's founders opened the hall?") == {term("founders")}
    assert _which_inside("which is it?") == frozenset()
    assert _which_inside("who won?") == frozenset()


def test_which_noun_inside_a_question_finds_the_name_with_it() -> None:
    sentence = (
        "Senior engineer Olga Marsh, of the city's works office, spoke at the opening of the"
        " new bridge."
    )
    assert short("And which engineer spoke at the opening?", sentence) == "Olga Marsh"
    assert short("Which engineer spoke at the opening?", sentence) == "Olga Marsh"


# -- the doer of a passive after a time or place phrase ----------------------------------------


def test_the_doer_after_a_passives_time_phrase() -> None:
    sentence = (
        "The harbour mural was painted last spring by a local painter, on a wall of the"
        " 'Blue Dock' cafe."
    )
    tokens, asked = tokenize(sentence), frozenset(analyze("Who painted the harbour mural?"))
    assert agent(span_of(sentence, "local painter", CHUNK), tokens, asked)
    assert short("Who painted the harbour mural?", sentence) == "local painter"


def test_by_a_place_or_without_a_passive_is_no_doer() -> None:
    sentence = "The final match was played on Sunday by the lake near Kelby Hall, Rovers winning."
    tokens, asked = tokenize(sentence), frozenset(analyze("Who played the final match?"))
    assert not agent(span_of(sentence, "lake near", CHUNK), tokens, asked)
    assert short("Who played the final match?", sentence) == "Rovers"
    sentence = "Rovers played on Sunday by a visiting team's coach."
    tokens = tokenize(sentence)
    assert not agent(span_of(sentence, "visiting team's coach", CHUNK), tokens, asked)


# -- a name set off after the noun asked ------------------------------------------------------


def test_which_of_the_nouns_owner_finds_the_name_set_off_after_it() -> None:
    sentence = "Co-founder of the club, Sam Reid, opened the new hall on Friday with the Mayor of Kelby."
    assert short("Which of the club's founders opened the new hall?", sentence) == "Sam Reid"


def test_a_name_set_off_after_the_noun_asked_is_one_of_it() -> None:
    sentence = "The founder of the firm, Lena Park, met us."
    tokens = tokenize(sentence)
    focus = {k for k, t in enumerate(tokens) if t.word == "founder"}
    assert instance(span_of(sentence, "Lena Park"), tokens, focus)


def test_a_list_or_a_new_clause_after_the_noun_is_not() -> None:
    sentence = "The mill stands by the river Avon, Kelby and Norton."
    tokens = tokenize(sentence)
    focus = {k for k, t in enumerate(tokens) if t.word == "river"}
    assert not instance(span_of(sentence, "Kelby"), tokens, focus)
    assert short("Which river runs past the mill?", sentence) == "Avon"
    sentence = "In the city, Jones said the band would visit again."
    tokens = tokenize(sentence)
    focus = {k for k, t in enumerate(tokens) if t.word == "city"}
    assert not instance(span_of(sentence, "Jones"), tokens, focus)
