"""`cues_in` reads words instead of searching every pattern whole: it must find exactly
what the patterns find, on real sentences and on made-up ones built to catch the edges
(word boundaries, case, digits of other scripts, units written with a hyphen)."""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import cues
from bot.cues import (
    DATE,
    MONEY,
    NAME,
    NUMBER,
    PLACE,
    UNIT,
    cues_in,
    names_a_person,
    quoted,
    states_time,
)
from bot.fact_build import DIGITS, CueBits, CuedPieces, bits, with_sentence_cues
from bot.knowledge import load_folder, split_sentences
from bot.text import pieces as cut
from tests.conftest import KNOWLEDGE, MANY_ARTICLES, SHARED

# The definitions of the two patterns cues.py starts from their first character, for speed.
PLAIN_MONEY = re.compile(
    r"[£$€¥₽]\s?\d|\d\s*(?:million|billion|bn|thousand)?\s*(?:pounds?|dollars?|euros?|roubles?"
    r"|rubles?|tenge|yen|francs?|pence|cents?|hryvnias?|yuan|rupees?)\b",
    re.IGNORECASE,
)
PLAIN_AGE = re.compile(r"(?<=\w)-(?:year|month|week|day)s?-old\b", re.IGNORECASE)
MONEY_AND_AGE_PARTS = ["£", "$", "₽", "5", "٣", " ", "  ", "million", "bn", "Pounds", "yen"]
MONEY_AND_AGE_PARTS += ["cents", "x", "-", "-year-old", "-DAYS-OLD", "-week", "s", "_", "é"]


@given(st.lists(st.sampled_from(MONEY_AND_AGE_PARTS), max_size=12))
def test_the_money_and_age_patterns_are_the_plain_ones(parts: list[str]) -> None:
    text = "".join(parts)
    for fast, plain in ((cues._MONEY_CUE, PLAIN_MONEY), (cues._AGE, PLAIN_AGE)):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert fast.sub(" ", text) == plain.sub(" ", text)


@given(st.text(max_size=30))
def test_the_money_and_age_patterns_in_any_text(text: str) -> None:
    for fast, plain in ((cues._MONEY_CUE, PLAIN_MONEY), (cues._AGE, PLAIN_AGE)):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def by_the_patterns(sentence: str) -> frozenset[str]:
    """The definition: each cue's pattern searched over the whole sentence."""
    patterns = [
        (NUMBER, cues._NUMBER_CUE),
        (MONEY, PLAIN_MONEY),
        (UNIT, cues._UNIT_CUE),
        (PLACE, cues._PLACE_CUE),
    ]
    present = {name for name, pattern in patterns if pattern.search(sentence)}
    if cues._DATE_CUE.search(PLAIN_AGE.sub(" ", sentence)):  # an age's "year" is no date
        present.add(DATE)
    return frozenset(present | ({NAME} if quoted(sentence) else set()))


PIECES = [
    "one",
    "Ones",
    "ONE",
    "twenty",
    "hundreds",
    "half",
    "halfway",
    "percent",
    "%",
    "5%",
    "1840s",
    "1999",
    "2024",
    "20245",
    "21st",
    "3rd",
    "May",
    "maybe",
    "Monday",
    "TODAY",
    "kilowatt-hours",
    "watt",
    "watts hours",
    "kWh",
    "mw",
    "km/h",
    "5km",
    "metres",
    "meter",
    "-year-old",
    "a 7-year-old",
    "six-week-old",
    "-months-old",
    "3-day-old",
    "aged",
    "age",
    "square",
    "cubic",
    "storeys",
    "floors",
    "£5",
    "$ 3",
    "3 million dollars",
    "10 yen",
    "€",
    "pence",
    "٣",
    "١٢ km",
    "K",
    "ſ",
    "ﬁve",
    "in Paris",
    "at the Hague",
    "from London",
    "of",
    "the",
    "“special operation”",
    '"x"',
    "‘quoted words’",
    "é",
    "Σ",
    "_",
    "one_two",
    "2nd-",
    "x1999",
    "1999x",
    ",",
    ".",
    "-",
    " ",
    "\n",
    "\t",
    "no",
    "night",
    "noon",
    "midnight",
    "centuries",
    "decades",
    "years",
    "degrees",
]


@given(
    st.lists(st.sampled_from(PIECES), max_size=12),
    st.lists(st.sampled_from(["", " ", "-", "/", "."]), max_size=12),
)
def test_cues_are_the_patterns_cues(pieces: list[str], glue: list[str]) -> None:
    sentence = "".join(p + (glue[k] if k < len(glue) else " ") for k, p in enumerate(pieces))
    assert cues_in(sentence) == by_the_patterns(sentence), repr(sentence)


@given(st.text(max_size=40))
def test_cues_of_any_text_are_the_patterns_cues(text: str) -> None:
    assert cues_in(text) == by_the_patterns(text)


