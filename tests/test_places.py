"""Named places and the countries they stand in (bot/places.py, bot/data/place_countries.txt
made by docs/place_countries.py from WordNet)."""

from __future__ import annotations

from bot.places import standing_in, within
from bot.text import term


def test_a_seat_stands_in_its_city_and_country_named_by_its_adjective() -> None:
    kremlin = within(term("kremlin"))
    assert {term("moscow"), term("russia"), term("russian")} <= kremlin
    # a name of several words, its terms joined
    assert {term("british"), term("london")} <= within(f"{term('downing')}_{term('street')}")
    assert term("american") in within(f"{term('white')}_{term('house')}")
    assert term("chinese") in within(term("beijing"))
    # a country's union: Brussels is in Belgium, a member of the EU
    assert {term("belgian"), "eu", term("european")} <= within(term("brussels"))


def test_no_country_but_its_own_and_nothing_above_it() -> None:
    kremlin = within(term("kremlin"))
    assert term("british") not in kremlin and term("american") not in kremlin
    # not the continent or hemisphere above every country: "European" is not Russia's
    assert term("european") not in kremlin and term("eurasia") not in kremlin


def test_a_word_that_names_no_place_stands_in_nothing() -> None:
    assert within(term("spokesman")) == frozenset()
    assert within("") == frozenset()


def test_the_table_read_backwards_gives_the_places_standing_in_a_place() -> None:
    assert term("kremlin") in standing_in(term("moscow")).single
    assert (term("downing"), term("street")) in standing_in("uk").several
    assert standing_in(term("spokesman")) == (frozenset(), (), frozenset())
    # every place standing in Moscow has Moscow among the words of what it stands in
    inside = standing_in(term("moscow"))
    assert all(term("moscow") in within(p) for p in inside.single)
    assert all(term("moscow") in within("_".join(p)) for p in inside.several)