def test_cues_of_every_sentence_of_the_articles() -> None:
    folders = [KNOWLEDGE, MANY_ARTICLES, SHARED / "eval" / "news" / "articles"]
    sentences = [
        s
        for folder in folders
        for p in load_folder(folder).passages
        for s in split_sentences(p.text)
    ]
    assert len(sentences) > 400
    for sentence in sentences:
        assert cues_in(sentence) == by_the_patterns(sentence), sentence


def test_examples() -> None:
    """Not from any question set: what each cue is, and where it must not fire."""
    assert cues_in("The plant makes 2.4 kilowatt-hours a day.") >= {NUMBER, UNIT}
    assert UNIT not in cues_in("The kilowattage was not reported.")  # a unit word inside a word
    assert DATE in cues_in("It opened on 3rd March.")
    assert DATE not in cues_in("It opened on the third floor.")
    assert NUMBER not in cues_in("Someone left.")  # "one" inside a word is no number
    assert MONEY not in cues_in("It cost many dollars.")  # a sum of money needs a figure
    assert MONEY in cues_in("It cost 40 dollars.")


def test_an_age_is_no_date() -> None:
    """Made-up sentences: the "year" of an age dates nothing; a real date beside it does."""
    assert DATE not in cues_in("A 9-year-old girl found the coin.")
    assert DATE not in cues_in("The six-week-old foal stood up.")
    assert {NUMBER, UNIT} <= cues_in("A 9-year-old girl found the coin.")  # still a measure
    # must still fire: a date beside an age, a year written as a year, "this year"
    assert DATE in cues_in("A 9-year-old girl found the coin on 4 June.")
    assert DATE in cues_in("She was nine years old in 1987.")
    assert DATE in cues_in("The fair returns this year.")


def _glued(pieces: list[str], glue: list[str]) -> str:
    return "".join(p + (glue[k] if k < len(glue) else " ") for k, p in enumerate(pieces))


@given(
    st.lists(
        st.sampled_from(
            [*PIECES, "_", "5_km", "Year_", "—", "’s", "É", "MAY", "9-year-old", "-week-old"]
        ),
        max_size=12,
    ),
    st.lists(st.sampled_from(["", " ", "-", "/", ".", "_", "—", "\u00a0", "'"]), max_size=12),
)
def test_a_build_reads_the_cues_of_each_piece_once_and_finds_the_same(
    pieces: list[str], glue: list[str]
) -> None:
    """The build reads word cues per distinct piece of text (bot.text.pieces) and ORs them:
    the same cues as reading the sentence whole, a word character it cuts at included."""
    sentence = _glued(pieces, glue)
    assert CueBits().of(sentence, cut(sentence)) == bits(cues_in(sentence)), repr(sentence)


@given(st.text(max_size=40))
def test_cue_bits_of_any_text_are_its_cues(text: str) -> None:
    assert CueBits().of(text, cut(text)) == bits(cues_in(text))


def _read_from_pieces(sentence: str) -> int:
    """The cue bits a build reads for a sentence whose pieces are all in its table
    (`IndexingFacts`): its pieces' word cues and digits, then the whole sentence's cues."""
    table = CuedPieces(defaultdict(itertools.count().__next__).__getitem__)
    pieces = cut(sentence)
    if "_" in sentence:  # `pieces` cuts at this word character: IndexingFacts reads it whole
        return CueBits().of(sentence, pieces)
    table.ids(pieces)
    words = functools.reduce(operator.or_, map(table.cued.get, pieces, [0] * len(pieces)), 0)
    return with_sentence_cues(sentence, words & ~DIGITS, bool(words & DIGITS))


@given(
    st.lists(
        st.sampled_from([*PIECES, "—", "’s", "É", "٣", "²", "9-year-old", "5.", "1,000,"]),
        max_size=12,
    ),
    st.lists(st.sampled_from(["", " ", "-", "/", ".", ",", "—", "\u00a0", "'", "%"]), max_size=12),
)
def test_a_sentence_read_from_its_pieces_has_its_cues(pieces: list[str], glue: list[str]) -> None:
    """Read from its pieces' table, a sentence has a figure exactly when it has a digit
    (any script's: "٣"; not a superscript "²"), and the cues of reading it whole."""
    sentence = _glued(pieces, glue)
    assert _read_from_pieces(sentence) == bits(cues_in(sentence)), repr(sentence)


@given(st.text(max_size=40).filter(lambda text: "_" not in text))
def test_any_text_read_from_its_pieces_has_its_cues(text: str) -> None:
    assert _read_from_pieces(text) == bits(cues_in(text))


def test_a_sentence_s_figure_examples() -> None:
    """Made-up: a figure in a piece of its own, inside a word or in another script's digits
    is a number cue; a number word is too, and a sentence of neither has none."""
    for sentence in ("Tugs pulled 3 barges.", "It sank in shipwreck7.", "Berth ٣ was empty."):
        assert _read_from_pieces(sentence) & bits(frozenset({NUMBER})), sentence
    assert _read_from_pieces("Three tugs sailed.") & bits(frozenset({NUMBER}))
    assert not _read_from_pieces("Tugs pulled the barge² home.") & bits(frozenset({NUMBER}))


@given(
    st.lists(
        st.sampled_from([*PIECES, "%", '"', "“", "”", "‘", "’", "Old Mathilde", "-year-old"]),
        max_size=12,
    ),
    st.lists(st.sampled_from(["", " ", "-", "%", '"', "“"]), max_size=12),
)
def test_the_sentence_cues_searched_where_their_character_is_are_the_patterns_cues(
    pieces: list[str], glue: list[str]
) -> None:
    """The unit signs are searched only where a "%" or "-" is, quotes where a quote mark is."""
    sentence = _glued(pieces, glue)
    assert cues_in(sentence) == by_the_patterns(sentence), repr(sentence)


def test_unit_signs_and_quotes_examples() -> None:
    """Made-up sentences, not from any set: each sign fires; without it, nothing."""
    assert UNIT in cues_in("Fares rose by 4% in spring.")
    assert UNIT in cues_in("The 9-YEAR-OLD mare won.")
    assert NAME in cues_in("Locals call the barge “Old Mathilde” now.")
    assert NAME in cues_in('Locals call the barge "Old Mathilde" now.')
    assert NAME in cues_in("Locals call the barge ‘Old Mathilde’ now.")
    # must not fire: no sign, no quote mark
    assert UNIT not in cues_in("Fares rose in spring.")
    assert NAME not in cues_in("Locals call the barge Old Mathilde now.")


@given(st.sampled_from(PIECES) | st.text(alphabet="0123456789stndrhkmgwhoursiléK", max_size=8))
def test_one_search_for_any_word_cue_finds_the_words_with_one(word: str) -> None:
    """A word none of the three word patterns matches whole has no cue: one search says so."""
    each = [p.fullmatch(word) for p in (cues._NUMBER_WORD, cues._DATE_WORD, cues._UNIT_WORD)]
    assert (cues._ANY_WORD.fullmatch(word) is not None) == any(each), repr(word)


def test_word_cues_examples() -> None:
    """Made-up words: each kind has its cue, a word of none has none."""
    assert cues._word_cues("Seventeen") == {NUMBER}
    assert cues._word_cues("1840s") == {DATE}
    assert cues._word_cues("kilowatts") == {UNIT}
    assert cues._word_cues("weeks") == {UNIT}
    assert cues._word_cues("week") == {DATE, UNIT}
    assert cues._word_cues("weekly") == frozenset()  # must not fire: no whole word of one
    assert cues._word_cues("oneness") == frozenset()


def test_a_person_is_a_name_of_two_words_other_than_the_asked_ones() -> None:
    sentence = "The ferry was late, Mira Holt of the Harbour Council said on Monday."
    assert names_a_person(sentence, frozenset())
    assert names_a_person(sentence, frozenset({"ferry"}))
    assert not names_a_person(sentence, frozenset({"mira"}))  # the reader named her
    assert not names_a_person("The Harbour Council met.", frozenset())  # a body, not a person


@pytest.mark.parametrize(
    "text",
    [
        "The ferry left on 4 March.",  # a date
        "The mill opened in 1911.",  # a year
        "The gates shut at 21:45 after the last train.",  # a clock's colon
        "The bakery opens at 7:05 on weekdays.",
        "Doors open at 8 pm sharp.",
        "Doors open at 8pm sharp.",
        "Shifts ran from 6:00am until the whistle.",
        "The vote closed at 9.30pm local time.",  # the dot with pm after it
        "The rehearsal starts at 10 a.m. in the hall.",
        "The rehearsal starts at ten a.m. in the hall.",  # dotted a.m. after a number word
        "The lantern is lit at dusk and put out at midnight.",
        "The choir sings at noon.",
        "The tower bell rang at six o'clock.",
        "The tower bell rang at six o’clock.",  # the curly apostrophe news prints
    ],
)
def test_a_time_is_a_date_or_a_time_of_day(text: str) -> None:
    assert states_time(text), text


@pytest.mark.parametrize(
    "text",
    [
        "The grocer sells 40 kinds of cheese.",  # a figure alone
        "Bus fares rose 9.5 percent.",
        "Bus fares rose 9.50 percent.",  # a dot is a decimal point without am/pm
        "The club kept a 3.40 ratio of members to guests.",
        "A loaf now costs £1.50 at the corner shop.",
        "The pm of the party spoke to reporters.",  # undotted pm needs a figure before it
        "I am sure the PM will speak.",
        "The 12 amendments passed.",  # "am" must end its word
        "The sprinter ran it in 45:30 flat.",  # no hour 45 on a clock
    ],
)
def test_no_time_is_stated(text: str) -> None:
    assert not states_time(text), text
